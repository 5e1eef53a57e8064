/**
 * Full-batch mirror-descent training of the bias-free linear model, for K learning rates at once.
 *
 * The K models share the design matrix, so they are trained side by side: weights are a D x K block and each step
 * is two thin-block products (X W and X^T R) that read X once for all K models. This is what makes the paper's
 * 16-rate selection affordable at D = 20000 (2 N D K multiply-adds per step). Models are independent: column k is
 * bit-identical to training model k alone.
 *
 * MSE = mean_n (x_n . w - y_n)^2, gradient 2 X^T (X w - y) / N (torch's nn.MSELoss in the authors' code).
 * Momentum as torch.optim.SGD (buf = g, then mu buf + g), cosine-annealed learning rate, no weight decay.
 */
import { timesThinBlockFast } from '../linalg/block-kernels';
import { transpose } from '../linalg/dense';
import type { JobContext } from '../runtime/context';
import type { LinearRegressionData } from './linear-regression';
import { applyMirrorStepBlock, scheduledLearningRate, type LrSchedule } from './mirror-descent';
import type { Potential } from './potentials';

export interface TrainOptions {
  potential: Potential;
  steps: number;
  momentum?: number;
  schedule?: LrSchedule;
  /** Receives (step, losses of the K models before that step). */
  onStep?: (step: number, losses: Float64Array) => void;
  ctx?: JobContext;
}

export interface TrainResult {
  /** Final weights of model k in column k (D x K row-major). */
  w: Float64Array;
  k: number;
  /** MSE of each model's final weights; Infinity where training diverged. */
  finalLoss: Float64Array;
  diverged: boolean[];
}

/** A loss above this multiple of the starting loss (or non-finite) marks a run as diverged. */
const DIVERGENCE_FACTOR = 1e12;

/** X^T, cached on the data object (it is reused by every training run on the same data). */
const transposed = new WeakMap<LinearRegressionData, Float64Array>();
function xTransposed(data: LinearRegressionData): Float64Array {
  let t = transposed.get(data);
  if (!t) {
    t = transpose(data.x, data.n, data.d);
    transposed.set(data, t);
  }
  return t;
}

/** Keeps the listed columns of a D x K block (in order): the compaction when models drop out. */
function keepColumns(block: Float64Array, k: number, keep: number[]): Float64Array {
  const d = block.length / k;
  const ka = keep.length;
  const out = new Float64Array(d * ka);
  for (let j = 0; j < d; j++) for (let c = 0; c < ka; c++) out[j * ka + c] = block[j * k + keep[c]];
  return out;
}

/**
 * Trains one model per learning rate in `lrs`, all from `w0` (copied). A model whose loss explodes is dropped from
 * the block at once (the remaining ones are not slowed down by it); its weights at that moment are returned, flagged.
 */
export function trainLinearModels(data: LinearRegressionData, w0: Float64Array, lrs: readonly number[], opts: TrainOptions): TrainResult {
  const { n, d, x, y } = data;
  const k = lrs.length;
  if (w0.length !== d) throw new Error(`initial weights have ${w0.length} entries, the model ${d}`);
  if (k < 1) throw new Error('trainLinearModels: no learning rates given');
  for (let i = 0; i < d; i++) if (!Number.isFinite(w0[i])) throw new Error(`initial weights contain a non-finite value at index ${i}`);
  const xt = xTransposed(data);
  const pot = opts.potential;
  const mu = opts.momentum ?? 0.9;
  const schedule = opts.schedule ?? 'cosine';
  const needsDual = pot.kind === 'p-norm' || pot.kind === 'hyperbolic-entropy';

  // The block holds the active models only: `active[c]` is the original index of block column c.
  let active = Array.from({ length: k }, (_, c) => c);
  let ka = k;
  let w: Float64Array = new Float64Array(d * k);
  for (let j = 0; j < d; j++) w.fill(w0[j], j * k, j * k + k);
  let dual: Float64Array | null = needsDual ? Float64Array.from(w, (v) => pot.grad(v)) : null;
  let buf: Float64Array = new Float64Array(d * k);
  let grad = new Float64Array(d * k);
  let residual = new Float64Array(n * k);
  const wOut = new Float64Array(d * k);
  const allLosses = new Float64Array(k);
  const initial = new Float64Array(k);
  const diverged: boolean[] = new Array<boolean>(k).fill(false);
  let lrNow = new Float64Array(k);

  // Loss of every active model (into allLosses) and 2 (X w - y) / N into `residual`.
  const evaluate = () => {
    timesThinBlockFast(x, n, d, w, ka, residual);
    for (let c = 0; c < ka; c++) allLosses[active[c]] = 0;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < ka; c++) {
        const r = residual[i * ka + c] - y[i];
        allLosses[active[c]] += r * r;
        residual[i * ka + c] = (2 * r) / n;
      }
    }
    for (let c = 0; c < ka; c++) allLosses[active[c]] /= n;
  };
  const exploded = (orig: number) => !(allLosses[orig] <= DIVERGENCE_FACTOR * Math.max(initial[orig], 1));

  /** Drops newly diverged models from the block, saving their weights; true if any model is left. */
  const dropDiverged = (): boolean => {
    const keep: number[] = [];
    for (let c = 0; c < ka; c++) {
      const orig = active[c];
      if (exploded(orig)) {
        diverged[orig] = true;
        allLosses[orig] = Infinity;
        for (let j = 0; j < d; j++) wOut[j * k + orig] = w[j * ka + c];
      } else keep.push(c);
    }
    if (keep.length === ka) return true;
    w = keepColumns(w, ka, keep);
    if (dual) dual = keepColumns(dual, ka, keep);
    buf = keepColumns(buf, ka, keep);
    active = keep.map((c) => active[c]);
    ka = keep.length;
    grad = new Float64Array(d * ka);
    residual = new Float64Array(n * ka);
    lrNow = new Float64Array(ka);
    return ka > 0;
  };

  evaluate();
  initial.set(allLosses);
  for (let t = 0; t < opts.steps; t++) {
    if (t > 0) evaluate();
    // Residuals of dropped columns are discarded with them; the survivors' residuals are recomputed below.
    const before = ka;
    if (!dropDiverged()) break;
    if (ka !== before) evaluate();
    opts.onStep?.(t, allLosses);
    if (t % 10 === 0) opts.ctx?.checkCancelled();
    for (let c = 0; c < ka; c++) lrNow[c] = scheduledLearningRate(lrs[active[c]], t, opts.steps, schedule);
    timesThinBlockFast(xt, d, n, residual, ka, grad);
    if (t === 0 || mu === 0) buf.set(grad);
    else for (let i = 0; i < buf.length; i++) buf[i] = mu * buf[i] + grad[i];
    applyMirrorStepBlock(pot, w, dual, buf, lrNow);
  }
  if (ka > 0) {
    evaluate();
    dropDiverged();
    for (let c = 0; c < ka; c++) for (let j = 0; j < d; j++) wOut[j * k + active[c]] = w[j * ka + c];
  }
  const finalLoss = Float64Array.from(allLosses, (l, c) => (diverged[c] ? Infinity : l));
  return { w: wOut, k, finalLoss, diverged };
}

/** Column `c` of a D x K block. */
export function column(block: Float64Array, k: number, c: number): Float64Array {
  const d = block.length / k;
  const out = new Float64Array(d);
  for (let j = 0; j < d; j++) out[j] = block[j * k + c];
  return out;
}

/** One model: final weights, final loss, and whether it diverged. */
export function trainLinearModel(data: LinearRegressionData, w0: Float64Array, lr: number, opts: TrainOptions): { w: Float64Array; finalLoss: number; diverged: boolean } {
  const r = trainLinearModels(data, w0, [lr], opts);
  return { w: r.w, finalLoss: r.finalLoss[0], diverged: r.diverged[0] };
}
