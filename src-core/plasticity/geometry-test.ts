/**
 * The geometry test on measured pairs: the same synapses before and after learning (chronic spine imaging, paired
 * EM, imported weight files). Every hypothesis is scored with the paper's dCDF, with percentile-bootstrap
 * confidence intervals over synapses; the best geometry is reported (negative entropy and p <= 1.2 as one verdict,
 * since negative entropy is the p -> 1 limit), and a power analysis simulated from the fitted model says how many
 * synapses separate the two leading hypotheses.
 *
 * The bootstrap is shardable (plan chunks, run them anywhere, merge with bootstrapIntervals): replicate r always uses createRng(seed, BOOTSTRAP_STREAM + r), whatever the chunking.
 */
import { z } from 'zod';
import type { JobContext } from '../runtime/context';
import { createRng } from '../random/rng';
import { checkPairs, dcdfScore, defaultHypotheses, isNegativeEntropyLike, scoreAllHypotheses, usableSynapses, dualChange, type SignFlipRule } from './dcdf';
import { quantileSorted } from './quantiles';
import { potentialFromName, type Potential } from './potentials';
import { geometryPower, type PowerAnalysis } from './geometry-power';
import { phaseContext } from './progress';

export const geometryTestSchema = z.object({
  /** Bootstrap replicates for the CIs (0 = no CIs). */
  bootstrap: z.number().int().min(0).max(100_000).default(1000),
  ciLevel: z.number().gt(0).lt(1).default(0.95),
  seed: z.number().int().min(0).default(0),
  hypotheses: z.array(z.string()).min(1).optional(),
  /** Simulated experiments per sample size in the power analysis (0 = skip it). */
  powerReplicates: z.number().int().min(0).max(10_000).default(200),
  maxSynapses: z.number().int().min(10).max(1_000_000).default(100_000),
  /** The pair to separate; default: the best hypothesis and the best one with a different verdict. */
  compare: z.tuple([z.string(), z.string()]).optional(),
  /** Weights that changed sign in the negative-entropy score: 'keep' (the authors' definition) or 'exclude' (the
   *  app's earlier rule, which ignores the strongest evidence against negative entropy). */
  signFlips: z.enum(['keep', 'exclude']).default('keep'),
});
export type GeometryTestConfig = z.input<typeof geometryTestSchema>;

export interface GeometryVerdict {
  best: string;
  geometry: 'negative-entropy' | 'p-norm' | 'other';
  /** p of the best p-norm (null for negative entropy). */
  p: number | null;
  label: string;
}

export interface GeometryTestResult {
  n: number;
  /** Synapses left out of the negative-entropy hypothesis (exact zeros; sign flips too under the 'exclude' rule). */
  excluded: number;
  /** Weights that changed sign (impossible under negative entropy) and pairs with an exact zero. Results stored
   *  before these were counted lack them. */
  signFlips?: number;
  zeros?: number;
  signFlipRule?: SignFlipRule;
  scores: { hypothesis: string; dcdf: number; dcdfCentred?: number; ci: [number, number] | null; changeMagnitude: number; n: number }[];
  best: string;
  verdict: GeometryVerdict;
  runnerUp: string | null;
  power: PowerAnalysis | null;
  /** The spread of the best p over bootstrap resamples of the synapses (negative entropy at p = 1): the test's
   *  resolution in p on these data. Null without a bootstrap; absent in results stored before it existed. */
  pickedP?: PickedPSpread | null;
}

export interface PickedPSpread {
  median: number;
  lo: number;
  hi: number;
  level: number;
  /** Replicates counted. */
  n: number;
}

const BOOTSTRAP_STREAM = 1;

/**
 * The verdict in words. A best fit by negative entropy (or p <= 1.2, its neighbourhood) while some weights changed
 * sign says so: negative entropy can never change a sign, so those weights contradict it whatever the scores.
 */
export function geometryVerdict(best: string, signFlips = 0): GeometryVerdict {
  if (isNegativeEntropyLike(best)) {
    const label = 'negative entropy (exponentiated gradient; includes p <= 1.2)';
    const flips = signFlips > 0 ? `, yet ${signFlips} weights changed sign, which negative entropy forbids` : '';
    return { best, geometry: 'negative-entropy', p: null, label: `${label}${flips}` };
  }
  const m = /^p=([0-9.]+)$/.exec(best);
  if (m) {
    const p = Number(m[1]);
    return { best, geometry: 'p-norm', p, label: p === 2 ? 'Euclidean (p = 2, plain gradient descent)' : `p-norm, p = ${p}` };
  }
  return { best, geometry: 'other', p: null, label: best };
}

/** Per hypothesis, the dual change of every synapse (NaN where the hypothesis leaves it out: NE zeros, maybe flips). */
function perSynapseChanges(hypotheses: Potential[], before: Float64Array, after: Float64Array, rule: SignFlipRule): Float64Array[] {
  return hypotheses.map((pot) => {
    const all = new Float64Array(before.length).fill(NaN);
    const idx = usableSynapses(pot, before, after, rule);
    const { delta } = dualChange(pot, before, after, idx);
    for (let k = 0; k < idx.length; k++) all[idx[k]] = delta[k];
    return all;
  });
}

export interface BootstrapChunk {
  start: number;
  count: number;
  seed: number;
}

export function planGeometryBootstrap(replicates: number, seed: number, chunkSize = 250): BootstrapChunk[] {
  const chunks: BootstrapChunk[] = [];
  for (let start = 0; start < replicates; start += chunkSize) chunks.push({ start, count: Math.min(chunkSize, replicates - start), seed });
  return chunks;
}

/** dCDF of each hypothesis on each replicate of the chunk: out[h][r]; NaN where a resample left < 2 usable synapses. */
export function runGeometryBootstrapChunk(before: Float64Array, after: Float64Array, hypothesisNames: string[], chunk: BootstrapChunk, ctx?: JobContext, rule: SignFlipRule = 'keep'): Float64Array[] {
  const hypotheses = hypothesisNames.map(potentialFromName);
  const changes = perSynapseChanges(hypotheses, before, after, rule);
  const n = before.length;
  const out = hypotheses.map(() => new Float64Array(chunk.count));
  const buf = new Float64Array(n);
  const idx = new Uint32Array(n);
  for (let r = 0; r < chunk.count; r++) {
    if (r % 20 === 0) ctx?.checkCancelled();
    const rng = createRng(chunk.seed, BOOTSTRAP_STREAM + chunk.start + r);
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    for (let h = 0; h < hypotheses.length; h++) {
      const ch = changes[h];
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = ch[idx[i]];
        if (v === v) buf[m++] = v; // skips NaN (undefined under this hypothesis)
      }
      let score = NaN;
      if (m >= 2) {
        try {
          score = dcdfScore(buf.subarray(0, m));
        } catch {
          score = NaN; // a resample with zero spread
        }
      }
      out[h][r] = score;
    }
    ctx?.report({ fraction: (r + 1) / chunk.count });
  }
  return out;
}

/**
 * Bootstrap intervals from the merged replicates (chunks in any order: each replicate is a pure function of r).
 *
 * dCDF is a distance between distribution functions, and resampling with replacement adds ties that push every
 * replicate up (near the noise floor the whole bootstrap distribution can sit above the estimate). The interval is
 * therefore the percentile band shifted by that bias, i.e. centred on the estimate:
 * [est - (median - q_lo), est + (q_hi - median)], clipped at 0.
 */
export function bootstrapIntervals(parts: Float64Array[][], level: number, estimates: number[]): ([number, number] | null)[] {
  if (parts.length === 0) return [];
  return parts[0].map((_, h) => {
    const values = parts.flatMap((p) => Array.from(p[h])).filter((v) => Number.isFinite(v));
    if (values.length < 2) return null;
    const sorted = Float64Array.from(values).sort();
    const a = (1 - level) / 2;
    const med = quantileSorted(sorted, 0.5);
    const est = estimates[h];
    return [Math.max(0, est - (med - quantileSorted(sorted, a))), est + (quantileSorted(sorted, 1 - a) - med)] as [number, number];
  });
}

/**
 * Where the lowest dCDF falls, replicate by replicate: the median and central `level` range of its p (negative
 * entropy at 1; hypotheses off the p axis are skipped). This is the resolution of the test on these data: at
 * 1000-3400 synapses it is typically about 0.2 in p.
 */
export function bootstrapPickedP(parts: Float64Array[][], hypothesisNames: string[], level: number): PickedPSpread | null {
  const ps = hypothesisNames.map((name) => (name === 'negative-entropy' ? 1 : /^p=([0-9.]+)$/.exec(name) ? Number(name.slice(2)) : NaN));
  const picks: number[] = [];
  for (const part of parts) {
    const count = part[0]?.length ?? 0;
    for (let r = 0; r < count; r++) {
      let best = -1;
      for (let h = 0; h < part.length; h++) {
        const v = part[h][r];
        if (Number.isFinite(v) && Number.isFinite(ps[h]) && (best < 0 || v < part[best][r])) best = h;
      }
      if (best >= 0) picks.push(ps[best]);
    }
  }
  if (picks.length < 2) return null;
  const sorted = Float64Array.from(picks).sort();
  const a = (1 - level) / 2;
  return { median: quantileSorted(sorted, 0.5), lo: quantileSorted(sorted, a), hi: quantileSorted(sorted, 1 - a), level, n: picks.length };
}

/**
 * Two hypotheses give the same verdict when both are negative-entropy-like (NE, p <= 1.2) or both are p-norms
 * within 0.1 in p (the grid's resolution, below the dCDF noise at typical sample sizes).
 */
export function sameVerdict(a: string, b: string): boolean {
  if (isNegativeEntropyLike(a) || isNegativeEntropyLike(b)) return isNegativeEntropyLike(a) && isNegativeEntropyLike(b);
  const pa = /^p=([0-9.]+)$/.exec(a);
  const pb = /^p=([0-9.]+)$/.exec(b);
  if (!pa || !pb) return a === b;
  return Math.abs(Number(pa[1]) - Number(pb[1])) <= 0.1 + 1e-9;
}

/** The best-scoring hypothesis whose verdict differs from `best`'s: the rival a power analysis must separate. */
export function runnerUpOf(scores: { hypothesis: string; dcdf: number }[], best: string): string | null {
  let out: { hypothesis: string; dcdf: number } | null = null;
  for (const s of scores) {
    if (sameVerdict(s.hypothesis, best)) continue;
    if (!out || s.dcdf < out.dcdf) out = s;
  }
  return out ? out.hypothesis : null;
}

export function runGeometryTest(before: Float64Array, after: Float64Array, configIn: GeometryTestConfig = {}, ctx?: JobContext): GeometryTestResult {
  const config = geometryTestSchema.parse(configIn);
  checkPairs(before, after);
  if (before.length < 3) throw new Error(`the geometry test needs at least 3 synapse pairs, got ${before.length}`);
  const hypotheses = config.hypotheses ? config.hypotheses.map(potentialFromName) : defaultHypotheses();
  const rule = config.signFlips;
  const point = scoreAllHypotheses(before, after, hypotheses, { signFlips: rule });
  const names = point.scores.map((s) => s.hypothesis);
  let cis: ([number, number] | null)[] = names.map(() => null);
  let pickedP: PickedPSpread | null = null;
  if (config.bootstrap > 0) {
    const chunks = planGeometryBootstrap(config.bootstrap, config.seed);
    const parts = chunks.map((c, i) => runGeometryBootstrapChunk(before, after, names, c, phaseContext(ctx, (0.6 * i) / chunks.length, (0.6 * (i + 1)) / chunks.length), rule));
    cis = bootstrapIntervals(parts, config.ciLevel, point.scores.map((x) => x.dcdf));
    pickedP = bootstrapPickedP(parts, names, config.ciLevel);
  }
  const runnerUp = config.compare ? config.compare[1] : runnerUpOf(point.scores, point.best);
  const leader = config.compare ? config.compare[0] : point.best;
  const power =
    config.powerReplicates > 0 && runnerUp
      ? geometryPower(before, after, leader, runnerUp, { replicates: config.powerReplicates, maxSynapses: config.maxSynapses, seed: config.seed, signFlips: rule }, phaseContext(ctx, 0.6, 1))
      : null;
  ctx?.report({ fraction: 1 });
  return {
    n: before.length,
    excluded: point.excluded,
    signFlips: point.signFlips,
    zeros: point.zeros,
    signFlipRule: rule,
    scores: point.scores.map((s, h) => ({ hypothesis: s.hypothesis, dcdf: s.dcdf, dcdfCentred: s.dcdfCentred, ci: cis[h], changeMagnitude: s.changeMagnitude, n: s.n })),
    best: point.best,
    verdict: geometryVerdict(point.best, point.signFlips),
    runnerUp,
    power,
    pickedP,
  };
}
