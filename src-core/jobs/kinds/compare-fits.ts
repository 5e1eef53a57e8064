/**
 * The fits of both samples of a comparison, so a user sees the predicted and the measured distribution each described
 * by the same families (stats/fit's fitFamilies, the one fitting implementation). Only the positive families that
 * weight data are usually compared with: their parameters are what a paper reports (log-normal mu and sigma of the
 * logs, gamma and Weibull shape and scale).
 */
import type { FamilyName } from '../../stats/family';
import { fitFamilies } from '../../stats/fit/report';
import { fitVerdict, type FitVerdict } from '../../stats/fit/verdict';

export const COMPARE_FAMILIES: readonly FamilyName[] = ['lognormal', 'gamma', 'weibull'];

export interface SampleFit {
  dist: FamilyName;
  params: Record<string, number>;
  /** Standard errors from the observed information; null where the information matrix was singular. */
  se: Record<string, number> | null;
  logLik: number;
  aic: number;
}

export interface SampleFits {
  /** The lowest AIC (a fact); whether it may be called best is the verdict's. */
  best: FamilyName | null;
  /** Best only with ΔAIC >= 2, else the indistinguishable families (stats/fit/verdict.ts; absent in older entries). */
  verdict?: Pick<FitVerdict, 'best' | 'indistinguishable' | 'text'>;
  fits: SampleFit[];
}

function fitsOf(values: Float64Array): SampleFits {
  const report = fitFamilies(values, COMPARE_FAMILIES);
  const { best, indistinguishable, text } = fitVerdict(report.fits);
  return {
    best: report.best,
    verdict: { best, indistinguishable, text },
    fits: report.fits.map((f) => ({ dist: f.dist, params: { ...f.params }, se: f.se ? { ...f.se } : null, logLik: f.logLik, aic: f.aic })),
  };
}

/** Both samples' fits, or null when either sample has a zero or negative value (these families live on x > 0). */
export function fitBothSamples(a: Float64Array, b: Float64Array): { a: SampleFits; b: SampleFits } | null {
  const positive = (x: Float64Array) => x.every((v) => v > 0);
  return positive(a) && positive(b) ? { a: fitsOf(a), b: fitsOf(b) } : null;
}
