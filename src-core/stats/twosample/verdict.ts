/**
 * The verdict of a two-sample comparison: which aspects of the two distributions differ, weighing all the evidence
 * the comparison prints, so the headline cannot contradict the numbers beside it. Each aspect is judged at the
 * comparison's level (alpha = 1 - level, 5 % by default):
 *   - distribution: two-sample KS p < alpha (after scaling: the permutation p-value that refits the scale);
 *   - tails: k-sample Anderson-Darling p < alpha (it weights the tails more than KS does);
 *   - spread: the bootstrap CI of sd(log b) / sd(log a) excludes 1;
 *   - median: the CI of median(b) / median(a) excludes 1 (only without scaling: a fitted scale removes it);
 *   - family: the best-fitting families (best, or the set within ΔAIC < 2) of the two samples do not overlap.
 * "Same shape after scaling" is said only when none differs and each was tested. Several tests at 5 % each raise
 * the chance that some aspect differs by chance; scripts/compare-calibration.ts measures that rate under the null.
 */
import type { FamilyName } from '../family';
import { getFamily } from '../families/index';

export type CompareAspect = 'distribution' | 'tails' | 'spread' | 'median' | 'family';

export interface CompareEvidence {
  /** Confidence level of the ratio intervals; the tests use alpha = 1 - level. */
  level: number;
  /** Present when sample a was rescaled: its factor and the calibrated p-values (null when not computed). */
  scaled: { factor: number; ks: { statistic: number; pValue: number | null }; ad: { statistic: number; pValue: number | null } } | null;
  ks: { statistic: number; pValue: number };
  ad: { statistic: number; pValue: number; pValueBound: 'none' | 'capped' | 'floored' };
  medianRatio: { estimate: number; lower: number; upper: number } | null;
  logSdRatio: { estimate: number; lower: number; upper: number } | null;
  /** The families that may be called best for each sample (one, or the indistinguishable set); null without fits. */
  families: { a: FamilyName[]; b: FamilyName[] } | null;
}

export interface CompareVerdict {
  /** True only when every aspect was tested and none differs. */
  sameShape: boolean;
  differences: { aspect: CompareAspect; evidence: string }[];
  /** Aspects that could not be assessed, with the reason. */
  untested: string[];
  text: string;
}

function num(x: number): string {
  return Number(x.toPrecision(x >= 100 || x < 0.01 ? 3 : 2)).toString();
}

function p(value: number, bound: 'none' | 'capped' | 'floored' = 'none'): string {
  if (bound === 'floored' || value < 0.001) return 'p < 0.001';
  if (bound === 'capped') return 'p > 0.25';
  return `p = ${num(value)}`;
}

function ratio(r: { estimate: number; lower: number; upper: number }): string {
  return `${num(r.estimate)} [${num(r.lower)}, ${num(r.upper)}]`;
}

const words = (list: FamilyName[]) => list.map((d) => getFamily(d).word).join(' or ');

/** How each aspect is named in the verdict's sentence. */
const ASPECT_WORDS: Record<CompareAspect, string> = {
  distribution: 'distribution', tails: 'tails', spread: 'spread', median: 'median', family: 'best family',
};

export function compareVerdict(e: CompareEvidence): CompareVerdict {
  const alpha = 1 - e.level;
  const pct = `${Math.round(e.level * 100)} %`;
  const differences: CompareVerdict['differences'] = [];
  const untested: string[] = [];
  const agree: string[] = [];
  const ks = e.scaled ? e.scaled.ks : e.ks;
  const ad = e.scaled ? { ...e.scaled.ad, bound: 'none' as const } : { ...e.ad, bound: e.ad.pValueBound };
  if (ks.pValue === null) untested.push('the distribution and tails after scaling (no permutation resamples)');
  else if (ks.pValue < alpha) differences.push({ aspect: 'distribution', evidence: `two-sample KS D = ${num(ks.statistic)}, ${p(ks.pValue)}` });
  else agree.push(`KS ${p(ks.pValue)}`);
  if (ad.pValue !== null) {
    if (ad.pValue < alpha) differences.push({ aspect: 'tails', evidence: `Anderson-Darling ${p(ad.pValue, ad.bound)}` });
    else agree.push(`Anderson-Darling ${p(ad.pValue, ad.bound)}`);
  }
  if (!e.logSdRatio) untested.push('the spread (no bootstrap resamples, or values that are not positive)');
  else if (e.logSdRatio.lower > 1 || e.logSdRatio.upper < 1) {
    differences.push({ aspect: 'spread', evidence: `sd(log B) / sd(log A) = ${ratio(e.logSdRatio)}, ${pct} CI excludes 1` });
  } else agree.push(`sd(log B) / sd(log A) = ${ratio(e.logSdRatio)}`);
  if (!e.scaled) {
    if (!e.medianRatio) untested.push('the medians (no bootstrap resamples, or values that are not positive)');
    else if (e.medianRatio.lower > 1 || e.medianRatio.upper < 1) {
      differences.push({ aspect: 'median', evidence: `median B / median A = ${ratio(e.medianRatio)}, ${pct} CI excludes 1` });
    } else agree.push(`median B / median A = ${ratio(e.medianRatio)}`);
  }
  if (!e.families) untested.push('the best-fitting families (no fits)');
  else if (!e.families.a.some((d) => e.families!.b.includes(d))) {
    differences.push({ aspect: 'family', evidence: `A ${words(e.families.a)}, B ${words(e.families.b)}` });
  } else {
    agree.push(`best family ${words(e.families.a.filter((d) => e.families!.b.includes(d)))} in both`);
  }
  const scaledBy = e.scaled ? ` after scaling A by ${num(e.scaled.factor)}` : '';
  const calibrated = e.scaled && ks.pValue !== null ? ' (p-values calibrated for the fitted scale)' : '';
  const notTested = untested.length > 0 ? ` Not tested: ${untested.join('; ')}.` : '';
  let text: string;
  if (differences.length > 0) {
    const list = differences.map((d) => `${ASPECT_WORDS[d.aspect]} (${d.evidence})`).join('; ');
    text = `${e.scaled ? 'The shapes differ' : 'The distributions differ'}${scaledBy}${calibrated} in: ${list}.${notTested}`;
  } else if (untested.length === 0) {
    text = `${e.scaled ? 'Same shape' : 'No detectable difference'}${scaledBy}${calibrated}: no aspect differs at ${num(alpha * 100)} % (${agree.join('; ')}).`;
  } else if (agree.length > 0) {
    text = `No difference found${scaledBy}${calibrated} in what was tested (${agree.join('; ')}).${notTested}`;
  } else {
    text = `Nothing could be tested${scaledBy}.${notTested}`;
  }
  return { sameShape: differences.length === 0 && untested.length === 0, differences, untested, text };
}
