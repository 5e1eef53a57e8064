/**
 * Bootstrap confidence intervals for the parameters of any family: percentile and BCa (Efron 1987, "Better bootstrap
 * confidence intervals", JASA 82:171; Efron & Tibshirani 1993, ch. 14). Nonparametric (resample the data) or
 * parametric (draw from the fitted model), refitting by maximum likelihood every time.
 *
 * Shardable: `runBootstrapCiShard` computes resamples [start, end), resample r drawing from its own stream
 * createRng(seed, BOOTSTRAP_STREAM_BASE + r), so the merged result is identical however the range is split across
 * workers. `mergeBootstrapCi` assembles the shards and adds the jackknife acceleration for BCa (leave-one-out up to
 * JACKKNIFE_GROUPS values, otherwise a grouped delete-d jackknife over strided groups).
 *
 * All refits run on the data in units (units.ts; shards store estimates in units) and the intervals are mapped back
 * at the end: every parameter moves by an increasing affine map under rescaling, which percentile and BCa intervals
 * follow exactly, so the result is scale-equivariant from 1e-300 to 1e300.
 */
import { z } from 'zod';
import type { JobContext } from '../../runtime/context';
import { createRng } from '../../random/rng';
import type { Family, FamilyName, Params } from '../family';
import { FAMILY_NAMES, getFamily, SampleStats } from '../families/index';
import { normalCdf, normalQuantile } from '../special/normal';
import { fittingUnit, inUnits, paramsFromUnits, spreadFromUnits } from './units';
import { validateSample } from './validate';

export const BOOTSTRAP_STREAM_BASE = 1;
export const JACKKNIFE_GROUPS = 500;

export const BootstrapCiConfigSchema = z.object({
  dist: z.enum(FAMILY_NAMES as [FamilyName, ...FamilyName[]]),
  resamples: z.number().int().min(10).max(200_000).default(1000),
  seed: z.number().int().nonnegative(),
  level: z.number().gt(0).lt(1).default(0.95),
  method: z.enum(['nonparametric', 'parametric']).default('nonparametric'),
});
export type BootstrapCiConfig = z.input<typeof BootstrapCiConfigSchema>;

export interface BootstrapCiShard {
  start: number;
  end: number;
  paramNames: string[];
  /** Row r - start holds the refitted parameters of resample r in units (NaN when that refit failed). */
  estimates: Float64Array;
}

export interface BootstrapCiResult {
  dist: FamilyName;
  method: 'nonparametric' | 'parametric';
  level: number;
  resamples: number;
  /** Resamples whose refit failed (e.g. all values equal); excluded from the intervals. */
  failed: number;
  estimate: Params;
  bootstrapSe: Params;
  bias: Params;
  percentile: Record<string, [number, number]>;
  bca: Record<string, [number, number]>;
  /** BCa ingredients per parameter. */
  z0: Params;
  acceleration: Params;
}

/** Splits [0, resamples) into `parts` contiguous ranges for the job runner. */
export function planBootstrapCiShards(resamples: number, parts = 2): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const size = Math.ceil(resamples / parts);
  for (let s = 0; s < resamples; s += size) out.push({ start: s, end: Math.min(resamples, s + size) });
  return out;
}

function fitParams(dist: FamilyName, data: Float64Array): Params {
  const f = getFamily(dist);
  return f.fitStats ? f.fitStats(new SampleStats(data)) : f.fit(data);
}

/** The validated values in units, and the unit (the same for every shard and the merge). */
function valuesInUnits(values: Float64Array): { y: Float64Array; unit: number } {
  const unit = fittingUnit(values);
  return { y: inUnits(values, unit), unit };
}

/** Refits of resamples [start, end). `values` must be the validated sample (see validateSample). */
export function runBootstrapCiShard(
  values: Float64Array,
  configIn: BootstrapCiConfig,
  start: number,
  end: number,
  ctx: JobContext,
): BootstrapCiShard {
  const config = BootstrapCiConfigSchema.parse(configIn);
  const family = getFamily(config.dist);
  const { y } = valuesInUnits(values);
  const n = y.length;
  const names = [...family.paramNames];
  const p = names.length;
  const estimates = new Float64Array((end - start) * p).fill(NaN);
  const fitted = config.method === 'parametric' ? fitParams(config.dist, y) : null;
  const buf = new Float64Array(n);
  for (let r = start; r < end; r++) {
    if ((r - start) % 16 === 0) {
      ctx.checkCancelled();
      ctx.report({ fraction: (r - start) / (end - start), metrics: { resample: r } });
    }
    const rng = createRng(config.seed, BOOTSTRAP_STREAM_BASE + r);
    let data: Float64Array;
    if (fitted) {
      data = family.sample(rng, n, fitted);
    } else {
      for (let i = 0; i < n; i++) buf[i] = y[rng.int(n)];
      data = buf;
    }
    try {
      const est = fitParams(config.dist, data);
      const ok = names.every((k) => Number.isFinite(est[k]));
      if (ok) names.forEach((k, j) => (estimates[(r - start) * p + j] = est[k]));
    } catch {
      // A resample that cannot be fitted (e.g. all values equal) stays NaN and is counted as failed.
    }
  }
  ctx.report({ fraction: 1, metrics: { resample: end } });
  return { start, end, paramNames: names, estimates };
}

/** numpy's default (linear) quantile of ascending values. */
function quantileSorted(s: Float64Array, q: number): number {
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo] + (h - lo) * (s[hi] - s[lo]);
}

/** Jackknife estimates: leave-one-out for n <= JACKKNIFE_GROUPS, otherwise delete one strided group (i mod G). */
function jackknife(dist: FamilyName, values: Float64Array, names: string[]): Float64Array[] {
  const n = values.length;
  const groups = Math.min(n, JACKKNIFE_GROUPS);
  const out = names.map(() => new Float64Array(groups));
  const buf = new Float64Array(n);
  for (let g = 0; g < groups; g++) {
    let k = 0;
    for (let i = 0; i < n; i++) if (i % groups !== g) buf[k++] = values[i];
    const est = fitParams(dist, buf.subarray(0, k));
    names.forEach((name, j) => (out[j][g] = est[name]));
  }
  return out;
}

/** Percentile and BCa intervals from all shards (any order). */
export function mergeBootstrapCi(values: Float64Array, configIn: BootstrapCiConfig, shards: BootstrapCiShard[]): BootstrapCiResult {
  const config = BootstrapCiConfigSchema.parse(configIn);
  const ordered = [...shards].sort((a, b) => a.start - b.start);
  const names = ordered[0]?.paramNames ?? [...getFamily(config.dist).paramNames];
  const p = names.length;
  let covered = 0;
  for (const s of ordered) {
    if (s.start !== covered) throw new Error(`bootstrap shards leave a gap or overlap at resample ${covered}`);
    covered = s.end;
  }
  if (covered !== config.resamples) throw new Error(`bootstrap shards cover ${covered} of ${config.resamples} resamples`);
  const family = getFamily(config.dist);
  const { y, unit } = valuesInUnits(values);
  const estimate = fitParams(config.dist, y);
  const jack = jackknife(config.dist, y, names);
  const alpha = (1 - config.level) / 2;
  const zLo = normalQuantile(alpha);
  const zHi = normalQuantile(1 - alpha);
  const result: BootstrapCiResult = {
    dist: config.dist,
    method: config.method,
    level: config.level,
    resamples: config.resamples,
    failed: 0,
    estimate,
    bootstrapSe: {},
    bias: {},
    percentile: {},
    bca: {},
    z0: {},
    acceleration: {},
  };
  names.forEach((name, j) => {
    const col: number[] = [];
    for (const s of ordered) for (let r = 0; r < s.end - s.start; r++) col.push(s.estimates[r * p + j]);
    const finite = Float64Array.from(col.filter(Number.isFinite)).sort();
    result.failed = col.length - finite.length;
    const B = finite.length;
    if (B < 2) throw new Error(`only ${B} of ${config.resamples} bootstrap refits succeeded for ${config.dist}`);
    let mean = 0;
    for (let i = 0; i < B; i++) mean += finite[i];
    mean /= B;
    let ss = 0;
    for (let i = 0; i < B; i++) ss += (finite[i] - mean) ** 2;
    const theta = estimate[name];
    result.bootstrapSe[name] = Math.sqrt(ss / (B - 1));
    result.bias[name] = mean - theta;
    result.percentile[name] = [quantileSorted(finite, alpha), quantileSorted(finite, 1 - alpha)];
    // Bias correction: the normal quantile of the share of replicates below the estimate (ties count half).
    let below = 0;
    for (let i = 0; i < B; i++) below += finite[i] < theta ? 1 : finite[i] === theta ? 0.5 : 0;
    const z0 = normalQuantile(below / B);
    // Acceleration from the jackknife: a = sum d^3 / (6 (sum d^2)^1.5), d = mean(jack) - jack_i.
    const jk = jack[j];
    let jm = 0;
    for (let i = 0; i < jk.length; i++) jm += jk[i];
    jm /= jk.length;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < jk.length; i++) {
      const d = jm - jk[i];
      s2 += d * d;
      s3 += d * d * d;
    }
    const a = s2 > 0 ? s3 / (6 * Math.pow(s2, 1.5)) : 0;
    result.z0[name] = z0;
    result.acceleration[name] = a;
    if (Number.isFinite(z0)) {
      const adj = (z: number) => normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
      result.bca[name] = [quantileSorted(finite, adj(zLo)), quantileSorted(finite, adj(zHi))];
    } else {
      // Every replicate on one side of the estimate: BCa is undefined; report the percentile interval.
      result.bca[name] = result.percentile[name];
    }
  });
  return inDataUnits(result, family, unit);
}

/** The result computed in units, expressed for the data as given (z0 and the acceleration do not change). */
function inDataUnits(r: BootstrapCiResult, family: Family, unit: number): BootstrapCiResult {
  const interval = (iv: Record<string, [number, number]>) => {
    const lo = paramsFromUnits(family, Object.fromEntries(Object.entries(iv).map(([k, v]) => [k, v[0]])), unit);
    const hi = paramsFromUnits(family, Object.fromEntries(Object.entries(iv).map(([k, v]) => [k, v[1]])), unit);
    return Object.fromEntries(Object.keys(iv).map((k) => [k, [lo[k], hi[k]] as [number, number]]));
  };
  return {
    ...r,
    estimate: paramsFromUnits(family, r.estimate, unit),
    bootstrapSe: spreadFromUnits(family, r.bootstrapSe, unit),
    bias: spreadFromUnits(family, r.bias, unit),
    percentile: interval(r.percentile),
    bca: interval(r.bca),
  };
}

/** One-thread convenience: validate, run all resamples, merge. */
export function bootstrapCi(values: ArrayLike<number>, config: BootstrapCiConfig, ctx: JobContext): BootstrapCiResult {
  const parsed = BootstrapCiConfigSchema.parse(config);
  const clean = validateSample(values, parsed.dist).values;
  const shard = runBootstrapCiShard(clean, parsed, 0, parsed.resamples, ctx);
  return mergeBootstrapCi(clean, parsed, [shard]);
}
