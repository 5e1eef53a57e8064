/**
 * The authors' learning-rate protocol (find_lr / run_seeds in linear_regression.py): train with each of 16
 * log-spaced rates in [1e-7, 1e-1] for 100 cosine-annealed steps and keep the rate with the lowest final loss; if
 * that loss is not below 1e-3, add 100 steps and search again, at most 4 times.
 */
import type { JobContext } from '../runtime/context';
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
  /** Stream every rate's loss curve as it trains (progress partials, see LrCurvePoints) for a live plot. */
  liveCurves?: boolean;
}

/**
 * New loss points of a shard's rates since its last report: `loss[k][j]` is rate k's loss before step `step[j]` of
 * selection round `round` (null once that rate diverged). A new round restarts every curve from step 0.
 */
export interface LrCurvePoints {
  round: number;
  rates: number[];
  step: number[];
  loss: (number | null)[][];
}

/** About this many live reports per round and shard: enough for a smooth curve, few enough to cost nothing. */
const LIVE_REPORTS_PER_ROUND = 25;

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
  /** Where the chosen run came from: the shard (in the order given to the merge) and its round. */
  source: { shard: number; round: number };
}

/** One round of a shard: its rates' final losses (null = diverged) at `steps`, and its best run. */
export interface LrShardRound {
  steps: number;
  losses: (number | null)[];
  /** Index into the shard's rates of its lowest loss (-1 if all diverged), with that run's weights and curve. */
  best: number;
  w: Float64Array | null;
  lossCurve: Float64Array | null;
}

export interface LrSelectionShard {
  /** Indices into the grid that this shard trained. */
  indices: number[];
  rounds: LrShardRound[];
}

/** Splits the grid's indices into `shards` interleaved groups (interleaved so costs balance). */
export function planLrSelectionShards(gridSize: number, shards: number): number[][] {
  const k = Math.max(1, Math.min(shards, gridSize));
  return Array.from({ length: k }, (_, s) => Array.from({ length: gridSize }, (_, i) => i).filter((i) => i % k === s));
}

/**
 * Trains the shard's rates round after round (100, 200, ... steps) until its own best loss is below the target or
 * the rounds run out. The merge stays exact: the global stopping round is the earliest round in which any shard
 * reached the target, and every shard has computed every round up to its own stop, hence up to the global one.
 */
export function runLrSelectionShard(data: LinearRegressionData, w0: Float64Array, opts: LrSelectionOptions, indices: number[], ctx?: JobContext): LrSelectionShard {
  const grid = opts.grid ?? PAPER_LR_GRID;
  const rates = indices.map((i) => grid[i]);
  const targetLoss = opts.targetLoss ?? 1e-3;
  const rounds = (opts.maxExtensions ?? 4) + 1;
  const out: LrShardRound[] = [];
  let steps = opts.steps ?? 100;
  for (let round = 0; round < rounds; round++) {
    ctx?.checkCancelled();
    const curves = new Float64Array(steps * rates.length);
    const every = Math.max(1, Math.ceil(steps / LIVE_REPORTS_PER_ROUND));
    let reportedUpTo = 0;
    const roundSteps = steps;
    const onStep = (t: number, l: Float64Array) => {
      curves.set(l, t * rates.length);
      if (!opts.liveCurves || !ctx || ((t + 1) % every !== 0 && t !== roundSteps - 1)) return;
      const step = Array.from({ length: t + 1 - reportedUpTo }, (_, j) => reportedUpTo + j);
      const loss = rates.map((_, k) => step.map((u) => {
        const v = curves[u * rates.length + k];
        return Number.isFinite(v) ? v : null;
      }));
      ctx.report({ fraction: (round + (t + 1) / roundSteps) / rounds, partial: { round, rates, step, loss } satisfies LrCurvePoints });
      reportedUpTo = t + 1;
    };
    // The shard's rates are trained side by side (one pass over X per step for all of them).
    const r = trainLinearModels(data, w0, rates, { potential: opts.potential, steps, momentum: opts.momentum, schedule: opts.schedule, ctx, onStep });
    const losses: (number | null)[] = Array.from(r.finalLoss, (l, k) => (r.diverged[k] ? null : l));
    let best = -1;
    for (let k = 0; k < rates.length; k++) {
      const l = losses[k];
      // Strict '<' keeps the first (smallest) rate among ties, as numpy's nanargmin.
      if (l !== null && (best < 0 || l < (losses[best] as number))) best = k;
    }
    const bestLoss = best < 0 ? Infinity : (losses[best] as number);
    out.push({
      steps,
      losses,
      best,
      w: best < 0 ? null : column(r.w, r.k, best),
      lossCurve: best < 0 ? null : Float64Array.from({ length: steps }, (_, t) => curves[t * rates.length + best]),
    });
    ctx?.report({ fraction: (round + 1) / rounds, metrics: { steps, bestLoss } });
    if (bestLoss < targetLoss) break;
    steps += opts.extraSteps ?? 100;
  }
  return { indices, rounds: out };
}

/** Combines shards into the protocol's answer (identical to running the whole grid in one shard). */
export function mergeLrSelectionShards(shards: LrSelectionShard[], opts: Pick<LrSelectionOptions, 'grid' | 'targetLoss'> = {}): LrSelection {
  const grid = [...(opts.grid ?? PAPER_LR_GRID)];
  const targetLoss = opts.targetLoss ?? 1e-3;
  const lastRound = Math.min(...shards.map((s) => s.rounds.length)) - 1;
  for (let round = 0; round <= lastRound; round++) {
    const losses: (number | null)[] = new Array<number | null>(grid.length).fill(null);
    let bestShard = -1;
    let bestIndex = -1;
    shards.forEach((s, si) => {
      const r = s.rounds[round];
      s.indices.forEach((gi, k) => (losses[gi] = r.losses[k]));
      if (r.best >= 0) {
        const gi = s.indices[r.best];
        const l = r.losses[r.best] as number;
        if (bestIndex < 0 || l < (losses[bestIndex] as number) || (l === losses[bestIndex] && gi < bestIndex)) {
          bestIndex = gi;
          bestShard = si;
        }
      }
    });
    if (bestIndex < 0) throw new Error(`learning-rate selection: training diverged at all ${grid.length} rates (${shards[0].rounds[round].steps} steps)`);
    const loss = losses[bestIndex] as number;
    if (loss < targetLoss || round === lastRound) {
      const r = shards[bestShard].rounds[round];
      return {
        lr: grid[bestIndex], steps: r.steps, loss, converged: loss < targetLoss, lossesByLr: losses, grid, w: r.w as Float64Array, lossCurve: r.lossCurve as Float64Array,
        source: { shard: bestShard, round },
      };
    }
  }
  throw new Error('learning-rate selection: no shard results to merge');
}

/** The whole protocol in this thread (one shard holding the whole grid). */
export function selectLearningRate(data: LinearRegressionData, w0: Float64Array, opts: LrSelectionOptions, ctx?: JobContext): LrSelection {
  const grid = opts.grid ?? PAPER_LR_GRID;
  return mergeLrSelectionShards([runLrSelectionShard(data, w0, opts, grid.map((_, i) => i), ctx)], opts);
}
