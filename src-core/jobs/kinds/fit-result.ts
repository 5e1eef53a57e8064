/**
 * The result of a fit job and what is concluded from it: the fitted families with their goodness-of-fit p-values
 * and intervals, and the verdict (stats/fit/verdict.ts) computed from exactly the intervals the report shows. The
 * CLI, the job headline and the renderer all word the result through `fitJobVerdict`, so they cannot disagree;
 * entries stored before the verdict existed get the same verdict when read.
 */
import type { FamilyName } from '../../stats/family';
import type { FamilyFit, FitReport } from '../../stats/fit/index';
import { fitVerdict, type FitVerdict, type VerdictInput } from '../../stats/fit/verdict';
import type { Descriptives } from '../../stats/descriptives';
import type { FitPlotData } from '../../stats/plot/index';
import type { FitJobConfig } from './fit-schema';
import type { PreparedFitSample } from './fit-sample';

export interface FitStatistic {
  statistic: number;
  /** Parametric-bootstrap p-value under the observation model; null without resamples or when the bootstrap failed. */
  pValue: number | null;
}

/** Which intervals the report shows beside the parameters. */
export type IntervalKind = 'bca' | 'percentile' | 'profile' | 'wald';

export interface FitJobFit extends Omit<FamilyFit, 'ks' | 'ad' | 'cvm'> {
  ks: FitStatistic | null;
  ad: FitStatistic | null;
  cvm: FitStatistic | null;
  ci: {
    level: number;
    /** estimate -/+ z * se (observed information). */
    wald: Record<string, [number, number]>;
    /** Log-normal, complete data: profile-likelihood intervals. */
    profile?: { mu: [number, number]; sigma: [number, number] };
    /** With ci.resamples > 0 (complete data): bootstrap percentile and BCa intervals. */
    percentile?: Record<string, [number, number]>;
    bca?: Record<string, [number, number]>;
    bootstrap?: { resamples: number; failed: number; method: string } | { error: string };
    /** The intervals the report shows (absent in entries made before it was recorded). */
    shown?: IntervalKind;
  };
  /** The goodness-of-fit bootstrap: resamples, failed refits, first error; null when not run. */
  gof: { resamples: number; failed: number; firstError: string | null } | { error: string } | null;
}

export interface FitJobResult {
  n: number;
  /** Censored rows (left-censored data only); included in n; equal to observation.nBelow. */
  nBelow: number;
  /** The observation model as fitted (censored: nBelow counts every censored row). */
  observation: FitJobConfig['observation'];
  dropped: PreparedFitSample['dropped'];
  warnings: string[];
  families: FamilyName[];
  fits: FitJobFit[];
  /** The lowest AIC (a fact); whether it may be called best is the verdict's. */
  best: FamilyName | null;
  /** What may be concluded (absent in entries made before it was recorded: use fitJobVerdict). */
  verdict?: FitVerdict;
  failed: { dist: FamilyName; error: string }[];
  vuong: FitReport['vuong'];
  resamples: number;
  descriptives: Descriptives;
  plots: { linear: FitPlotData; log: FitPlotData | null };
}

/** The intervals a fit shows: the chosen bootstrap kind, else profile likelihood (log-normal), else Wald. */
export function shownIntervals(fit: FitJobFit, preferred: 'bca' | 'percentile' = 'bca'): { kind: IntervalKind; bounds: Record<string, [number, number]> } {
  const kind: IntervalKind = fit.ci.shown ?? (fit.ci[preferred] ? preferred : fit.ci.profile ? 'profile' : 'wald');
  const bounds = (kind === 'profile' ? fit.ci.profile : fit.ci[kind]) ?? fit.ci.wald;
  return { kind, bounds: { ...fit.ci.wald, ...bounds } };
}

const KIND_WORDS: Record<IntervalKind, string> = { bca: 'BCa bootstrap', percentile: 'percentile bootstrap', profile: 'profile-likelihood', wald: 'Wald' };

/** The verdict on a fit job's result, from the intervals it shows. */
export function fitJobVerdict(result: Pick<FitJobResult, 'fits'>): FitVerdict {
  const inputs: VerdictInput[] = result.fits.map((f) => {
    const shown = shownIntervals(f);
    return {
      dist: f.dist, aic: f.aic, akaikeWeight: f.akaikeWeight, params: f.params, atBound: f.atBound,
      intervals: { level: f.ci.level, bounds: shown.bounds, kind: KIND_WORDS[shown.kind] },
    };
  });
  return fitVerdict(inputs);
}
