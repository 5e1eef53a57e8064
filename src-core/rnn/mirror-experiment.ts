/**
 * The paper's RNN experiment as the authors ran it (finetuning_rnn.py, finetuning_processing_rnn.py of
 * github.com/romanpogodin/synaptic-weight-distr), at desktop size: a tanh RNN reads images row by row and names the
 * digit at the last step; it is pre-trained on fresh images, then fine-tuned on a fixed set of K images to
 * interpolation, both by mirror descent under one potential (momentum 0.9 on the raw gradient); the geometry test
 * reads the potential off the recurrent weights W from the start of fine-tuning to its end. Fine-tuning a
 * pre-trained network keeps the change small (the paper's regime), which training from a random start does not.
 *
 * Learning rate: one rate for both phases, picked from a grid by the lowest final fine-tuning loss, every rate from
 * its own fresh start (the authors pick each phase's rate from logspace(-5, -1, 5) by the lowest final loss on the
 * data that phase trains on; fine-tuning's on the fine-tuning set itself, as here). Or a fixed rate.
 *
 * Shards: one per rate (pre-training and fine-tuning at that rate), merged by the lowest loss; the result equals the
 * in-thread run bit for bit. Randomness: the model and the pre-training images from `seed` (trainRnn's streams), the
 * fine-tuning set from `seed` as its data seed; so a configuration alone reproduces the numbers.
 */
import type { JobContext } from '../runtime/context';
import { makePotential } from '../plasticity/potentials';
import { phaseContext } from '../plasticity/progress';
import { rnnTrainConfigSchema, type RnnTrainConfig } from './schema';
import { rnnGeometrySchema, type RnnGeometryConfig } from './mirror-experiment-schema';
import { trainRnn, type RnnTrainResult } from './train';

export { rnnGeometrySchema, type RnnGeometryConfig } from './mirror-experiment-schema';

/** One rate: both phases trained at it (the fine-tuning run carries the geometry; null if a phase diverged). */
export interface RnnGeometryPart {
  lr: number;
  pretrain: { finalLoss: number | null; finalAccuracy: number | null; diverged: boolean } | null;
  run: RnnTrainResult | null;
}

export interface RnnGeometryResult {
  potential: string;
  lr: number;
  lrSelection: 'grid' | 'fixed';
  /** Every rate tried: its pre-training accuracy, fine-tuning loss and accuracy, and what the geometry test found. */
  rates: { lr: number; pretrainAccuracy: number | null; finalLoss: number | null; finalAccuracy: number | null; best: string | null; changeMagnitude: number | null }[];
  pretrain: RnnGeometryPart['pretrain'];
  /** The fine-tuning run at the chosen rate, with `geometry` (the test on W) and the loss curve. */
  run: RnnTrainResult;
}

/** The two training configurations of one rate. */
export function phaseConfigs(configIn: RnnGeometryConfig, lr: number): { pretrain: RnnTrainConfig | null; finetune: RnnTrainConfig } {
  const c = rnnGeometrySchema.parse(configIn);
  const task = { kind: 'row-images' as const, size: c.imageSize, classes: c.classes };
  const common = {
    model: { n: c.n, alpha: c.alpha, gain: c.gain, form: 'voltage' as const },
    rule: c.rule,
    optimiser: { kind: 'sgd' as const, learningRate: lr, momentum: c.momentum, potential: c.potential },
    seed: c.seed,
    // lambda_max is not what this experiment is about: the shortest measurement the run accepts.
    lyapunov: { k: 1, steps: 1, warmup: 0, inputStd: 0, drivenInputStd: 0.5, every: 0 },
  };
  const k = c.trainingSet ?? c.n;
  return {
    pretrain: c.pretrainIterations > 0
      ? rnnTrainConfigSchema.parse({ ...common, task: { ...task, trainingSet: 0 }, iterations: c.pretrainIterations, batchSize: c.pretrainBatch, returnParams: true })
      : null,
    finetune: rnnTrainConfigSchema.parse({ ...common, task: { ...task, trainingSet: k, dataSeed: c.seed }, iterations: c.iterations, batchSize: Math.min(k, 4096), evalBatchSize: k }),
  };
}

export function planRnnGeometry(configIn: RnnGeometryConfig): number[] {
  const c = rnnGeometrySchema.parse(configIn);
  return c.learningRate !== undefined ? [c.learningRate] : [...c.learningRates];
}

export function runRnnGeometryRate(configIn: RnnGeometryConfig, lr: number, ctx: JobContext): RnnGeometryPart {
  const { pretrain, finetune } = phaseConfigs(configIn, lr);
  let start;
  let summary: RnnGeometryPart['pretrain'] = null;
  if (pretrain) {
    const p = trainRnn(pretrain, phaseContext(ctx, 0, 0.6) as JobContext);
    summary = { finalLoss: p.finalLoss, finalAccuracy: p.finalAccuracy, diverged: p.diverged };
    if (p.diverged || !p.params) return { lr, pretrain: summary, run: null };
    start = p.params;
  }
  const run = trainRnn(finetune, phaseContext(ctx, pretrain ? 0.6 : 0, 1) as JobContext, start);
  return { lr, pretrain: summary, run: run.diverged ? null : run };
}

/** The rate with the lowest final fine-tuning loss (ties: the smaller rate); any order of parts. */
export function mergeRnnGeometry(configIn: RnnGeometryConfig, parts: RnnGeometryPart[]): RnnGeometryResult {
  const c = rnnGeometrySchema.parse(configIn);
  const sorted = [...parts].sort((a, b) => a.lr - b.lr);
  let best: RnnGeometryPart | null = null;
  for (const p of sorted) {
    const loss = p.run?.finalLoss;
    if (loss === null || loss === undefined) continue;
    if (!best || loss < (best.run!.finalLoss as number)) best = p;
  }
  if (!best?.run) throw new Error(`the RNN diverged at every learning rate tried (${sorted.map((p) => p.lr).join(', ')}): try smaller rates`);
  return {
    potential: makePotential(c.potential).name,
    lr: best.lr,
    lrSelection: c.learningRate !== undefined ? 'fixed' : 'grid',
    rates: sorted.map((p) => ({
      lr: p.lr,
      pretrainAccuracy: p.pretrain?.finalAccuracy ?? null,
      finalLoss: p.run?.finalLoss ?? null,
      finalAccuracy: p.run?.finalAccuracy ?? null,
      best: p.run?.geometry?.best ?? null,
      changeMagnitude: p.run?.geometry?.changeMagnitude ?? null,
    })),
    pretrain: best.pretrain,
    run: best.run,
  };
}

/** The whole experiment in this thread (tests, scripts). */
export function runRnnGeometry(config: RnnGeometryConfig, ctx: JobContext): RnnGeometryResult {
  const rates = planRnnGeometry(config);
  return mergeRnnGeometry(config, rates.map((lr, i) => runRnnGeometryRate(config, lr, phaseContext(ctx, i / rates.length, (i + 1) / rates.length) as JobContext)));
}
