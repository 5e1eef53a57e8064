/**
 * Job kind 'compare': two samples -> the figures of stats/twosample's compareSamples (two-sample KS, k-sample
 * Anderson-Darling, Wasserstein-1 raw and log, median and log-sd ratios with bootstrap CIs), descriptives of both,
 * and optionally a fitted scale factor for sample a with the statistics of s*a against b (compare-scale.ts), and
 * log-normal, gamma and Weibull fits of both samples as given (compare-fits.ts).
 * Shards: one 'stats' shard, and the ratio bootstrap in compareSamples' own fixed shards (RATIO_SHARD_SIZE, stream
 * SHARD_STREAM_BASE + i of the job seed), so the numbers equal compareSamples(a, b, { seed }) whatever the worker count.
 */
import { defineJobKind } from '../kind';
import { describe, type Descriptives } from '../../stats/descriptives';
import { planShards, type ShardSpec } from '../../stats/gof/bootstrap';
import {
  andersonKSample, ks2Sample, mergeRatioShards, RATIO_SHARD_SIZE, runRatioShard, wasserstein1, wasserstein1Log,
  type CompareResult, type Ks2Result, type RatioShardResult,
} from '../../stats/twosample/index';
import { describeComparison, describeSample } from './sample-names';
import { assertFiniteSample } from '../../stats/twosample/validate';
import { compareJobSchema, type CompareJobConfig } from './compare-schema';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import { fitScale, type ScaleMethod } from './compare-scale';
import { fitBothSamples, type SampleFits } from './compare-fits';
import { dropNonFinite, sampleCensored, sampleValues, withoutCensored } from './sample-input';

const CONFIG_SCHEMA = compareJobSchema({ numericArraySchema, datasetColumnSchema });

type CompareShard =
  | { task: 'fail'; message: string }
  | { task: 'stats'; a: Float64Array; b: Float64Array; ksMethod: CompareJobConfig['ksMethod']; scale: CompareJobConfig['scale'] }
  | { task: 'ratio'; a: Float64Array; b: Float64Array; seed: number; shard: ShardSpec };

interface ScaleResult {
  method: ScaleMethod;
  /** Sample a is multiplied by this factor. */
  factor: number;
  ks2: Ks2Result;
  wasserstein: number;
  wassersteinLog: number;
}

interface StatsPart {
  task: 'stats';
  ks2: Ks2Result;
  andersonKSample: CompareResult['andersonKSample'];
  wasserstein: number;
  wassersteinLog: number | null;
  descriptives: { a: Descriptives; b: Descriptives };
  scale: ScaleResult | null;
  fits: { a: SampleFits; b: SampleFits } | null;
}
interface RatioPart extends RatioShardResult {
  task: 'ratio';
}

export interface CompareJobResult extends CompareResult {
  dropped: { a: number; b: number };
  resamples: number;
  descriptives: { a: Descriptives; b: Descriptives };
  scale: ScaleResult | null;
  /** Fits of both samples as given (null when a sample has a zero or negative value; absent in older entries). */
  fits?: { a: SampleFits; b: SampleFits } | null;
}

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
    // The ratios need positive values on both sides; otherwise compareSamples reports them as unavailable.
    if (config.resamples > 0 && nonPositive(a) === 0 && nonPositive(b) === 0) {
      for (const shard of planShards(config.resamples, RATIO_SHARD_SIZE)) shards.push({ task: 'ratio', a, b, seed, shard });
    }
    return shards;
  },

  runShard(shard: CompareShard, ctx): StatsPart | RatioPart {
    if (shard.task === 'fail') throw new Error(shard.message);
    if (shard.task === 'ratio') return { task: 'ratio', ...runRatioShard(shard.a, shard.b, shard.seed, shard.shard, ctx) };
    const { a, b } = shard;
    assertFiniteSample(a, 'first sample', 3);
    assertFiniteSample(b, 'second sample', 3);
    const logOk = nonPositive(a) === 0 && nonPositive(b) === 0;
    let scale: ScaleResult | null = null;
    if (shard.scale !== 'none') {
      const factor = fitScale(a, b, shard.scale);
      const scaled = a.map((x) => x * factor);
      scale = {
        method: shard.scale, factor, ks2: ks2Sample(scaled, b, { method: shard.ksMethod }),
        wasserstein: wasserstein1(scaled, b), wassersteinLog: wasserstein1Log(scaled, b),
      };
    }
    return {
      task: 'stats',
      ks2: ks2Sample(a, b, { method: shard.ksMethod }),
      andersonKSample: andersonKSample([a, b]),
      wasserstein: wasserstein1(a, b),
      wassersteinLog: logOk ? wasserstein1Log(a, b) : null,
      descriptives: { a: describe(a), b: describe(b) },
      scale,
      fits: logOk ? fitBothSamples(a, b) : null,
    };
  },

  merge(configIn: CompareJobConfig, parts: (StatsPart | RatioPart)[], seed: number): CompareJobResult {
    const config = CONFIG_SCHEMA.parse(configIn);
    const { a, b, dropped } = samplesOf(config);
    const stats = parts.find((p): p is StatsPart => p.task === 'stats');
    if (!stats) throw new Error('the comparison statistics shard is missing');
    const ratioParts = parts.filter((p): p is RatioPart => p.task === 'ratio');
    const ratios = ratioParts.length > 0 ? mergeRatioShards(a, b, ratioParts, { resamples: config.resamples, seed, level: config.level }) : null;
    const reasons: string[] = [];
    if (nonPositive(a) > 0) reasons.push(`first sample has ${nonPositive(a)} zero or negative value(s)`);
    if (nonPositive(b) > 0) reasons.push(`second sample has ${nonPositive(b)} zero or negative value(s)`);
    return {
      nA: a.length, nB: b.length, ks2: stats.ks2, andersonKSample: stats.andersonKSample, wasserstein: stats.wasserstein,
      wassersteinLog: stats.wassersteinLog, medianRatio: ratios?.medianRatio ?? null, logSdRatio: ratios?.logSdRatio ?? null,
      logScaleUnavailable: reasons.length > 0 ? `${reasons.join('; ')}: log-scale figures omitted` : null,
      dropped, resamples: ratios?.resamples ?? 0, descriptives: stats.descriptives, scale: stats.scale, fits: stats.fits,
    };
  },

  headline: (r: CompareJobResult) => {
    const out: Record<string, number | string> = { nA: r.nA, nB: r.nB, ksD: r.ks2.statistic, ksP: r.ks2.pValue, wasserstein: r.wasserstein };
    if (r.scale) out.scale = r.scale.factor;
    return out;
  },
});
