/**
 * A two-layer network on a seeded teacher-student task: the desktop-sized stand-in for the paper's deep-network
 * experiments (finetuned ImageNet convnets, an RNN on row-wise MNIST; Pogodin et al. 2024, Sec. 4.2-4.3). A wide
 * network trained from a good start changes little, so after linearisation the same dual-space argument applies
 * and the dCDF test should recover the geometry from the first layer's weights.
 *
 *   teacher:  y = a^T tanh(A x / sqrt(D)),      A ~ N(0, 1), a ~ N(0, 1 / K) (K teacher units)
 *   student:  f(x) = v^T tanh(W x),             W (H x D) and v (H) both trained by mirror descent
 *   inputs x ~ N(0, I_D), N samples, MSE loss mean_n (f(x_n) - y_n)^2, full batch.
 */
import { z } from 'zod';
import type { JobContext } from '../runtime/context';
import { matmul, transpose } from '../linalg/dense';
import { createRng } from '../random/rng';
import { normalArray } from '../random/samplers';
import { scoreAllHypotheses, type HypothesisScore } from './dcdf';
import { initialWeightsSchema, sampleInitialWeights } from './initial-weights';
import { logSpaced } from './lr-selection';
import { MirrorDescent, lrScheduleSchema, scheduledLearningRate } from './mirror-descent';
import { dualCoordinates, makePotential, potentialSpecSchema, type Potential } from './potentials';

export const twoLayerSchema = z.object({
  inputDim: z.number().int().min(1).max(2000).default(100),
  hidden: z.number().int().min(1).max(2000).default(64),
  teacherHidden: z.number().int().min(1).max(200).default(4),
  samples: z.number().int().min(2).max(10_000).default(40),
  potential: potentialSpecSchema,
  /** Fixed learning rate; when absent the lowest final loss over `lrGrid` rates in [1e-4, 1] wins, on a held-out
   *  problem (another teacher and inputs of the same kind, another start), as the authors select rates. */
  learningRate: z.number().positive().finite().optional(),
  lrGrid: z.number().int().min(2).max(32).default(9),
  steps: z.number().int().min(1).max(20_000).default(300),
  momentum: z.number().min(0).lt(1).default(0.9),
  schedule: lrScheduleSchema.default('cosine'),
  seed: z.number().int().min(0).default(1),
  /** First-layer init; default N(0, 1/D). The readout starts N(0, 1/H). */
  init: initialWeightsSchema.default({ kind: 'normal', mean: 0 }),
});
export type TwoLayerConfig = z.input<typeof twoLayerSchema>;

export interface TwoLayerProblem {
  d: number;
  h: number;
  n: number;
  /** N x D inputs and N targets. */
  x: Float64Array;
  y: Float64Array;
}

/** Random streams of a run: its problem and start, and the held-out problem and start of the rate selection. */
const STREAM = { problem: 1, init: 2, heldOutProblem: 3, heldOutInit: 4 } as const;

/** Inputs and teacher targets; a pure function of (seed, stream, sizes). */
export function teacherStudentProblem(seed: number, d: number, teacherHidden: number, n: number, h: number, stream: number = STREAM.problem): TwoLayerProblem {
  const rng = createRng(seed, stream);
  const a = normalArray(rng, teacherHidden * d);
  const out = normalArray(rng, teacherHidden, 0, 1 / Math.sqrt(teacherHidden));
  const x = normalArray(rng, n * d);
  const y = new Float64Array(n);
  const s = 1 / Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let k = 0; k < teacherHidden; k++) {
      let pre = 0;
      for (let j = 0; j < d; j++) pre += a[k * d + j] * x[i * d + j];
      acc += out[k] * Math.tanh(s * pre);
    }
    y[i] = acc;
  }
  return { d, h, n, x, y };
}

/**
 * MSE loss of the student and its gradients (dW: H x D, dv: H), by backpropagation:
 * r = f(x) - y, dL/dv = (2/N) tanh(XW^T)^T r, dL/dW = (2/N) [(r v^T) * (1 - tanh^2)]^T X.
 */
export function twoLayerLossAndGradient(p: TwoLayerProblem, w: Float64Array, v: Float64Array, dW?: Float64Array, dv?: Float64Array): number {
  const { d, h, n, x, y } = p;
  const act = matmul(x, transpose(w, h, d), n, d, h); // N x H pre-activations, then tanh in place
  for (let i = 0; i < act.length; i++) act[i] = Math.tanh(act[i]);
  const r = new Float64Array(n);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let f = 0;
    for (let k = 0; k < h; k++) f += act[i * h + k] * v[k];
    r[i] = f - y[i];
    loss += r[i] * r[i];
  }
  if (dW && dv) {
    dv.fill(0);
    const g = new Float64Array(n * h); // dL/d(pre-activation)
    for (let i = 0; i < n; i++) {
      const ri = (2 * r[i]) / n;
      for (let k = 0; k < h; k++) {
        const t = act[i * h + k];
        dv[k] += t * ri;
        g[i * h + k] = ri * v[k] * (1 - t * t);
      }
    }
    dW.set(matmul(transpose(g, n, h), x, h, n, d));
  }
  return loss / n;
}

interface TrainedTwoLayer {
  w: Float64Array;
  v: Float64Array;
  finalLoss: number;
  lossCurve: Float64Array;
  diverged: boolean;
}

function trainTwoLayer(p: TwoLayerProblem, w0: Float64Array, v0: Float64Array, pot: Potential, lr: number, cfg: { steps: number; momentum: number; schedule: 'cosine' | 'constant' }, ctx?: JobContext): TrainedTwoLayer {
  const w = w0.slice();
  const v = v0.slice();
  // Mirror descent on both layers, each with its own momentum buffer (torch: one state per parameter tensor).
  const optW = new MirrorDescent(pot, w, { momentum: cfg.momentum });
  const optV = new MirrorDescent(pot, v, { momentum: cfg.momentum });
  const dW = new Float64Array(w.length);
  const dv = new Float64Array(v.length);
  const lossCurve = new Float64Array(cfg.steps);
  const initial = twoLayerLossAndGradient(p, w, v);
  for (let t = 0; t < cfg.steps; t++) {
    const loss = twoLayerLossAndGradient(p, w, v, dW, dv);
    lossCurve[t] = loss;
    if (!(loss <= 1e12 * Math.max(initial, 1))) return { w, v, finalLoss: Infinity, lossCurve, diverged: true };
    if (t % 20 === 0) ctx?.checkCancelled();
    const rate = scheduledLearningRate(lr, t, cfg.steps, cfg.schedule);
    optW.step(dW, rate);
    optV.step(dv, rate);
  }
  const finalLoss = twoLayerLossAndGradient(p, w, v);
  const diverged = !(finalLoss <= 1e12 * Math.max(initial, 1));
  return { w, v, finalLoss: diverged ? Infinity : finalLoss, lossCurve, diverged };
}

export interface TwoLayerResult {
  potential: string;
  lr: number;
  finalLoss: number;
  initialLoss: number;
  lossCurve: Float64Array;
  /** Scores on the first layer's H x D weights (the many-synapse layer). */
  scores: HypothesisScore[];
  best: string;
  /** How the rate was chosen: 'held-out' (lowest final loss on a held-out problem, then this run trained at it) or
   *  'fixed'. Results stored before the held-out selection lack it (they selected on their own problem). */
  lrSelection?: 'held-out' | 'fixed';
  /** The first-layer synapses left out of negative entropy (exact zeros) and those that changed sign (impossible under it). */
  excluded: number;
  signFlips: number;
  /** First-layer weights (H x D row-major) and their dual coordinates under the training potential. */
  firstLayer: { before: Float64Array; after: Float64Array; dualBefore: Float64Array; dualAfter: Float64Array; rows: number; cols: number };
  readout: { before: Float64Array; after: Float64Array };
  /** Final loss per tried rate on the held-out problem (null = diverged); null with a fixed rate. */
  lrLosses: { lr: number; loss: number | null }[] | null;
}

export function runTwoLayer(configIn: TwoLayerConfig, ctx?: JobContext): TwoLayerResult {
  const c = twoLayerSchema.parse(configIn);
  const pot = makePotential(c.potential);
  const start = (stream: number) => {
    const rng = createRng(c.seed, stream);
    const w = sampleInitialWeights(rng, c.hidden * c.inputDim, c.init.kind === 'normal' && c.init.sd === undefined ? { kind: 'normal', mean: c.init.mean, sd: 1 / Math.sqrt(c.inputDim) } : c.init);
    return { w, v: normalArray(rng, c.hidden, 0, 1 / Math.sqrt(c.hidden)) };
  };
  const p = teacherStudentProblem(c.seed, c.inputDim, c.teacherHidden, c.samples, c.hidden);
  const { w: w0, v: v0 } = start(STREAM.init);
  const train = { steps: c.steps, momentum: c.momentum, schedule: c.schedule };
  let lr: number;
  let lrLosses: TwoLayerResult['lrLosses'] = null;
  if (c.learningRate !== undefined) {
    lr = c.learningRate;
  } else {
    // The authors' selection: every rate from a fresh start on held-out data, the lowest final loss wins.
    const heldOut = teacherStudentProblem(c.seed, c.inputDim, c.teacherHidden, c.samples, c.hidden, STREAM.heldOutProblem);
    const s0 = start(STREAM.heldOutInit);
    const grid = logSpaced(1e-4, 1, c.lrGrid);
    const runs = grid.map((g, k) => {
      const r = trainTwoLayer(heldOut, s0.w, s0.v, pot, g, train, ctx);
      ctx?.report({ fraction: (0.9 * (k + 1)) / grid.length, metrics: { lr: g, loss: r.finalLoss } });
      return r;
    });
    let best = -1;
    runs.forEach((r, k) => {
      if (!r.diverged && (best < 0 || r.finalLoss < runs[best].finalLoss)) best = k;
    });
    if (best < 0) throw new Error(`two-layer training diverged at all ${grid.length} learning rates`);
    lr = grid[best];
    lrLosses = grid.map((g, k) => ({ lr: g, loss: runs[k].diverged ? null : runs[k].finalLoss }));
  }
  const run = trainTwoLayer(p, w0, v0, pot, lr, train, ctx);
  if (run.diverged) throw new Error(`two-layer training diverged at learning rate ${lr}${lrLosses ? ', selected on held-out data; give a smaller fixed rate' : ''}`);
  ctx?.report({ fraction: 1 });
  const analysis = scoreAllHypotheses(w0, run.w);
  return {
    potential: pot.name,
    lr,
    finalLoss: run.finalLoss,
    initialLoss: twoLayerLossAndGradient(p, w0, v0),
    lossCurve: run.lossCurve,
    scores: analysis.scores,
    best: analysis.best,
    excluded: analysis.excluded,
    signFlips: analysis.signFlips,
    firstLayer: { before: w0, after: run.w, dualBefore: dualCoordinates(pot, w0), dualAfter: dualCoordinates(pot, run.w), rows: c.hidden, cols: c.inputDim },
    readout: { before: v0, after: run.v },
    lrSelection: c.learningRate !== undefined ? 'fixed' : 'held-out',
    lrLosses,
  };
}
