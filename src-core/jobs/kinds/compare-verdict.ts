/**
 * The result of a comparison job and its verdict (stats/twosample/verdict.ts), worded from exactly the figures the
 * result holds. The CLI, the job headline and the Compare page all use `compareJobVerdict`, so they cannot disagree;
 * entries stored before the verdict existed get one when read. Their scaled KS p-value was the textbook one (not
 * calibrated for the fitted scale), so it is not used: such entries are judged on the unscaled tests, and say so.
 */
import type { FamilyName } from '../../stats/family';
import type { Descriptives } from '../../stats/descriptives';
import type { ScaleMethod } from '../../stats/twosample/scale';
import type { CompareResult, Ks2Result } from '../../stats/twosample/index';
import { compareVerdict, type CompareVerdict } from '../../stats/twosample/verdict';
import { fitVerdict } from '../../stats/fit/verdict';
import type { SampleFits } from './compare-fits';

/** Sample a rescaled by a fitted factor, with the statistics of s*a against b. */
export interface ScaleResult {
  method: ScaleMethod;
  /** Sample a is multiplied by this factor. */
  factor: number;
  /** Two-sample KS of s*a against b; the p-value from permutations that refit the scale (null: none requested). */
  ks: { statistic: number; pValue: number | null };
  /** Standardised k-sample Anderson-Darling of s*a against b, p-value calibrated the same way. */
  ad: { statistic: number; pValue: number | null };
  calibration: { method: 'permutation'; resamples: number } | null;
  wasserstein: number;
  wassersteinLog: number;
  /** Why a figure is missing, keyed by its path ("ks.pValue"). */
  unavailable?: Record<string, string>;
}

/** What entries made before calibrated scaling stored (its KS p-value ignores that the scale was fitted). */
export interface LegacyScaleResult {
  method: ScaleMethod;
  factor: number;
  ks2: Ks2Result;
  wasserstein: number;
  wassersteinLog: number;
}

export interface CompareJobResult extends CompareResult {
  dropped: { a: number; b: number };
  resamples: number;
  /** Level of the ratio intervals; the verdict's tests use 1 - level (absent in older entries: 0.95). */
  level?: number;
  descriptives: { a: Descriptives; b: Descriptives };
  /** With a fitted scale (absent in older entries, which have `scale`). */
  scaled?: ScaleResult | null;
  /** Older entries only. */
  scale?: LegacyScaleResult | null;
  /** Fits of both samples as given (null when a sample has a zero or negative value; absent in older entries). */
  fits?: { a: SampleFits; b: SampleFits } | null;
  /** What may be concluded (absent in older entries: use compareJobVerdict). */
  verdict?: CompareVerdict;
}

/** The families that may be called best for one sample: the verdict's best, or its indistinguishable set. */
function bestFamilies(s: SampleFits): FamilyName[] {
  const v = s.verdict ?? fitVerdict(s.fits.map((f) => ({ dist: f.dist, aic: f.aic, akaikeWeight: 0, params: f.params })));
  return v.best ? [v.best] : v.indistinguishable;
}

export function compareJobVerdict(r: CompareJobResult): CompareVerdict {
  const verdict = compareVerdict({
    level: r.level ?? 0.95,
    scaled: r.scaled ? { factor: r.scaled.factor, ks: r.scaled.ks, ad: r.scaled.ad } : null,
    ks: r.ks2,
    ad: r.andersonKSample,
    medianRatio: r.medianRatio,
    logSdRatio: r.logSdRatio,
    families: r.fits ? { a: bestFamilies(r.fits.a), b: bestFamilies(r.fits.b) } : null,
  });
  if (!r.scaled && r.scale) {
    const note = 'this entry predates p-values calibrated for a fitted scale, so it is judged on the samples as given';
    return { ...verdict, untested: [...verdict.untested, note], sameShape: false, text: `${verdict.text} (Note: ${note}.)` };
  }
  return verdict;
}
