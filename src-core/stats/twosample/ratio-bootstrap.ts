/**
 * Effect sizes between two positive samples a (e.g. before, or predicted) and b (after, or observed), with
 * bootstrap percentile confidence intervals (Efron & Tibshirani 1993, ch. 13):
 *   - medianRatio = median(b) / median(a): the multiplicative shift of the bulk;
 *   - logSdRatio  = sd(log b) / sd(log a): how much wider the log-scale spread is (for log-normal data, sigma_b/sigma_a).
 * Each resample draws a and b independently with replacement. Like the goodness-of-fit bootstrap the work is cut
 * into fixed shards, shard i drawing from stream SHARD_STREAM_BASE + i of the seed, so results do not depend on
 * how many workers run them.
 */
import { z } from 'zod';
import { createRng } from '../../random/rng';
import type { JobContext } from '../../runtime/context';
import { planShards, SHARD_STREAM_BASE, type ShardSpec } from '../gof/bootstrap';
import { quantileSorted } from '../descriptives';
import { medianInPlace } from './select';
import { assertFiniteSample } from './validate';

export const RatioBootstrapConfigSchema = z.object({
  resamples: z.number().int().min(100).max(200_000).default(2000),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** Confidence level of the percentile intervals. */
  level: z.number().gt(0.5).lt(1).default(0.95),
});
export type RatioBootstrapConfig = z.input<typeof RatioBootstrapConfigSchema>;

export interface RatioShardResult {
  start: number;
  end: number;
  medianRatio: Float64Array;
  logSdRatio: Float64Array;
}

export interface RatioInterval {
  estimate: number;
  lower: number;
  upper: number;
  level: number;
}

export interface RatioBootstrapResult {
  medianRatio: RatioInterval;
  logSdRatio: RatioInterval;
  resamples: number;
}

/** Checks a sample for the ratios: finite, positive (log scale), at least 3 values, not all equal. */
function checkPositive(x: ArrayLike<number>, what: string): Float64Array {
  assertFiniteSample(x, what, 3);
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) bad++;
  if (bad > 0) throw new Error(`${what} has ${bad} zero or negative value(s); the ratios need positive values`);
  const v = Float64Array.from(x);
  if (v.every((t) => t === v[0])) throw new Error(`all ${v.length} values of ${what} are equal; the log-sd ratio is undefined`);
  return v;
}

/** Sample sd (ddof 1) of the first n entries. */
function sd(x: Float64Array, n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
  return Math.sqrt(ss / (n - 1));
}

function estimates(a: Float64Array, b: Float64Array): { medianRatio: number; logSdRatio: number } {
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  return {
    medianRatio: medianInPlace(Float64Array.from(b)) / medianInPlace(Float64Array.from(a)),
    logSdRatio: sd(lb, lb.length) / sd(la, la.length),
  };
}

/** Runs resamples [shard.start, shard.end); all buffers are allocated once per shard. */
export function runRatioShard(
  aIn: ArrayLike<number>,
  bIn: ArrayLike<number>,
  seed: number,
  shard: ShardSpec,
  ctx: JobContext,
): RatioShardResult {
  const a = checkPositive(aIn, 'first sample');
  const b = checkPositive(bIn, 'second sample');
  const la = a.map(Math.log);
  const lb = b.map(Math.log);
  const rng = createRng(seed, SHARD_STREAM_BASE + shard.index);
  const count = shard.end - shard.start;
  const out: RatioShardResult = {
    start: shard.start,
    end: shard.end,
    medianRatio: new Float64Array(count),
    logSdRatio: new Float64Array(count),
  };
  const rawA = new Float64Array(a.length);
  const logA = new Float64Array(a.length);
  const rawB = new Float64Array(b.length);
  const logB = new Float64Array(b.length);
  for (let r = 0; r < count; r++) {
    ctx.checkCancelled();
    for (let i = 0; i < a.length; i++) {
      const j = rng.int(a.length);
      rawA[i] = a[j];
      logA[i] = la[j];
    }
    for (let i = 0; i < b.length; i++) {
      const j = rng.int(b.length);
      rawB[i] = b[j];
      logB[i] = lb[j];
    }
    out.medianRatio[r] = medianInPlace(rawB) / medianInPlace(rawA);
    // A resample of identical values has sd 0: its ratio is 0 or infinite, which the percentiles order correctly.
    out.logSdRatio[r] = sd(logB, b.length) / sd(logA, a.length);
    if ((r & 63) === 63 || r === count - 1) ctx.report({ fraction: (r + 1) / count });
  }
  return out;
}

function interval(estimate: number, sims: Float64Array, level: number): RatioInterval {
  const sorted = Float64Array.from(sims).sort();
  let valid = sorted.length;
  while (valid > 0 && Number.isNaN(sorted[valid - 1])) valid--; // 0/0 from two constant resamples
  if (valid === 0) throw new Error('every bootstrap resample was degenerate (constant)');
  const s = sorted.subarray(0, valid);
  return { estimate, lower: quantileSorted(s, (1 - level) / 2), upper: quantileSorted(s, (1 + level) / 2), level };
}

/** Merges shards (any order, must tile [0, resamples)) into estimates with percentile intervals. */
export function mergeRatioShards(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  shards: RatioShardResult[],
  config: RatioBootstrapConfig,
): RatioBootstrapResult {
  const cfg = RatioBootstrapConfigSchema.parse(config);
  const sorted = [...shards].sort((x, y) => x.start - y.start);
  let next = 0;
  for (const s of sorted) {
    if (s.start !== next) throw new Error(`bootstrap shards do not tile: expected a shard starting at ${next}, got ${s.start}`);
    next = s.end;
  }
  if (next !== cfg.resamples) throw new Error(`bootstrap shards cover ${next} of ${cfg.resamples} resamples`);
  const join = (key: 'medianRatio' | 'logSdRatio') => {
    const all = new Float64Array(next);
    for (const s of sorted) all.set(s[key], s.start);
    return all;
  };
  const est = estimates(checkPositive(a, 'first sample'), checkPositive(b, 'second sample'));
  return {
    medianRatio: interval(est.medianRatio, join('medianRatio'), cfg.level),
    logSdRatio: interval(est.logSdRatio, join('logSdRatio'), cfg.level),
    resamples: next,
  };
}

/** The whole computation in one call; the job runner uses runRatioShard + mergeRatioShards instead. */
export function ratioBootstrap(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  config: RatioBootstrapConfig,
  ctx: JobContext,
): RatioBootstrapResult {
  const cfg = RatioBootstrapConfigSchema.parse(config);
  const shards = planShards(cfg.resamples, RATIO_SHARD_SIZE);
  const parts = shards.map((shard) =>
    runRatioShard(a, b, cfg.seed, shard, {
      rng: ctx.rng,
      checkCancelled: () => ctx.checkCancelled(),
      report: (p) => ctx.report({ fraction: (shard.start + p.fraction * (shard.end - shard.start)) / cfg.resamples }),
    }),
  );
  return mergeRatioShards(a, b, parts, cfg);
}

/** Resamples per shard of the ratio bootstrap (cheaper per resample than a refit, hence larger shards). */
export const RATIO_SHARD_SIZE = 256;
