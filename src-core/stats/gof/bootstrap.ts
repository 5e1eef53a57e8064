/**
 * Parametric-bootstrap goodness of fit that refits on every resample (Stute, Gonzáles Manteiga & Presedo Quindimil
 * 1993; the scheme of scipy.stats.goodness_of_fit). When the parameters were estimated from the data, the fitted cdf
 * sits closer to the sample than the true one, so the classical KS/AD/CvM tables give p-values that are far too large.
 * Simulating "draw from the fitted model, refit, recompute the statistic" reproduces that effect, whatever the
 * observation model: the caller's `sample` may truncate or censor exactly as the measurement did, and its `refit`
 * fits the same way the real data were fitted, so one implementation serves complete, left-truncated and
 * left-censored data.
 *
 * The work is split into fixed-size shards. Shard i always covers resamples [i*size, (i+1)*size) and draws from
 * stream `SHARD_STREAM_BASE + i` of the job's seed, so the merged result is the same bit for bit whether one worker
 * runs every shard or many workers share them.
 */
import { z } from 'zod';
import { createRng, type Rng } from '../../random/rng';
import type { JobContext } from '../../runtime/context';
import { adFromLogs, assertSortedFinite, cvmFromPit, ksFromPit, ksMinusFromPit, ksPlusFromPit, tailLogsInto } from './statistics';

/** A fitted model as the goodness-of-fit statistics see it. */
export interface FittedCdf {
  cdf(x: number): number;
  /** log(1 - cdf(x)), accurate in the upper tail; used by Anderson-Darling when present (as scipy does). */
  logsf?(x: number): number;
  /** log cdf(x), accurate in the lower tail; used by Anderson-Darling when present (as scipy does). */
  logcdf?(x: number): number;
  /**
   * Optional fast path: fill u[i] = cdf(sorted[i]), logCdf[i] = log cdf(sorted[i]) and logSf[i] =
   * log(1 - cdf(sorted[i])) for i < n in one pass (e.g. one erfc per point instead of three calls); must agree
   * with cdf/logcdf/logsf.
   */
  pitInto?(sorted: Float64Array, n: number, u: Float64Array, logCdf: Float64Array, logSf: Float64Array): void;
  /**
   * Left limit P(X < x), for observation models with atoms (left censoring puts mass F(L) at the limit L). Then
   * KS is the exact sup |F_n - F| of a distribution with jumps: D- compares left limits. AD and CvM keep their
   * continuous formulas, which the bootstrap calibrates but which carry little information inside the atom.
   */
  cdfLeft?(x: number): number;
}

/** The observation model under test: how a data set is drawn from the fitted model, and how one is fitted. */
export interface GofModel {
  /**
   * One simulated data set of size n under the fitted model, including truncation or censoring. May write into
   * and return `out` (length n) to avoid allocating; the caller sorts the returned array in place.
   */
  sample(rng: Rng, n: number, out?: Float64Array): Float64Array;
  /** Fits the model to a (sorted) data set the way the observed data were fitted and returns its cdf. */
  refit(data: Float64Array): FittedCdf;
  /**
   * Optional increasing transform applied to the observed data before fitting (e.g. log for a log-normal model
   * that works on the log scale); `sample` then draws on the transformed scale. The statistics are unchanged by
   * an increasing transform, so the test is the same.
   */
  prepare?(data: Float64Array): Float64Array;
}

/** The three statistics of one data set against one fitted cdf. */
export interface GofStatistics {
  ks: number;
  ad: number;
  cvm: number;
}

export const GofBootstrapConfigSchema = z.object({
  /** Number of bootstrap resamples B; p-values are multiples of 1/(B+1). */
  resamples: z.number().int().min(19).max(100_000).default(999),
  /** Seed of the job; shard i uses stream SHARD_STREAM_BASE + i. */
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type GofBootstrapConfig = z.infer<typeof GofBootstrapConfigSchema>;

/** Resamples per shard: small enough to balance two cores on B = 99, large enough that messages are rare. */
export const GOF_SHARD_SIZE = 64;
/** Streams below this are left for the job's own use (stream 0 is what the runner hands to the job). */
export const SHARD_STREAM_BASE = 1;

export interface ShardSpec {
  index: number;
  start: number;
  end: number;
}

/** The shards covering resamples [0, resamples); independent of how many workers will run them. */
export function planShards(resamples: number, shardSize = GOF_SHARD_SIZE): ShardSpec[] {
  if (!Number.isInteger(resamples) || resamples < 1) throw new Error(`resamples must be a positive integer, got ${resamples}`);
  const shards: ShardSpec[] = [];
  for (let index = 0, start = 0; start < resamples; index++, start += shardSize) {
    shards.push({ index, start, end: Math.min(resamples, start + shardSize) });
  }
  return shards;
}

/** Statistics of resamples [start, end), NaN where the refit failed (counted in `failed`). */
export interface GofShardResult {
  start: number;
  end: number;
  ks: Float64Array;
  ad: Float64Array;
  cvm: Float64Array;
  failed: number;
  /** The first refit error message, so a systematic failure is visible. */
  firstError: string | null;
}

/** Reused buffers of one shard: the pit values and their logs of the current resample. */
class Workspace {
  readonly u: Float64Array;
  readonly lcdf: Float64Array;
  readonly lsf: Float64Array;
  readonly data: Float64Array;
  readonly uLeft: Float64Array;
  constructor(n: number) {
    this.uLeft = new Float64Array(n);
    this.u = new Float64Array(n);
    this.lcdf = new Float64Array(n);
    this.lsf = new Float64Array(n);
    this.data = new Float64Array(n);
  }
}

function statisticsInto(sorted: Float64Array, fitted: FittedCdf, ws: Workspace): GofStatistics {
  const n = sorted.length;
  const { u, lcdf, lsf } = ws;
  if (fitted.pitInto) {
    fitted.pitInto(sorted, n, u, lcdf, lsf);
    return { ks: ksFromPit(u, n), ad: adFromLogs(lcdf, lsf, n), cvm: cvmFromPit(u, n) };
  }
  for (let i = 0; i < n; i++) u[i] = fitted.cdf(sorted[i]);
  // log u and log(1 - u) are exact enough away from the tails; the model's logcdf / logsf are only called (and
  // paid for) in the far lower tail and the upper half.
  tailLogsInto(sorted, u, fitted.logcdf, fitted.logsf, lcdf, lsf, n);
  let ks: number;
  const cdfLeft = fitted.cdfLeft;
  if (cdfLeft) {
    // With an atom (censoring) D- must compare the ecdf's left limit with the cdf's left limit.
    const { uLeft } = ws;
    for (let i = 0; i < n; i++) uLeft[i] = cdfLeft(sorted[i]);
    ks = Math.max(ksPlusFromPit(u, n), ksMinusFromPit(uLeft, n));
  } else {
    ks = ksFromPit(u, n);
  }
  return { ks, ad: adFromLogs(lcdf, lsf, n), cvm: cvmFromPit(u, n) };
}

/** KS, AD and CvM of a sorted data set against a fitted cdf (the observed side of the test). */
export function gofStatistics(sorted: Float64Array, fitted: FittedCdf): GofStatistics {
  assertSortedFinite(sorted);
  const ws = new Workspace(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const v = fitted.cdf(sorted[i]);
    if (!(v >= 0 && v <= 1)) throw new Error(`fitted cdf returned ${v} at x = ${sorted[i]}`);
  }
  return statisticsInto(sorted, fitted, ws);
}

/** The observed side: transform (model.prepare), sort, fit, statistics. The job runner calls this once. */
export function observedStatistics(data: ArrayLike<number>, model: GofModel): { observed: GofStatistics; n: number } {
  const raw = Float64Array.from(data);
  assertSortedFinite(Float64Array.from(raw).sort(), 'data');
  const sorted = (model.prepare ? model.prepare(raw) : raw).sort();
  return { observed: gofStatistics(sorted, model.refit(sorted)), n: sorted.length };
}

/**
 * Runs resamples [shard.start, shard.end) for a data set of size n. Pure: the result depends only on the model,
 * n, the seed and the shard. Progress fractions are those of this shard alone.
 */
export function runGofShard(model: GofModel, n: number, seed: number, shard: ShardSpec, ctx: JobContext): GofShardResult {
  if (!Number.isInteger(n) || n < 3) throw new Error(`bootstrap goodness of fit needs at least 3 values, got ${n}`);
  const count = shard.end - shard.start;
  if (!(count >= 1)) throw new Error(`empty shard [${shard.start}, ${shard.end})`);
  const rng = createRng(seed, SHARD_STREAM_BASE + shard.index);
  const ws = new Workspace(n);
  const out: GofShardResult = {
    start: shard.start,
    end: shard.end,
    ks: new Float64Array(count),
    ad: new Float64Array(count),
    cvm: new Float64Array(count),
    failed: 0,
    firstError: null,
  };
  for (let b = 0; b < count; b++) {
    ctx.checkCancelled();
    const data = model.sample(rng, n, ws.data);
    data.sort();
    let s: GofStatistics | null = null;
    try {
      s = statisticsInto(data, model.refit(data), ws);
    } catch (e) {
      out.failed++;
      if (out.firstError === null) out.firstError = e instanceof Error ? e.message : String(e);
    }
    out.ks[b] = s ? s.ks : NaN;
    out.ad[b] = s ? s.ad : NaN;
    out.cvm[b] = s ? s.cvm : NaN;
    if ((b & 15) === 15 || b === count - 1) ctx.report({ fraction: (b + 1) / count, metrics: { resample: shard.start + b + 1 } });
  }
  return out;
}

export interface GofPValue {
  statistic: number;
  /** (1 + #{T* >= T}) / (B + 1), B counting only resamples whose refit succeeded. */
  pValue: number;
}

export interface GofBootstrapResult {
  ks: GofPValue;
  ad: GofPValue;
  cvm: GofPValue;
  /** Resamples requested and resamples whose refit failed (left out of the p-values). */
  resamples: number;
  failed: number;
  firstError: string | null;
}

function pValue(observed: number, sims: Float64Array[]): { p: number; used: number } {
  let ge = 0;
  let used = 0;
  for (const a of sims) {
    for (let i = 0; i < a.length; i++) {
      const t = a[i];
      if (Number.isNaN(t)) continue;
      used++;
      if (t >= observed) ge++;
    }
  }
  return { p: (1 + ge) / (used + 1), used };
}

/** Combines shard results (in any order) into p-values; checks that they tile [0, resamples) exactly. */
export function mergeGofShards(observed: GofStatistics, shards: GofShardResult[], resamples?: number): GofBootstrapResult {
  const sorted = [...shards].sort((a, b) => a.start - b.start);
  let next = 0;
  for (const s of sorted) {
    if (s.start !== next) throw new Error(`bootstrap shards do not tile: expected a shard starting at ${next}, got ${s.start}`);
    next = s.end;
  }
  if (resamples !== undefined && next !== resamples) throw new Error(`bootstrap shards cover ${next} of ${resamples} resamples`);
  const failed = sorted.reduce((k, s) => k + s.failed, 0);
  if (failed === next) throw new Error(`all ${next} bootstrap refits failed: ${sorted[0]?.firstError ?? 'no shards'}`);
  const firstError = sorted.find((s) => s.firstError !== null)?.firstError ?? null;
  const make = (key: keyof GofStatistics): GofPValue => ({
    statistic: observed[key],
    pValue: pValue(
      observed[key],
      sorted.map((s) => s[key]),
    ).p,
  });
  return { ks: make('ks'), ad: make('ad'), cvm: make('cvm'), resamples: next, failed, firstError };
}

/**
 * The whole test in one call (tests, CLI): fit, observed statistics, every shard in turn, merge. The job runner
 * instead calls `runGofShard` on its workers and `mergeGofShards` at the end; the figures are identical.
 */
export function bootstrapGof(
  data: Float64Array,
  model: GofModel,
  config: GofBootstrapConfig,
  ctx: JobContext,
): GofBootstrapResult {
  const cfg = GofBootstrapConfigSchema.parse(config);
  const { observed, n } = observedStatistics(data, model);
  const shards = planShards(cfg.resamples);
  const results: GofShardResult[] = [];
  for (const shard of shards) {
    const sub: JobContext = {
      rng: ctx.rng,
      checkCancelled: () => ctx.checkCancelled(),
      report: (p) => ctx.report({ ...p, fraction: (shard.start + p.fraction * (shard.end - shard.start)) / cfg.resamples }),
    };
    results.push(runGofShard(model, n, cfg.seed, shard, sub));
  }
  return mergeGofShards(observed, results, cfg.resamples);
}
