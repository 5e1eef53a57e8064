/**
 * The fit report: every requested family fitted to one validated sample, with log-likelihood, AIC, AICc, BIC,
 * Akaike weights and AIC differences, observed-information standard errors, KS/AD/CvM statistics (from stats/gof)
 * and Vuong's test for each pair. Data-set sums (logs, moments, the sorted copy) are computed once and shared by all
 * families. Everything is computed in rescaled units (units.ts) and mapped back, so the report is scale-equivariant;
 * a figure that cannot be computed is absent and `unavailable` says why.
 *
 * The power law describes only the tail x >= xmin, so its likelihood is not comparable with full-data fits: it gets
 * its own tail log-likelihood and criteria (marked `tail`), is left out of the Akaike weights and of `best`, and is
 * compared by Vuong's test with each of lognormal, gamma, Weibull, exponential fitted to the same tail under
 * left truncation at xmin (as the powerlaw package's distribution_compare does).
 */
import { z } from 'zod';
import type { Family, FamilyName, Params } from '../family';
import { FAMILY_NAMES, getFamily, SampleStats, STANDARD_FAMILIES } from '../families/index';
import { tailSize } from '../families/powerlaw';
import { adFromLogs, cvmFromPit, ksFromPit } from '../gof/statistics';
import { activeMixtureConstraints } from '../families/lognormal-mixture';
import { akaikeWeights, informationCriteria, vuongTest, type VuongResult } from './criteria';
import { logpdfSorted, pitSorted } from './fast-eval';
import { fitObserved } from './observed';
import { standardErrors } from './uncertainty';
import { fittingUnit, inUnits, paramsFromUnits, spreadFromUnits } from './units';
import { validateSample } from './validate';

export const FamilyNameSchema = z.enum(FAMILY_NAMES as [FamilyName, ...FamilyName[]]);

export const FitFamiliesOptionsSchema = z.object({
  /** Drop NaN, infinite and non-positive values (counted in `dropped`) instead of refusing the sample. */
  dropInvalid: z.boolean().default(false),
  /** Compute KS, AD and CvM statistics of each fit. */
  gof: z.boolean().default(true),
  /** Compute observed-information standard errors. */
  se: z.boolean().default(true),
  /** Compute Vuong's test for each pair of families. */
  vuong: z.boolean().default(true),
});
export type FitFamiliesOptions = z.input<typeof FitFamiliesOptionsSchema>;

export interface FamilyFit {
  dist: FamilyName;
  params: Params;
  logLik: number;
  /** Number of estimated parameters used in the criteria. */
  k: number;
  aic: number;
  aicc: number;
  bic: number;
  /** AIC minus the lowest AIC among the full-data fits of this report; null for the tail-only power law. */
  deltaAic: number | null;
  /** Among the full-data fits of this report; null for the tail-only power law. */
  akaikeWeight: number | null;
  /** Observed-information standard errors (only the finite ones; `unavailable` names the others); null if not asked. */
  se: Params | null;
  /** Constraints of the model the estimate lies on (the two-log-normal mixture), in words; absent when none. */
  atBound?: string[];
  /** Why a figure is missing, keyed by its path in this object ("se.sigma", "akaikeWeight"). */
  unavailable?: Record<string, string>;
  ks?: { statistic: number };
  /** Not reported for the power law (infinite: its cdf is 0 at xmin, a data point). */
  ad?: { statistic: number };
  cvm?: { statistic: number };
  /** Present for the power law: its likelihood and statistics refer to the n values >= xmin. */
  tail?: { xmin: number; n: number };
}

export interface FitReport {
  n: number;
  dropped: { nan: number; infinite: number; nonPositive: number; total: number };
  warnings: string[];
  fits: FamilyFit[];
  /** The full-data family with the lowest AIC (see verdict.ts for what may be concluded from it). */
  best: FamilyName | null;
  /** Requested families that could not be fitted to this sample (e.g. a mixture on 5 values), with the reason. */
  failed: { dist: FamilyName; error: string }[];
  vuong: VuongResult[];
}

const TAIL_RIVALS: readonly FamilyName[] = ['lognormal', 'gamma', 'weibull', 'exponential'];

function pointwiseLogpdf(family: Family, x: Float64Array, p: Params): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = family.logpdf(x[i], p);
  return out;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

const SINGULAR = 'the observed information is not positive definite at the estimate (a flat likelihood or an estimate on a boundary)';

/** The finite standard errors of `raw`; the others are named in `unavailable` with the reason. */
export function finiteSe(family: Family, raw: Params, unavailable: Record<string, string>): Params {
  const se: Params = {};
  for (const k of family.paramNames) {
    if (Number.isFinite(raw[k])) se[k] = raw[k];
    else if (family.name === 'powerlaw' && k === 'xmin') unavailable[`se.${k}`] = 'xmin is chosen by the Kolmogorov-Smirnov scan, not by likelihood';
    else unavailable[`se.${k}`] = SINGULAR;
  }
  return se;
}

/** Standard errors in data units, the unusable ones moved to `unavailable` with the reason. */
function seOf(family: Family, stats: SampleStats, pUnits: Params, unit: number, atBound: string[], unavailable: Record<string, string>): Params {
  if (atBound.length > 0) {
    for (const k of family.paramNames) {
      unavailable[`se.${k}`] = `the estimate lies on a constraint of the model (${atBound.join('; ')}): standard errors do not apply there; use bootstrap intervals`;
    }
    return {};
  }
  return finiteSe(family, spreadFromUnits(family, standardErrors(family, stats, pUnits).se, unit), unavailable);
}

/** Fits `names` (default: the standard families) to `values` and compares them. */
export function fitFamilies(
  values: ArrayLike<number>,
  names: readonly FamilyName[] = STANDARD_FAMILIES,
  options: FitFamiliesOptions = {},
): FitReport {
  const opts = FitFamiliesOptionsSchema.parse(options);
  if (names.length === 0) throw new Error('no distribution families requested');
  const families = names.map((n) => getFamily(n));
  const checked = validateSample(values, families, { dropInvalid: opts.dropInvalid });
  // Every family is fitted to the data in units (an exact power-of-two rescaling) and mapped back.
  const unit = fittingUnit(checked.values);
  const logUnit = Math.log(unit);
  const stats = new SampleStats(inUnits(checked.values, unit));
  const n = stats.n;
  const fits: FamilyFit[] = [];
  const pointwise = new Map<FamilyName, Float64Array>();
  const u = new Float64Array(n);
  const logCdf = new Float64Array(n);
  const logSf = new Float64Array(n);
  const failed: { dist: FamilyName; error: string }[] = [];
  for (const family of families) {
    let pUnits: Params;
    try {
      pUnits = family.fitStats ? family.fitStats(stats) : family.fit(stats.data);
      if (!family.paramNames.every((k) => Number.isFinite(pUnits[k]))) throw new Error('the fit did not converge to finite parameters');
    } catch (e) {
      failed.push({ dist: family.name, error: e instanceof Error ? e.message : String(e) });
      continue;
    }
    const isTail = family.name === 'powerlaw';
    // Everything below works on the sorted sample (the power law on its tail, the last nTail sorted values).
    const from = isTail ? n - tailSize(stats.sorted, pUnits.xmin) : 0;
    const data = stats.sorted.subarray(from);
    const lpAll = new Float64Array(n);
    logpdfSorted(family, pUnits, stats, lpAll, from);
    const lp = lpAll.subarray(from);
    if (!isTail) pointwise.set(family.name, lp);
    // Densities of x = unit y carry the Jacobian 1/unit per value.
    const logLik = sum(lp) - data.length * logUnit;
    const k = family.paramNames.length;
    const ic = informationCriteria(logLik, k, data.length);
    const params = paramsFromUnits(family, pUnits, unit);
    const unavailable: Record<string, string> = {};
    const atBound = family.name === 'lognormal-mixture' ? activeMixtureConstraints(pUnits, n) : [];
    const fit: FamilyFit = {
      dist: family.name,
      params,
      logLik,
      k,
      aic: ic.aic,
      aicc: ic.aicc,
      bic: ic.bic,
      deltaAic: null,
      akaikeWeight: null,
      se: opts.se ? seOf(family, stats, pUnits, unit, atBound, unavailable) : null,
    };
    if (atBound.length > 0) fit.atBound = atBound;
    if (isTail) {
      fit.tail = { xmin: params.xmin, n: data.length };
      const why = 'the power law describes only the tail x >= xmin, so its likelihood is not comparable with full-data fits';
      unavailable.deltaAic = why;
      unavailable.akaikeWeight = why;
    }
    if (opts.gof) {
      pitSorted(family, pUnits, stats, u, logCdf, logSf, from);
      const uu = u.subarray(from);
      for (let i = 0; i < uu.length; i++) {
        if (!(uu[i] >= 0 && uu[i] <= 1)) throw new Error(`${family.name} cdf returned ${uu[i]} at x = ${data[i] * unit}`);
      }
      fit.ks = { statistic: ksFromPit(uu) };
      // The power law's cdf is exactly 0 at xmin, itself a data point, so its A^2 is infinite: not reported.
      if (!isTail) fit.ad = { statistic: adFromLogs(logCdf.subarray(from), logSf.subarray(from)) };
      else unavailable.ad = 'the power law\'s cdf is 0 at xmin, itself a data point, so A^2 is infinite';
      fit.cvm = { statistic: cvmFromPit(uu) };
    }
    if (Object.keys(unavailable).length > 0) fit.unavailable = unavailable;
    fits.push(fit);
  }
  const full = fits.filter((f) => !f.tail);
  const weights = akaikeWeights(full.map((f) => f.aic));
  const minAic = Math.min(...full.map((f) => f.aic));
  full.forEach((f, i) => {
    f.akaikeWeight = weights[i];
    f.deltaAic = f.aic - minAic;
  });
  let best: FamilyName | null = null;
  let bestAic = Infinity;
  for (const f of full) if (f.aic < bestAic) [best, bestAic] = [f.dist, f.aic];
  const vuong: VuongResult[] = [];
  if (opts.vuong) {
    // Pointwise log-densities in units differ from those of the data by the same -log(unit) for every family.
    for (let i = 0; i < full.length; i++) {
      for (let j = i + 1; j < full.length; j++) {
        const a = full[i].dist;
        const b = full[j].dist;
        vuong.push(vuongTest(a, pointwise.get(a)!, b, pointwise.get(b)!));
      }
    }
    const pl = fits.find((f) => f.tail);
    if (pl) vuong.push(...powerLawComparisons(paramsToUnitsOf(pl, unit), stats));
  }
  return { n, dropped: checked.dropped, warnings: checked.warnings, fits, best, failed, vuong };
}

/** The power law's fit with its parameters in units (for comparisons on the data in units). */
function paramsToUnitsOf(pl: FamilyFit, unit: number): FamilyFit {
  return { ...pl, params: { alpha: pl.params.alpha, xmin: pl.params.xmin / unit } };
}

/** Power law against each rival fitted to the same tail under left truncation at xmin. */
function powerLawComparisons(pl: FamilyFit, stats: SampleStats): VuongResult[] {
  const tail = stats.sorted.subarray(stats.n - pl.tail!.n);
  const out: VuongResult[] = [];
  const lpl = pointwiseLogpdf(getFamily('powerlaw'), tail, pl.params);
  for (const rival of TAIL_RIVALS) {
    const fam = getFamily(rival);
    try {
      const fit = fitObserved(tail, rival, { kind: 'truncated', threshold: pl.params.xmin });
      const lr = pointwiseLogpdf(fam, tail, fit.params);
      const shift = fam.logsf!(pl.params.xmin, fit.params);
      for (let i = 0; i < lr.length; i++) lr[i] -= shift;
      out.push(vuongTest('powerlaw', lpl, `${rival} (truncated at xmin)`, lr));
    } catch {
      // A rival that cannot be fitted to this tail (e.g. too few distinct values) is simply not compared.
    }
  }
  return out;
}
