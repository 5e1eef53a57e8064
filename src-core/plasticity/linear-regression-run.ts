/**
 * One linear-regression simulation as a user (or the CLI's `simulate md --task linear-regression`) runs it: draw the
 * data, pick the learning rate by the paper's protocol, train, and score every geometry hypothesis on the weights
 * before and after training.
 *
 * Random streams: data and initial weights for (seed, D) come from createRng(seed, dataStream(D, role)), so a run
 * is reproducible from its configuration alone and the width sweep's task (D, seed) sees exactly the same data.
 */
import { z } from 'zod';
import type { JobContext } from '../jobs/context';
import { createRng } from '../random/rng';
import { scoreAllHypotheses, type HypothesisScore } from './dcdf';
import { initialWeightsSchema, sampleInitialWeights } from './initial-weights';
import { generateLinearRegressionData, meanSquaredError, sampleCount, type LinearRegressionData } from './linear-regression';
import { trainLinearModel } from './linear-training';
import { PAPER_LR_GRID, selectLearningRate } from './lr-selection';
import { lrScheduleSchema } from './mirror-descent';
import { dualCoordinates, makePotential, potentialSpecSchema } from './potentials';

export const linearRegressionRunSchema = z.object({
  dim: z.number().int().min(2).max(50_000),
  /** N = floor(D^a). */
  samplesExponent: z.number().gt(0).lt(1).default(0.5),
  /** c in C_ij = (-1)^|i-j| / (1 + |i-j|^c). */
  correlation: z.number().positive().max(10).default(2),
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
  /** Synapses the negative-entropy hypothesis left out (zeros, sign flips). */
  excluded: number;
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

/** Data and initial weights of one (seed, D, role); the same for every potential (a paired design). */
export function linearRegressionProblem(
  config: { dim: number; samplesExponent: number; correlation: number; seed: number; init: z.input<typeof initialWeightsSchema> },
  role: DataRole,
): { data: LinearRegressionData; w0: Float64Array } {
  const rng = createRng(config.seed, dataStream(config.dim, role));
  const data = generateLinearRegressionData(rng, config.dim, sampleCount(config.dim, config.samplesExponent), config.correlation);
  const w0 = sampleInitialWeights(rng, config.dim, config.init);
  return { data, w0 };
}

export function runLinearRegression(configIn: LinearRegressionRunConfig, ctx?: JobContext): LinearRegressionRunResult {
  const config = linearRegressionRunSchema.parse(configIn);
  const potential = makePotential(config.potential);
  const { data, w0 } = linearRegressionProblem(config, 'train');
  ctx?.report({ fraction: 0.05, metrics: { samples: data.n } });
  const common = { potential, momentum: config.momentum, schedule: config.schedule };

  let lr: number;
  let steps: number;
  let w: Float64Array;
  let lossCurve: Float64Array;
  let lrLosses: LinearRegressionRunResult['lrLosses'] = null;
  if (config.learningRate !== undefined) {
    lr = config.learningRate;
    steps = config.steps;
    const curve = new Float64Array(steps);
    const r = trainLinearModel(data, w0, lr, { ...common, steps, ctx, onStep: (t, l) => (curve[t] = l[0]) });
    if (r.diverged) throw new Error(`training diverged at learning rate ${lr} (loss exceeded 1e12 x its start or became non-finite)`);
    w = r.w;
    lossCurve = curve;
  } else {
    const sel = selectLearningRate(data, w0, { ...common, grid: PAPER_LR_GRID, steps: config.steps }, ctx);
    lr = sel.lr;
    steps = sel.steps;
    w = sel.w;
    lossCurve = sel.lossCurve;
    lrLosses = sel.grid.map((g, k) => ({ lr: g, loss: sel.lossesByLr[k] }));
  }
  const finalLoss = meanSquaredError(data, w);
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
  ctx?.report({ fraction: 1, metrics: { finalLoss } });
  return {
    dim: data.d,
    samples: data.n,
    potential: potential.name,
    lr,
    steps,
    converged: finalLoss < 1e-3,
    finalLoss,
    lossCurve,
    changeMagnitude: Math.sqrt(num) / (den + (den < 1e-10 ? 1e-10 : 0)),
    scores: analysis.scores,
    best: analysis.best,
    excluded: analysis.excluded,
    weightsBefore: w0,
    weightsAfter: w,
    dualBefore,
    dualAfter,
    lrLosses,
  };
}
