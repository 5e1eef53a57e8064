/**
 * One linear-regression simulation as a user (or the CLI's `simulate md --task linear-regression`) runs it: draw the
 * data, pick the learning rate by the paper's protocol, train, and score every geometry hypothesis on the weights
 * before and after training.
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
  /** Fixed learning rate; when absent the paper's 16-rate selection runs on this run's own data. */
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
  /** False if the loss never fell below 1e-3 (the paper's criterion), even after the extensions. */
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
  /** Final loss per rate of the selection grid (null = diverged), when the rate was selected. */
  lrLosses: { lr: number; loss: number | null }[] | null;
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

export function runLinearRegressionShard(configIn: LinearRegressionRunConfig, indices: number[], ctx?: JobContext): LrSelectionShard {
  const config = linearRegressionRunSchema.parse(configIn);
  const { data, w0 } = linearRegressionProblem(config, 'train');
  return runLrSelectionShard(data, w0, { ...selectionOptions(config), liveCurves: true }, indices, ctx);
}

/** Cheap merge (no data regenerated): picks the rate, then scores every hypothesis on (w_init, w_final). */
export function finishLinearRegression(configIn: LinearRegressionRunConfig, shards: LrSelectionShard[]): LinearRegressionRunResult {
  const config = linearRegressionRunSchema.parse(configIn);
  const opts = selectionOptions(config);
  const potential = opts.potential;
  let sel;
  try {
    sel = mergeLrSelectionShards(shards, opts);
  } catch (e) {
    if (config.learningRate !== undefined) throw new Error(`training diverged at learning rate ${config.learningRate} (loss exceeded 1e12 x its start or became non-finite)`);
    throw e;
  }
  const w0 = initialWeightsFor(config, 'train');
  const w = sel.w;
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
    converged: sel.loss < 1e-3,
    finalLoss: sel.loss,
    lossCurve: sel.lossCurve,
    changeMagnitude: Math.sqrt(num) / (den + (den < 1e-10 ? 1e-10 : 0)),
    scores: analysis.scores,
    best: analysis.best,
    excluded: analysis.excluded,
    signFlips: analysis.signFlips,
    weightsBefore: w0,
    weightsAfter: w,
    dualBefore,
    dualAfter,
    lrLosses: config.learningRate !== undefined ? null : sel.grid.map((g, k) => ({ lr: g, loss: sel.lossesByLr[k] })),
  };
}

/** One run in this thread: the whole grid as one shard, then the merge. */
export function runLinearRegression(configIn: LinearRegressionRunConfig, ctx?: JobContext): LinearRegressionRunResult {
  const indices = planLinearRegressionShards(configIn, 1)[0];
  const result = finishLinearRegression(configIn, [runLinearRegressionShard(configIn, indices, ctx)]);
  ctx?.report({ fraction: 1, metrics: { finalLoss: result.finalLoss } });
  return result;
}
