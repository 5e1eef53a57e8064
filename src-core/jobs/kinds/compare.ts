/**
 * Job kind 'compare': two samples -> the figures of stats/twosample's compareSamples (two-sample KS, k-sample
 * Anderson-Darling, Wasserstein-1 raw and log, median and log-sd ratios with bootstrap CIs), descriptives of both,
 * optionally a fitted scale factor for sample a with the statistics of s*a against b and their permutation p-values
 * that refit the scale (stats/twosample/scaled.ts), log-normal, gamma and Weibull fits of both samples as given
 * (compare-fits.ts), and the verdict weighing all of it (compare-verdict.ts).
 * Shards: one 'stats' shard, the ratio bootstrap in compareSamples' own fixed shards (RATIO_SHARD_SIZE, stream
 * SHARD_STREAM_BASE + i of the job seed), so the numbers equal compareSamples(a, b, { seed }) whatever the worker
 * count, and with a scale the permutations in scaledComparison's shards (streams SCALED_STREAM_BASE + i), equal to
 * scaledComparison(a, b, { method, resamples, seed }).
 */
import { defineJobKind } from '../kind';
import { describe, type Descriptives } from '../../stats/descriptives';
import { planShards, type ShardSpec } from '../../stats/gof/bootstrap';
import {
  andersonKSample, ks2Sample, mergeRatioShards, mergeScaledShards, RATIO_SHARD_SIZE, runRatioShard, runScaledShard,
  SCALED_SHARD_SIZE, scaledObserved, wasserstein1, wasserstein1Log, type CompareResult, type RatioShardResult,
  type ScaledObserved, type ScaledShardResult,
} from '../../stats/twosample/index';
import { describeComparison, describeSample } from './sample-names';
import { assertFiniteSample } from '../../stats/twosample/validate';
import { compareJobSchema, type CompareJobConfig } from './compare-schema';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import { fitBothSamples, type SampleFits } from './compare-fits';
import { compareJobVerdict, type CompareJobResult, type ScaleResult } from './compare-verdict';
import { dropNonFinite, sampleCensored, sampleValues, withoutCensored } from './sample-input';

const CONFIG_SCHEMA = compareJobSchema({ numericArraySchema, datasetColumnSchema });

type CompareShard =
  | { task: 'fail'; message: string }
  | { task: 'stats'; a: Float64Array; b: Float64Array; ksMethod: CompareJobConfig['ksMethod']; scale: CompareJobConfig['scale'] }
  | { task: 'ratio'; a: Float64Array; b: Float64Array; seed: number; shard: ShardSpec }
  | { task: 'scaled'; a: Float64Array; b: Float64Array; method: Exclude<CompareJobConfig['scale'], 'none'>; seed: number; shard: ShardSpec };

interface StatsPart {
  task: 'stats';
  ks2: CompareResult['ks2'];
  andersonKSample: CompareResult['andersonKSample'];
  wasserstein: number;
  wassersteinLog: number | null;
  descriptives: { a: Descriptives; b: Descriptives };
  scaled: { observed: ScaledObserved; wasserstein: number; wassersteinLog: number } | null;
  fits: { a: SampleFits; b: SampleFits } | null;
}
interface RatioPart extends RatioShardResult {
  task: 'ratio';
}
interface ScaledPart extends ScaledShardResult {
  task: 'scaled';
}
type ComparePart = StatsPart | RatioPart | ScaledPart;

export type { CompareJobResult, ScaleResult } from './compare-verdict';

function nonPositive(x: Float64Array): number {
  let k = 0;
  for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) k++;
  return k;
}

/**
 * The two samples. Censored values (flagged by the data-set resolver: only an upper bound is known) have no place in
 * these statistics: an error naming their count, or dropped with dropInvalid like NaN and infinities.
 */
function samplesOf(config: CompareJobConfig) {
  const one = (source: CompareJobConfig['a'], what: string) => {
    const raw = sampleValues(source, what);
    const flags = sampleCensored(source);
    const censored = flags ? flags.reduce((k, c) => k + c, 0) : 0;
    if (censored > 0 && !config.dropInvalid) {
      throw new Error(`${what}: ${censored} value(s) are censored (below a detection limit); drop them to compare`);
    }
    const kept = withoutCensored(raw, flags);
    if (!config.dropInvalid) return { values: kept, dropped: 0 };
    const clean = dropNonFinite(kept);
    return { values: clean.values, dropped: clean.dropped + censored };
  };
  const a = one(config.a, 'first sample');
  const b = one(config.b, 'second sample');
  return { a: a.values, b: b.values, dropped: { a: a.dropped, b: b.dropped } };
}

/** The scaled comparison: calibrated p-values from the permutation shards, or missing with the reason. */
function scaledResult(s: NonNullable<StatsPart['scaled']>, parts: ScaledPart[], resamples: number): ScaleResult {
  const base = { method: s.observed.method, factor: s.observed.factor, wasserstein: s.wasserstein, wassersteinLog: s.wassersteinLog };
  if (parts.length === 0) {
    const why = 'not computed: the p-values after scaling come from permutations that refit the scale, and none were requested (resamples 0)';
    return {
      ...base, ks: { statistic: s.observed.ks, pValue: null }, ad: { statistic: s.observed.ad, pValue: null }, calibration: null,
      unavailable: { 'ks.pValue': why, 'ad.pValue': why },
    };
  }
  const merged = mergeScaledShards(s.observed, parts, resamples);
  return { ...base, ks: merged.ks, ad: merged.ad, calibration: merged.calibration };
}

export const compareKind = defineJobKind({
  entryKind: 'comparison',
  describe: (config: CompareJobConfig) => describeComparison(describeSample(config.a), describeSample(config.b), config.scale),

  plan(configIn: CompareJobConfig, seed: number): CompareShard[] {
    const config = CONFIG_SCHEMA.parse(configIn);
    let samples: ReturnType<typeof samplesOf>;
    try {
      samples = samplesOf(config);
    } catch (e) {
      // The history entry exists once plan runs: fail the job through a shard so the entry records the error.
      return [{ task: 'fail', message: e instanceof Error ? e.message : String(e) }];
    }
    const { a, b } = samples;
    const shards: CompareShard[] = [{ task: 'stats', a, b, ksMethod: config.ksMethod, scale: config.scale }];
    // The ratios and a scale factor need positive values on both sides; otherwise the figures are reported missing.
    if (config.resamples > 0 && nonPositive(a) === 0 && nonPositive(b) === 0) {
      for (const shard of planShards(config.resamples, RATIO_SHARD_SIZE)) shards.push({ task: 'ratio', a, b, seed, shard });
      if (config.scale !== 'none') {
        for (const shard of planShards(config.resamples, SCALED_SHARD_SIZE)) shards.push({ task: 'scaled', a, b, method: config.scale, seed, shard });
      }
    }
    return shards;
  },

  runShard(shard: CompareShard, ctx): ComparePart {
    if (shard.task === 'fail') throw new Error(shard.message);
    if (shard.task === 'ratio') return { task: 'ratio', ...runRatioShard(shard.a, shard.b, shard.seed, shard.shard, ctx) };
    if (shard.task === 'scaled') return { task: 'scaled', ...runScaledShard(shard.a, shard.b, shard.method, shard.seed, shard.shard, ctx) };
    const { a, b } = shard;
    assertFiniteSample(a, 'first sample', 3);
    assertFiniteSample(b, 'second sample', 3);
    const logOk = nonPositive(a) === 0 && nonPositive(b) === 0;
    let scaled: StatsPart['scaled'] = null;
    if (shard.scale !== 'none') {
      const observed = scaledObserved(a, b, shard.scale);
      const sa = a.map((x) => x * observed.factor);
      scaled = { observed, wasserstein: wasserstein1(sa, b), wassersteinLog: wasserstein1Log(sa, b) };
    }
    return {
      task: 'stats',
      ks2: ks2Sample(a, b, { method: shard.ksMethod }),
      andersonKSample: andersonKSample([a, b]),
      wasserstein: wasserstein1(a, b),
      wassersteinLog: logOk ? wasserstein1Log(a, b) : null,
      descriptives: { a: describe(a), b: describe(b) },
      scaled,
      fits: logOk ? fitBothSamples(a, b) : null,
    };
  },

  merge(configIn: CompareJobConfig, parts: ComparePart[], seed: number): CompareJobResult {
    const config = CONFIG_SCHEMA.parse(configIn);
    const { a, b, dropped } = samplesOf(config);
    const stats = parts.find((p): p is StatsPart => p.task === 'stats');
    if (!stats) throw new Error('the comparison statistics shard is missing');
    const ratioParts = parts.filter((p): p is RatioPart => p.task === 'ratio');
    const ratios = ratioParts.length > 0 ? mergeRatioShards(a, b, ratioParts, { resamples: config.resamples, seed, level: config.level }) : null;
    const reasons: string[] = [];
    if (nonPositive(a) > 0) reasons.push(`first sample has ${nonPositive(a)} zero or negative value(s)`);
    if (nonPositive(b) > 0) reasons.push(`second sample has ${nonPositive(b)} zero or negative value(s)`);
    const result: CompareJobResult = {
      nA: a.length, nB: b.length, ks2: stats.ks2, andersonKSample: stats.andersonKSample, wasserstein: stats.wasserstein,
      wassersteinLog: stats.wassersteinLog, medianRatio: ratios?.medianRatio ?? null, logSdRatio: ratios?.logSdRatio ?? null,
      logScaleUnavailable: reasons.length > 0 ? `${reasons.join('; ')}: log-scale figures omitted` : null,
      dropped, resamples: ratios?.resamples ?? 0, level: config.level, descriptives: stats.descriptives,
      scaled: stats.scaled ? scaledResult(stats.scaled, parts.filter((p): p is ScaledPart => p.task === 'scaled'), config.resamples) : null,
      fits: stats.fits,
    };
    return { ...result, verdict: compareJobVerdict(result) };
  },

  headline: (r: CompareJobResult) => {
    const out: Record<string, number | string> = { nA: r.nA, nB: r.nB, ksD: r.ks2.statistic, ksP: r.ks2.pValue, wasserstein: r.wasserstein };
    const factor = r.scaled?.factor ?? r.scale?.factor;
    if (factor !== undefined) out.scale = factor;
    out.verdict = (r.verdict ?? compareJobVerdict(r)).text;
    return out;
  },
});
