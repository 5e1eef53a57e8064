/**
 * The authors' learning-rate protocol (find_lr / run_seeds in linear_regression.py): train with each of 16
 * log-spaced rates in [1e-7, 1e-1] for 100 cosine-annealed steps and keep the rate with the lowest final loss; if
 * that loss is not below 1e-3, add 100 steps and search again, at most 4 times.
 */
import type { JobContext } from '../jobs/context';
import type { LinearRegressionData } from './linear-regression';
import { column, trainLinearModels } from './linear-training';
import type { LrSchedule } from './mirror-descent';
import type { Potential } from './potentials';

/** numpy.logspace(log10(lo), log10(hi), count). */
export function logSpaced(lo: number, hi: number, count: number): number[] {
  if (!(lo > 0 && hi > lo) || !(count >= 2)) throw new RangeError(`logSpaced needs 0 < lo < hi and count >= 2, got ${lo}, ${hi}, ${count}`);
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  return Array.from({ length: count }, (_, i) => Math.pow(10, a + ((b - a) * i) / (count - 1)));
}

export const PAPER_LR_GRID: readonly number[] = logSpaced(1e-7, 1e-1, 16);

export interface LrSelectionOptions {
  potential: Potential;
  grid?: readonly number[];
  steps?: number;
  extraSteps?: number;
  maxExtensions?: number;
  targetLoss?: number;
  momentum?: number;
  schedule?: LrSchedule;
}

export interface LrSelection {
  lr: number;
  steps: number;
  /** Lowest final loss at the chosen (lr, steps). */
  loss: number;
  /** False if even the last extension did not reach the target (the code's "exit code 1"). */
  converged: boolean;
  /** Final loss per grid rate in the last round; null where training diverged. */
  lossesByLr: (number | null)[];
  grid: number[];
  /** Final weights of the chosen run (on the selection data). */
  w: Float64Array;
  /** Loss before each step of the chosen run. */
  lossCurve: Float64Array;
}

export function selectLearningRate(data: LinearRegressionData, w0: Float64Array, opts: LrSelectionOptions, ctx?: JobContext): LrSelection {
  const grid = [...(opts.grid ?? PAPER_LR_GRID)];
  const targetLoss = opts.targetLoss ?? 1e-3;
  const maxExtensions = opts.maxExtensions ?? 4;
  let steps = opts.steps ?? 100;
  const rounds = maxExtensions + 1;
  for (let round = 0; round < rounds; round++) {
    ctx?.checkCancelled();
    // All rates are trained side by side (one pass over X per step for the whole grid).
    const curves = new Float64Array(steps * grid.length);
    const onStep = (t: number, l: Float64Array) => curves.set(l, t * grid.length);
    const r = trainLinearModels(data, w0, grid, { potential: opts.potential, steps, momentum: opts.momentum, schedule: opts.schedule, ctx, onStep });
    const losses: (number | null)[] = Array.from(r.finalLoss, (l, k) => (r.diverged[k] ? null : l));
    let best = -1;
    for (let k = 0; k < grid.length; k++) {
      const l = losses[k];
      // Strict '<' keeps the first (smallest) rate among ties, as numpy's nanargmin.
      if (l !== null && (best < 0 || l < (losses[best] as number))) best = k;
    }
    ctx?.report({ fraction: (round + 1) / rounds, metrics: { steps, bestLoss: best < 0 ? Infinity : (losses[best] as number) } });
    if (best < 0) throw new Error(`learning-rate selection: training diverged at all ${grid.length} rates (${steps} steps)`);
    const loss = losses[best] as number;
    if (loss < targetLoss || round === rounds - 1) {
      const lossCurve = Float64Array.from({ length: steps }, (_, t) => curves[t * grid.length + best]);
      return { lr: grid[best], steps, loss, converged: loss < targetLoss, lossesByLr: losses, grid, w: column(r.w, r.k, best), lossCurve };
    }
    steps += opts.extraSteps ?? 100;
  }
  throw new Error('unreachable');
}
