/**
 * Job kind 'fit': every requested family fitted to one sample, with the full report (parameters with standard errors
 * and confidence intervals, log-likelihood, AIC/AICc/BIC, Akaike weights, KS/AD/CvM with parametric-bootstrap
 * p-values, Vuong's test for each pair, the best family, descriptives, plot data).
 *
 * Shards: one 'report' shard (fits, criteria, statistics, descriptives, plots), then per family the bootstrap
 * goodness of fit cut into groups of stats/gof's fixed-size shards (gof shard i of a family always draws from stream
 * SHARD_STREAM_BASE + i of that family's seed), and with ci.resamples > 0 one bootstrap-CI shard per family. Every
 * shard prepares the sample and refits the same deterministic way, so no shard depends on another's output and the
 * result is identical bit for bit whatever the number of workers. Seeds per family depend on the family's place in
 * the full family list, not on which other families were requested.
 */
import { defineJobKind } from '../kind';
import type { JobContext } from '../../runtime/context';
import type { FamilyName } from '../../stats/family';
import { getFamily } from '../../stats/families/index';
import {
  bootstrapCi, fitFamilies, fitInUnits, fitObserved, lognormalProfileCi, type BootstrapCiResult, type FamilyFit, type FitReport,
  type LognormalProfileCi,
} from '../../stats/fit/index';
import {
  GOF_SHARD_SIZE, mergeGofShards, observedStatistics, planShards, runGofShard, type GofModel, type GofShardResult,
  type GofStatistics, type ShardSpec,
} from '../../stats/gof/bootstrap';
import { defaultGofModel, scaledGofModel } from '../../stats/gof/family-model';
import { describe, type Descriptives } from '../../stats/descriptives';
import { fitPlotData, type FitPlotData, type FittedDistribution } from '../../stats/plot/index';
import { normalQuantile } from '../../stats/special/normal';
import { fitFamilyNames, fitJobSchema, type FitJobConfig } from './fit-schema';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import { prepareFitSample, type PreparedFitSample } from './fit-sample';
import { limitGofModel, observedReport } from './fit-observed-report';
import { plotModel } from './fit-plot-models';
import { sampleCensored, sampleValues } from './sample-input';
import { describeSample, listShort } from './sample-names';
import { fitJobVerdict, type FitJobFit, type FitJobResult, type FitStatistic } from './fit-result';

/** The schema's family list must be exactly stats' FamilyName (the schema file may not import the numerics). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const FAMILY_LISTS_AGREE: Same<ReturnType<typeof fitFamilyNames>[number], FamilyName> = true;
const FIT_FAMILY_NAMES: readonly FamilyName[] = fitFamilyNames();

/** stats/gof shards per job shard: 256 resamples, few messages, and still several shards to share on two cores. */
export const GOF_SHARDS_PER_JOB_SHARD = 4;

const CONFIG_SCHEMA = fitJobSchema({ numericArraySchema, datasetColumnSchema });

type FitCore = Omit<FitJobConfig, 'source'>;

/** Every shard carries the sample (and the resolver's censoring flags, null when nothing is censored). */
interface SampleShard {
  values: Float64Array;
  censored: Uint8Array | null;
  config: FitCore;
}
type FitShard =
  | { task: 'fail'; message: string }
  | (SampleShard & { task: 'report' })
  | (SampleShard & { task: 'gof'; dist: FamilyName; seed: number; shards: ShardSpec[]; observed: boolean })
  | (SampleShard & { task: 'ci'; dist: FamilyName; seed: number });

interface ReportPart {
  task: 'report';
  report: FitReport;
  dropped: PreparedFitSample['dropped'];
  nBelow: number;
  profile: LognormalProfileCi | null;
  descriptives: Descriptives;
  plots: { linear: FitPlotData; log: FitPlotData | null };
}
interface GofPart {
  task: 'gof';
  dist: FamilyName;
  observed: GofStatistics | null;
  results: GofShardResult[];
  error: string | null;
}
interface CiPart {
  task: 'ci';
  dist: FamilyName;
  result: BootstrapCiResult | null;
  error: string | null;
}
type FitPart = ReportPart | GofPart | CiPart;

export type { FitStatistic, FitJobFit, FitJobResult, IntervalKind } from './fit-result';

/** A family's own seed for one purpose, independent of which other families the job fits (seed < 2^32). */
function familySeed(seed: number, dist: FamilyName, purpose: 'gof' | 'ci'): number {
  const index = FIT_FAMILY_NAMES.indexOf(dist) + (purpose === 'ci' ? FIT_FAMILY_NAMES.length : 0);
  return seed + (index + 1) * 2 ** 32;
}

function coreOf(config: FitJobConfig): FitCore {
  const { source: _source, ...core } = config;
  return core;
}

/**
 * The bootstrap goodness-of-fit model of `dist` fitted to the prepared sample exactly as the report fits it. Complete
 * data are tested in the report's units (the statistics do not change under rescaling; the simulated sets and
 * their refits then stay of order one whatever the data's magnitude).
 */
function gofModelOf(dist: FamilyName, sample: PreparedFitSample): GofModel {
  if (sample.model.kind !== 'complete') return limitGofModel(dist, fitObserved(sample.values, dist, sample.model).params, sample.model);
  const family = getFamily(dist);
  const fit = fitInUnits(family, sample.values);
  return scaledGofModel(defaultGofModel(family, fit.paramsInUnits), fit.unit);
}

function runReport(shard: Extract<FitShard, { task: 'report' }>): ReportPart {
  const { config } = shard;
  const sample = prepareFitSample(shard.values, config, shard.censored);
  const families = config.families as FamilyName[];
  const body = sample.model.kind === 'complete'
    ? fitFamilies(sample.values, families, { dropInvalid: false })
    : observedReport(sample, families);
  const report: FitReport = { ...body, dropped: sample.dropped, warnings: sample.warnings };
  const models = report.fits
    .map((f) => plotModel(f.dist, f.params, sample.model))
    .filter((m): m is FittedDistribution => m !== null);
  const plotOptions = { bins: config.plot.bins, maxPoints: config.plot.maxPoints };
  let positive = true;
  for (let i = 0; i < sample.values.length && positive; i++) if (!(sample.values[i] > 0)) positive = false;
  return {
    task: 'report',
    report,
    dropped: sample.dropped,
    nBelow: sample.nBelow,
    profile: sample.model.kind === 'complete' && families.includes('lognormal') && report.fits.some((f) => f.dist === 'lognormal')
      ? lognormalProfileCi(sample.values, config.ci.level)
      : null,
    descriptives: describe(sample.values),
    plots: {
      linear: fitPlotData(sample.values, models, { ...plotOptions, scale: 'linear' }),
      log: positive ? fitPlotData(sample.values, models, { ...plotOptions, scale: 'log' }) : null,
    },
  };
}

function runGof(shard: Extract<FitShard, { task: 'gof' }>, ctx: JobContext): GofPart {
  const part: GofPart = { task: 'gof', dist: shard.dist, observed: null, results: [], error: null };
  let model: GofModel;
  let n: number;
  try {
    const sample = prepareFitSample(shard.values, shard.config, shard.censored);
    model = gofModelOf(shard.dist, sample);
    n = sample.gofData.length;
    if (shard.observed) part.observed = observedStatistics(sample.gofData, model).observed;
  } catch (e) {
    // The report shard names the failure (e.g. a mixture on too few values); the p-values are then absent.
    part.error = e instanceof Error ? e.message : String(e);
    return part;
  }
  const total = shard.shards.reduce((s, g) => s + g.end - g.start, 0);
  let done = 0;
  for (const g of shard.shards) {
    const size = g.end - g.start;
    const sub: JobContext = {
      rng: ctx.rng,
      checkCancelled: () => ctx.checkCancelled(),
      report: (p) => ctx.report({ fraction: (done + p.fraction * size) / total, metrics: p.metrics }),
    };
    part.results.push(runGofShard(model, n, shard.seed, g, sub));
    done += size;
  }
  return part;
}

function runCi(shard: Extract<FitShard, { task: 'ci' }>, ctx: JobContext): CiPart {
  try {
    const sample = prepareFitSample(shard.values, shard.config, shard.censored);
    const { ci } = shard.config;
    const result = bootstrapCi(sample.values, { dist: shard.dist, resamples: ci.resamples, seed: shard.seed, level: ci.level, method: ci.method }, ctx);
    return { task: 'ci', dist: shard.dist, result, error: null };
  } catch (e) {
    return { task: 'ci', dist: shard.dist, result: null, error: e instanceof Error ? e.message : String(e) };
  }
}

function waldIntervals(fit: FamilyFit, level: number): Record<string, [number, number]> {
  const z = normalQuantile(0.5 + level / 2);
  const out: Record<string, [number, number]> = {};
  for (const [name, se] of Object.entries(fit.se ?? {})) {
    const est = fit.params[name];
    if (Number.isFinite(se)) out[name] = [est - z * se, est + z * se];
  }
  return out;
}

function statistic(value: { statistic: number } | undefined, pValue: number | null): FitStatistic | null {
  return value ? { statistic: value.statistic, pValue } : null;
}

/** Why a fit's goodness-of-fit p-values are missing, keyed like FamilyFit.unavailable. */
function pValueReasons(fit: FamilyFit, gof: FitJobFit['gof'], resamples: number): Record<string, string> {
  const why = resamples === 0 ? 'no bootstrap resamples were requested'
    : fit.tail ? 'the power law\'s bootstrap (which re-estimates xmin) is not offered'
    : gof && 'error' in gof ? `the bootstrap failed: ${gof.error}`
    : null;
  if (!why) return {};
  const out: Record<string, string> = {};
  for (const key of ['ks', 'ad', 'cvm'] as const) if (fit[key]) out[`${key}.pValue`] = why;
  return out;
}

export const fitKind = defineJobKind({
  entryKind: 'fit',
  describe: (config: FitJobConfig) => {
    const families = (config.families ?? []) as FamilyName[];
    const models = families.length > 0 ? listShort(families.map((f) => getFamily(f).label)) : 'the standard families';
    const obs = config.observation;
    const observed = obs?.kind === 'truncated' ? `, truncated at ${obs.threshold}` : obs?.kind === 'censored' ? `, censored at ${obs.limit}` : '';
    return `Fit of ${describeSample(config.source)}: ${models}${observed}`;
  },

  plan(configIn: FitJobConfig, seed: number): FitShard[] {
    const config = CONFIG_SCHEMA.parse(configIn);
    let sample: SampleShard;
    try {
      sample = { values: sampleValues(config.source), censored: sampleCensored(config.source), config: coreOf(config) };
    } catch (e) {
      // The history entry exists once plan runs: fail the job through a shard so the entry records the error.
      return [{ task: 'fail', message: e instanceof Error ? e.message : String(e) }];
    }
    const families = config.families as FamilyName[];
    const shards: FitShard[] = [{ task: 'report', ...sample }];
    if (config.resamples > 0) {
      const gofShards = planShards(config.resamples, GOF_SHARD_SIZE);
      for (const dist of families) {
        if (dist === 'powerlaw') continue; // its CSN bootstrap re-estimates xmin; not offered here
        for (let i = 0; i < gofShards.length; i += GOF_SHARDS_PER_JOB_SHARD) {
          shards.push({
            task: 'gof', ...sample, dist, seed: familySeed(seed, dist, 'gof'),
            shards: gofShards.slice(i, i + GOF_SHARDS_PER_JOB_SHARD), observed: i === 0,
          });
        }
      }
    }
    if (config.ci.resamples > 0 && config.observation.kind === 'complete') {
      for (const dist of families) if (dist !== 'powerlaw') shards.push({ task: 'ci', ...sample, dist, seed: familySeed(seed, dist, 'ci') });
    }
    return shards;
  },

  runShard(shard: FitShard, ctx): FitPart {
    if (shard.task === 'fail') throw new Error(shard.message);
    if (shard.task === 'report') return runReport(shard);
    if (shard.task === 'gof') return runGof(shard, ctx);
    return runCi(shard, ctx);
  },

  merge(configIn: FitJobConfig, parts: FitPart[]): FitJobResult {
    const config = CONFIG_SCHEMA.parse(configIn);
    const main = parts.find((p): p is ReportPart => p.task === 'report');
    if (!main) throw new Error('the fit report shard is missing');
    const { report } = main;
    const gofByDist = new Map<FamilyName, GofPart[]>();
    for (const p of parts) if (p.task === 'gof') gofByDist.set(p.dist, [...(gofByDist.get(p.dist) ?? []), p]);
    const ciByDist = new Map<FamilyName, CiPart>();
    for (const p of parts) if (p.task === 'ci') ciByDist.set(p.dist, p);

    const fits = report.fits.map((fit): FitJobFit => {
      let p: { ks: number | null; ad: number | null; cvm: number | null } = { ks: null, ad: null, cvm: null };
      let gof: FitJobFit['gof'] = null;
      const gofParts = gofByDist.get(fit.dist);
      if (gofParts) {
        const error = gofParts.find((g) => g.error !== null)?.error;
        const observed = gofParts.find((g) => g.observed !== null)?.observed;
        if (error || !observed) {
          gof = { error: error ?? 'observed statistics missing' };
        } else {
          try {
            const merged = mergeGofShards(observed, gofParts.flatMap((g) => g.results), config.resamples);
            p = { ks: merged.ks.pValue, ad: merged.ad.pValue, cvm: merged.cvm.pValue };
            gof = { resamples: merged.resamples, failed: merged.failed, firstError: merged.firstError };
          } catch (e) {
            gof = { error: e instanceof Error ? e.message : String(e) };
          }
        }
      }
      const ci: FitJobFit['ci'] = { level: config.ci.level, wald: waldIntervals(fit, config.ci.level), shown: 'wald' };
      if (fit.dist === 'lognormal' && main.profile) {
        ci.profile = { mu: main.profile.mu, sigma: main.profile.sigma };
        ci.shown = 'profile';
      }
      const boot = ciByDist.get(fit.dist);
      if (boot?.result) {
        ci.percentile = boot.result.percentile;
        ci.bca = boot.result.bca;
        ci.bootstrap = { resamples: boot.result.resamples, failed: boot.result.failed, method: boot.result.method };
        ci.shown = config.ci.interval;
      } else if (boot?.error) {
        ci.bootstrap = { error: boot.error };
      }
      const unavailable = { ...fit.unavailable, ...pValueReasons(fit, gof, config.resamples) };
      return {
        ...fit, ks: statistic(fit.ks, p.ks), ad: statistic(fit.ad, p.ad), cvm: statistic(fit.cvm, p.cvm), ci, gof,
        ...(Object.keys(unavailable).length > 0 ? { unavailable } : {}),
      };
    });
    const observation = config.observation.kind === 'censored' ? { ...config.observation, nBelow: main.nBelow } : config.observation;
    return {
      n: report.n, nBelow: main.nBelow, observation, dropped: main.dropped, warnings: report.warnings,
      families: config.families as FamilyName[], fits, best: report.best, verdict: fitJobVerdict({ fits }), failed: report.failed,
      vuong: report.vuong, resamples: config.resamples, descriptives: main.descriptives, plots: main.plots,
    };
  },

  headline: (r: FitJobResult) => {
    const verdict = r.verdict ?? fitJobVerdict(r);
    const best = r.fits.find((f) => f.dist === verdict.best);
    const out: Record<string, number | string> = {
      n: r.n, best: verdict.best ?? (verdict.indistinguishable.length > 0 ? 'indistinguishable' : 'none'), verdict: verdict.text,
    };
    if (best) {
      out.aic = best.aic;
      if (best.ks?.pValue != null) out.ksP = best.ks.pValue;
    }
    return out;
  },
});
