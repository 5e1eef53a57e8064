/**
 * The paper's width sweep (Pogodin et al. 2024, Fig. 2; run_seeds in linear_regression.py): for widths D log-spaced
 * up to D_max, N = D^a samples, correlation exponent c and each true potential, pick the learning rate once per
 * (D, a, c, potential) on a held-out selection data set, train every seed with it, and score every hypothesis.
 *
 * Shardable: `planWidthSweep` lists independent tasks (D, seed, potential, a, c); `runWidthSweepTask` is a pure
 * function of its task; `mergeWidthSweep` gives median and 5-95 % bands of dCDF against D for every
 * (true, hypothesised) pair. The learning-rate selection a task needs is deterministic (its own seed and stream), so
 * tasks may run anywhere in any order; a worker caches it to avoid repeating it for the next seed.
 */
import { z } from 'zod';
import type { JobContext } from '../runtime/context';
import { countSignChanges, defaultHypotheses, scoreHypothesis, usableSynapses } from './dcdf';
import { linearRegressionProblem } from './linear-regression-run';
import { trainLinearModel } from './linear-training';
import { selectLearningRate, type LrSelection } from './lr-selection';
import { band, type Band } from './quantiles';
import { phaseContext } from './progress';
import { makePotential, potentialFromName, potentialSpecSchema, type PotentialSpec } from './potentials';

export const widthSweepSchema = z.object({
  minDim: z.number().int().min(2).default(100),
  maxDim: z.number().int().min(2).max(50_000).default(3000),
  widths: z.number().int().min(1).max(50).default(10),
  /** Explicit widths (the CLI's --dims); when given, minDim, maxDim and widths are not used. */
  dims: z.array(z.number().int().min(2).max(50_000)).min(1).max(50).optional(),
  samplesExponents: z.array(z.number().gt(0).lt(1)).min(1).default([0.5]),
  correlations: z.array(z.number().positive().max(10)).min(1).default([2]),
  /** Correlation scale s of the inputs (the code's corr_scale; 1 in the paper's figures). */
  correlationScale: z.number().positive().max(10_000).default(1),
  truePotentials: z
    .array(potentialSpecSchema)
    .min(1)
    .default([{ kind: 'negative-entropy' }, { kind: 'euclidean' }, { kind: 'p-norm', p: 3 }]),
  seeds: z.number().int().min(1).max(1000).default(30),
  /** Seed of the learning-rate selection data; training seeds are baseSeed + 1 ... baseSeed + seeds. */
  baseSeed: z.number().int().min(0).default(0),
  /** Hypothesis names ('negative-entropy', 'p=1.5', ...); default: negative entropy and p = 1.1 ... 3.0. */
  hypotheses: z.array(z.string()).min(1).optional(),
});
export type WidthSweepConfig = z.input<typeof widthSweepSchema>;

export interface WidthSweepTask {
  dim: number;
  seed: number;
  potential: PotentialSpec;
  samplesExponent: number;
  correlation: number;
  /** Absent in tasks planned before the scale existed: 1. */
  correlationScale?: number;
  baseSeed: number;
  hypotheses: string[];
}

export interface WidthSweepTaskResult {
  dim: number;
  seed: number;
  potential: string;
  samplesExponent: number;
  correlation: number;
  correlationScale?: number;
  lr: number;
  steps: number;
  /** Did the selection reach a loss below 1e-3 (the code's exit code 0)? */
  selectionConverged: boolean;
  /** null if this seed diverged at the selected rate. */
  finalLoss: number | null;
  /** Per hypothesis: dCDF (uncentred, and the centred variant) and change magnitude (NaN-free; null if the
   *  hypothesis could not be scored). */
  scores: { hypothesis: string; dcdf: number | null; dcdfCentred?: number | null; changeMagnitude: number | null; excluded: number }[];
  /** Weights that changed sign (impossible under negative entropy; they count against it in its score). */
  signFlips?: number;
}

/** numpy.logspace(log10(lo), log10(hi), count, dtype=int): truncated, with a guard so exact endpoints stay exact. */
export function logSpacedWidths(lo: number, hi: number, count: number): number[] {
  if (count === 1) return [hi];
  const a = Math.log10(lo);
  const b = Math.log10(hi);
  const out = Array.from({ length: count }, (_, i) => Math.floor(Math.pow(10, a + ((b - a) * i) / (count - 1)) * (1 + 1e-12)));
  return [...new Set(out)];
}

/** The widths of a sweep: the explicit list (sorted, without repeats) or log-spaced from minDim to maxDim. */
export function sweepWidths(c: Pick<z.output<typeof widthSweepSchema>, 'dims' | 'minDim' | 'maxDim' | 'widths'>): number[] {
  return c.dims ? [...new Set(c.dims)].sort((a, b) => a - b) : logSpacedWidths(c.minDim, c.maxDim, c.widths);
}

export function planWidthSweep(configIn: WidthSweepConfig): WidthSweepTask[] {
  const c = widthSweepSchema.parse(configIn);
  if (!c.dims && c.minDim > c.maxDim) throw new Error(`width sweep: minDim ${c.minDim} is above maxDim ${c.maxDim}`);
  const hypotheses = c.hypotheses ?? defaultHypotheses().map((h) => h.name);
  for (const h of hypotheses) potentialFromName(h); // validate names early
  const tasks: WidthSweepTask[] = [];
  for (const dim of sweepWidths(c)) {
    for (const samplesExponent of c.samplesExponents) {
      for (const correlation of c.correlations) {
        for (const potential of c.truePotentials) {
          for (let s = 1; s <= c.seeds; s++) {
            tasks.push({ dim, seed: c.baseSeed + s, potential, samplesExponent, correlation, correlationScale: c.correlationScale, baseSeed: c.baseSeed, hypotheses });
          }
        }
      }
    }
  }
  return tasks;
}

const selectionCache = new Map<string, LrSelection>();

/** The learning rate for (D, a, c, potential), selected on the held-out data of `baseSeed` (cached per worker). */
export function sweepLearningRate(task: WidthSweepTask, ctx?: JobContext): LrSelection {
  const key = JSON.stringify([task.dim, task.samplesExponent, task.correlation, task.correlationScale ?? 1, task.potential, task.baseSeed]);
  const hit = selectionCache.get(key);
  if (hit) return hit;
  const cfg = { dim: task.dim, samplesExponent: task.samplesExponent, correlation: task.correlation, correlationScale: task.correlationScale, seed: task.baseSeed, init: { kind: 'normal' as const, mean: 0 } };
  const { data, w0 } = linearRegressionProblem(cfg, 'selection');
  const sel = selectLearningRate(data, w0, { potential: makePotential(task.potential) }, ctx);
  if (selectionCache.size >= 64) selectionCache.clear();
  selectionCache.set(key, sel);
  return sel;
}

export function runWidthSweepTask(task: WidthSweepTask, ctx?: JobContext): WidthSweepTaskResult {
  const potential = makePotential(task.potential);
  const sel = sweepLearningRate(task, phaseContext(ctx, 0, 0.8));
  const cfg = { dim: task.dim, samplesExponent: task.samplesExponent, correlation: task.correlation, correlationScale: task.correlationScale, seed: task.seed, init: { kind: 'normal' as const, mean: 0 } };
  const { data, w0 } = linearRegressionProblem(cfg, 'train');
  const r = trainLinearModel(data, w0, sel.lr, { potential, steps: sel.steps, ctx });
  ctx?.report({ fraction: 1, metrics: { finalLoss: r.finalLoss } });
  const scores = task.hypotheses.map((name) => {
    if (r.diverged) return { hypothesis: name, dcdf: null, dcdfCentred: null, changeMagnitude: null, excluded: 0 };
    try {
      const s = scoreHypothesis(potentialFromName(name), w0, r.w);
      return { hypothesis: name, dcdf: s.dcdf, dcdfCentred: s.dcdfCentred, changeMagnitude: s.changeMagnitude, excluded: s.excluded };
    } catch {
      // e.g. (almost) every weight is an exact zero under negative entropy: this hypothesis is undefined for this run
      const pot = potentialFromName(name);
      return { hypothesis: name, dcdf: null, dcdfCentred: null, changeMagnitude: null, excluded: data.d - usableSynapses(pot, w0, r.w).length };
    }
  });
  return {
    dim: task.dim,
    seed: task.seed,
    potential: potential.name,
    samplesExponent: task.samplesExponent,
    correlation: task.correlation,
    correlationScale: task.correlationScale ?? 1,
    lr: sel.lr,
    steps: sel.steps,
    selectionConverged: sel.converged,
    finalLoss: r.diverged ? null : r.finalLoss,
    scores,
    signFlips: r.diverged ? 0 : countSignChanges(w0, r.w).flips,
  };
}

export interface WidthSweepCurve {
  truePotential: string;
  samplesExponent: number;
  correlation: number;
  /** Absent in sweeps stored before the scale existed (they used 1). */
  correlationScale?: number;
  dims: number[];
  /** Per D: selected rate, steps, and how many seeds ended with loss >= 1e-3. */
  lr: number[];
  steps: number[];
  notConverged: number[];
  /** Per D: median number of weights that changed sign (impossible under negative entropy). */
  signFlips?: number[];
  /** Per hypothesis: median and 5-95 % band of dCDF (uncentred and centred) and of the change magnitude at each D. */
  hypotheses: { hypothesis: string; dcdf: (Band | null)[]; dcdfCentred?: (Band | null)[]; changeMagnitude: (Band | null)[] }[];
}

export function mergeWidthSweep(parts: WidthSweepTaskResult[]): WidthSweepCurve[] {
  const groups = new Map<string, WidthSweepTaskResult[]>();
  for (const p of parts) {
    const key = JSON.stringify([p.potential, p.samplesExponent, p.correlation]);
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const curves: WidthSweepCurve[] = [];
  for (const g of groups.values()) {
    const dims = [...new Set(g.map((p) => p.dim))].sort((a, b) => a - b);
    const atDim = dims.map((d) => g.filter((p) => p.dim === d));
    const names = g[0].scores.map((s) => s.hypothesis);
    curves.push({
      truePotential: g[0].potential,
      samplesExponent: g[0].samplesExponent,
      correlation: g[0].correlation,
      correlationScale: g[0].correlationScale ?? 1,
      dims,
      lr: atDim.map((ps) => ps[0].lr),
      steps: atDim.map((ps) => ps[0].steps),
      notConverged: atDim.map((ps) => ps.filter((p) => p.finalLoss === null || !(p.finalLoss < 1e-3)).length),
      signFlips: atDim.map((ps) => band(ps.map((p) => p.signFlips ?? NaN))?.median ?? 0),
      hypotheses: names.map((hypothesis, h) => ({
        hypothesis,
        dcdf: atDim.map((ps) => band(ps.map((p) => p.scores[h].dcdf ?? NaN))),
        dcdfCentred: atDim.map((ps) => band(ps.map((p) => p.scores[h].dcdfCentred ?? NaN))),
        changeMagnitude: atDim.map((ps) => band(ps.map((p) => p.scores[h].changeMagnitude ?? NaN))),
      })),
    });
  }
  return curves;
}

/** The whole sweep in one call (tests, CLI one-shots); the job runner shards `planWidthSweep` instead. */
export function runWidthSweep(config: WidthSweepConfig, ctx?: JobContext): WidthSweepCurve[] {
  const tasks = planWidthSweep(config);
  const parts = tasks.map((t, i) => {
    const r = runWidthSweepTask(t);
    ctx?.checkCancelled();
    ctx?.report({ fraction: (i + 1) / tasks.length, metrics: { dim: t.dim, seed: t.seed } });
    return r;
  });
  return mergeWidthSweep(parts);
}
