/**
 * One linear-regression simulation as a user (or the CLI's `simulate md --task linear-regression`) runs it: pick the
 * learning rate the authors' way (run_seeds in linear_regression.py: the 16-rate protocol on held-out data, every
 * rate trained from a fresh start), train the run's own data from its own start at that rate, and score every
 * geometry hypothesis on the weights before and after. A fixed learning rate skips the selection (labelled so).
 *
 * Random streams: data for (seed, D) come from createRng(seed, dataStream(D, role)) and the initial weights from a
 * stream of their own, so a run is reproducible from its configuration alone, the width sweep's task (D, seed) sees
 * exactly the same data, and a run can be split over workers by learning rate (plan / shard / finish).
 */
import { z } from 'zod';
import type { JobContext } from '../runtime/context';
import { createRng } from '../random/rng';
import { scoreAllHypotheses, type HypothesisScore } from './dcdf';
import { initialWeightsSchema, sampleInitialWeights } from './initial-weights';
import { generateLinearRegressionData, sampleCount, type LinearRegressionData } from './linear-regression';
import {
  PAPER_LR_GRID,
  mergeLrSelectionShards,
  planLrSelectionShards,
  runLrSelectionShard,
  type LrSelectionOptions,
  type LrSelectionShard,
} from './lr-selection';
import { trainLinearModels, type TrainOptions } from './linear-training';
import { phaseContext } from './progress';
import { lrScheduleSchema } from './mirror-descent';
import { dualCoordinates, makePotential, potentialSpecSchema } from './potentials';

export const linearRegressionRunSchema = z.object({
  dim: z.number().int().min(2).max(50_000),
  /** N = floor(D^a). */
  samplesExponent: z.number().gt(0).lt(1).default(0.5),
  /** c in C_ij = (-1)^|i-j| / (1 + (|i-j| / s)^c). */
  correlation: z.number().positive().max(10).default(2),
  /** s in the same: the lag over which inputs stay correlated (the code's corr_scale; 1 in the paper's figures). */
  correlationScale: z.number().positive().max(10_000).default(1),
  potential: potentialSpecSchema,
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  /** Fixed learning rate; when absent the paper's 16-rate selection runs on held-out data of the same kind. */
  learningRate: z.number().positive().finite().optional(),
  steps: z.number().int().min(1).max(100_000).default(100),
  momentum: z.number().min(0).lt(1).default(0.9),
  schedule: lrScheduleSchema.default('cosine'),
  init: initialWeightsSchema.default({ kind: 'normal', mean: 0 }),
});
export type LinearRegressionRunConfig = z.input<typeof linearRegressionRunSchema>;

export interface LinearRegressionRunResult {
  dim: number;
  samples: number;
  potential: string;
  lr: number;
  steps: number;
  /** How the rate was chosen: 'held-out' (the paper's selection on held-out data and start, then this run trained
   *  at it) or 'fixed' (given by the user). Results stored before the selection moved to held-out data lack it:
   *  they picked the rate on the run's own data. */
  lrSelection?: 'held-out' | 'fixed';
  /** The selection's lowest final loss on the held-out data (null with a fixed rate). */
  selectionLoss?: number | null;
  /** False if this run's loss did not fall below 1e-3 (the paper's criterion). */
  converged: boolean;
  finalLoss: number;
  /** Loss before each step. */
  lossCurve: Float64Array;
  /** ||grad_phi(w_after) - grad_phi(w_before)|| / ||grad_phi(w_before)|| under the true potential. */
  changeMagnitude: number;
  scores: HypothesisScore[];
  best: string;
  /** Synapses the negative-entropy hypothesis left out (exact zeros). */
  excluded: number;
  /** Weights that changed sign: impossible under negative entropy (they count against it in its score). */
  signFlips: number;
  weightsBefore: Float64Array;
  weightsAfter: Float64Array;
  /** Dual coordinates under the true potential. */
  dualBefore: Float64Array;
  dualAfter: Float64Array;
  /** Final loss per rate of the selection grid on the held-out data (null = diverged), when the rate was selected. */
  lrLosses: { lr: number; loss: number | null }[] | null;
}

/** The run itself (its own data and start) trained at one rate. */
export interface TrainedRun {
  w: Float64Array;
  lossCurve: Float64Array;
  finalLoss: number;
  diverged: boolean;
}

/**
 * A shard: the selection rounds of its rates on the held-out data and, for every round, the run trained at that
 * round's best rate of the shard (null where every rate of the shard diverged). The merge's chosen rate is always
 * some shard's best of the stopping round, so the merge finds the run there and stays cheap. With a fixed rate the
 * one "round" trains the run itself.
 */
export interface LinearRegressionShard extends LrSelectionShard {
  runs: (TrainedRun | null)[];
}

export type DataRole = 'train' | 'selection';

/** The stream of the data of (D, role) under a seed. */
export function dataStream(dim: number, role: DataRole): number {
  return dim * 4 + (role === 'train' ? 0 : 1);
}

/** The initial weights have a stream of their own, so a merge can rebuild them without redrawing X. */
function initStream(dim: number, role: DataRole): number {
  return dim * 4 + (role === 'train' ? 2 : 3);
}

type ProblemConfig = { dim: number; samplesExponent: number; correlation: number; correlationScale?: number; seed: number; init: z.input<typeof initialWeightsSchema> };

export function initialWeightsFor(config: ProblemConfig, role: DataRole): Float64Array {
  return sampleInitialWeights(createRng(config.seed, initStream(config.dim, role)), config.dim, config.init);
}

/** Data and initial weights of one (seed, D, role); the same for every potential (a paired design). */
export function linearRegressionProblem(config: ProblemConfig, role: DataRole): { data: LinearRegressionData; w0: Float64Array } {
  const rng = createRng(config.seed, dataStream(config.dim, role));
  const data = generateLinearRegressionData(rng, config.dim, sampleCount(config.dim, config.samplesExponent), config.correlation, config.correlationScale ?? 1);
  return { data, w0: initialWeightsFor(config, role) };
}

/** The rates a run tries: the paper's grid, or just the fixed rate (then without extension rounds). */
function selectionOptions(config: z.output<typeof linearRegressionRunSchema>): LrSelectionOptions {
  const common = { potential: makePotential(config.potential), momentum: config.momentum, schedule: config.schedule, steps: config.steps };
  return config.learningRate !== undefined ? { ...common, grid: [config.learningRate], maxExtensions: 0 } : { ...common, grid: PAPER_LR_GRID };
}

/** Shards of one run: groups of grid rates (one group for a fixed rate). Each shard regenerates the same data. */
export function planLinearRegressionShards(configIn: LinearRegressionRunConfig, shards: number): number[][] {
  const config = linearRegressionRunSchema.parse(configIn);
  return planLrSelectionShards((selectionOptions(config).grid as readonly number[]).length, shards);
}

export function runLinearRegressionShard(configIn: LinearRegressionRunConfig, indices: number[], ctx?: JobContext): LinearRegressionShard {
  const config = linearRegressionRunSchema.parse(configIn);
  const opts = { ...selectionOptions(config), liveCurves: true };
  const own = linearRegressionProblem(config, 'train');
  if (config.learningRate !== undefined) {
    const sel = runLrSelectionShard(own.data, own.w0, opts, indices, ctx);
    return { ...sel, runs: sel.rounds.map((r) => (r.best < 0 ? null : { w: r.w as Float64Array, lossCurve: r.lossCurve as Float64Array, finalLoss: r.losses[r.best] as number, diverged: false })) };
  }
  const heldOut = linearRegressionProblem(config, 'selection');
  const sel = runLrSelectionShard(heldOut.data, heldOut.w0, opts, indices, phaseContext(ctx, 0, 0.85));
  const grid = opts.grid as readonly number[];
  const runs = sel.rounds.map((r, k) => {
    if (r.best < 0) return null;
    ctx?.checkCancelled();
    const run = trainRun(own.data, own.w0, grid[indices[r.best]], { potential: opts.potential, steps: r.steps, momentum: opts.momentum, schedule: opts.schedule });
    ctx?.report({ fraction: 0.85 + (0.15 * (k + 1)) / sel.rounds.length });
    return run;
  });
  return { ...sel, runs };
}

function trainRun(data: LinearRegressionData, w0: Float64Array, lr: number, opts: TrainOptions): TrainedRun {
  const lossCurve = new Float64Array(opts.steps);
  const r = trainLinearModels(data, w0, [lr], { ...opts, onStep: (t, l) => (lossCurve[t] = l[0]) });
  return { w: r.w, lossCurve, finalLoss: r.finalLoss[0], diverged: r.diverged[0] };
}

/** Cheap merge (no data regenerated): picks the rate, takes the run trained at it, scores every hypothesis on (w_init, w_final). */
export function finishLinearRegression(configIn: LinearRegressionRunConfig, shards: LinearRegressionShard[]): LinearRegressionRunResult {
  const config = linearRegressionRunSchema.parse(configIn);
  const opts = selectionOptions(config);
  const potential = opts.potential;
  const fixed = config.learningRate !== undefined;
  let sel;
  try {
    sel = mergeLrSelectionShards(shards, opts);
  } catch (e) {
    if (fixed) throw new Error(`training diverged at learning rate ${config.learningRate} (loss exceeded 1e12 x its start or became non-finite)`);
    throw e;
  }
  const run = shards[sel.source.shard].runs[sel.source.round];
  if (!run || run.diverged) {
    throw new Error(`training diverged at learning rate ${sel.lr}, selected on held-out data (loss exceeded 1e12 x its start or became non-finite); give a smaller fixed learning rate`);
  }
  const w0 = initialWeightsFor(config, 'train');
  const w = run.w;
  const analysis = scoreAllHypotheses(w0, w);
  const dualBefore = dualCoordinates(potential, w0);
  const dualAfter = dualCoordinates(potential, w);
  let num = 0;
  let den = 0;
  for (let i = 0; i < w.length; i++) {
    num += (dualAfter[i] - dualBefore[i]) ** 2;
    den += dualBefore[i] ** 2;
  }
  den = Math.sqrt(den);
  return {
    dim: config.dim,
    samples: sampleCount(config.dim, config.samplesExponent),
    potential: potential.name,
    lr: sel.lr,
    steps: sel.steps,
    lrSelection: fixed ? 'fixed' : 'held-out',
    selectionLoss: fixed ? null : sel.loss,
    converged: run.finalLoss < 1e-3,
    finalLoss: run.finalLoss,
    lossCurve: run.lossCurve,
    changeMagnitude: Math.sqrt(num) / (den + (den < 1e-10 ? 1e-10 : 0)),
    scores: analysis.scores,
    best: analysis.best,
    excluded: analysis.excluded,
    signFlips: analysis.signFlips,
    weightsBefore: w0,
    weightsAfter: w,
    dualBefore,
    dualAfter,
    lrLosses: fixed ? null : sel.grid.map((g, k) => ({ lr: g, loss: sel.lossesByLr[k] })),
  };
}

/** One run in this thread: the whole grid as one shard, then the merge. */
export function runLinearRegression(configIn: LinearRegressionRunConfig, ctx?: JobContext): LinearRegressionRunResult {
  const indices = planLinearRegressionShards(configIn, 1)[0];
  const result = finishLinearRegression(configIn, [runLinearRegressionShard(configIn, indices, ctx)]);
  ctx?.report({ fraction: 1, metrics: { finalLoss: result.finalLoss } });
  return result;
}
