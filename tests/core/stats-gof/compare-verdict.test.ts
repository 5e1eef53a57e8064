/**
 * The comparison verdict (stats/twosample/verdict.ts, worded for jobs by jobs/kinds/compare-verdict.ts): it weighs
 * every figure the comparison prints and names the aspects that differ.
 */
import { describe, expect, it } from 'vitest';
import { lognormal } from '@core/stats/families';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { compareVerdict, type CompareEvidence } from '@core/stats/twosample/verdict';
import { compareKind, type CompareJobResult } from '@core/jobs/kinds/compare';
import { compareJobVerdict } from '@core/jobs/kinds/compare-verdict';
import type { CompareJobInput } from '@core/jobs/kinds/compare-schema';

function runCompare(config: CompareJobInput, seed = 3): CompareJobResult {
  const shards = compareKind.plan(config as never, seed);
  const parts = shards.map((s, i) => compareKind.runShard(s, silentContext(createRng(seed, i + 1))));
  return compareKind.merge(config as never, parts, seed);
}

const values = (x: Float64Array) => ({ type: 'values' as const, values: Array.from(x) });

const none: CompareEvidence = {
  level: 0.95,
  scaled: { factor: 2, ks: { statistic: 0.1, pValue: 0.4 }, ad: { statistic: 0.2, pValue: 0.3 } },
  ks: { statistic: 0.3, pValue: 1e-6 },
  ad: { statistic: 9, pValue: 0.001, pValueBound: 'floored' },
  medianRatio: { estimate: 2, lower: 1.8, upper: 2.2 },
  logSdRatio: { estimate: 0.97, lower: 0.88, upper: 1.08 },
  families: { a: ['lognormal'], b: ['lognormal', 'gamma'] },
};

describe('compareVerdict', () => {
  it('"same shape after scaling" only when no aspect differs (the unscaled KS and the medians do not count then)', () => {
    const v = compareVerdict(none);
    expect(v).toMatchObject({ sameShape: true, differences: [], untested: [] });
    expect(v.text).toBe(
      'Same shape after scaling A by 2 (p-values calibrated for the fitted scale): no aspect differs at 5 % ' +
        '(KS p = 0.4; Anderson-Darling p = 0.3; sd(log B) / sd(log A) = 0.97 [0.88, 1.1]; best family log-normal in both).',
    );
  });

  it('names every aspect that differs, with its evidence', () => {
    const v = compareVerdict({
      ...none,
      scaled: { factor: 2, ks: { statistic: 0.1, pValue: 0.2 }, ad: { statistic: 3, pValue: 0.004 } },
      logSdRatio: { estimate: 0.84, lower: 0.77, upper: 0.92 },
      families: { a: ['lognormal'], b: ['gamma', 'weibull'] },
    });
    expect(v.sameShape).toBe(false);
    expect(v.differences.map((d) => d.aspect)).toEqual(['tails', 'spread', 'family']);
    expect(v.text).toBe(
      'The shapes differ after scaling A by 2 (p-values calibrated for the fitted scale) in: tails (Anderson-Darling p = 0.004); ' +
        'spread (sd(log B) / sd(log A) = 0.84 [0.77, 0.92], 95 % CI excludes 1); best family (A log-normal, B gamma or Weibull).',
    );
  });

  it('without scaling, the medians count and the unscaled tests are used (the AD level as a bound)', () => {
    const v = compareVerdict({ ...none, scaled: null });
    expect(v.differences.map((d) => d.aspect)).toEqual(['distribution', 'tails', 'median']);
    expect(v.text).toMatch(/^The distributions differ in: distribution \(two-sample KS D = 0\.3, p < 0\.001\); tails \(Anderson-Darling p < 0\.001\); median/);
  });

  it('never claims the same shape for what it could not test', () => {
    const v = compareVerdict({ ...none, scaled: { factor: 2, ks: { statistic: 0.1, pValue: null }, ad: { statistic: 0.2, pValue: null } }, logSdRatio: null, families: null });
    expect(v.sameShape).toBe(false);
    expect(v.untested).toHaveLength(3);
    expect(v.text).toMatch(/^Nothing could be tested after scaling A by 2\. Not tested: the distribution and tails after scaling/);
    const partly = compareVerdict({ ...none, logSdRatio: null });
    expect(partly.sameShape).toBe(false);
    expect(partly.text).toMatch(/^No difference found after scaling A by 2 \(p-values calibrated for the fitted scale\) in what was tested \(KS p = 0\.4; .*\)\. Not tested: the spread/);
  });
});

describe('compare job verdict', () => {
  it('log-sd ratio 0.84 at n = 300 per sample: the verdict says the spread differs', () => {
    const a = lognormal.sample(createRng(40, 1), 300, { mu: 0, sigma: 1 });
    const b = lognormal.sample(createRng(40, 2), 300, { mu: 0.7, sigma: 0.84 });
    const r = runCompare({ a: values(a), b: values(b), scale: 'median', resamples: 400 });
    expect(r.verdict!.sameShape).toBe(false);
    expect(r.verdict!.differences.map((d) => d.aspect)).toContain('spread');
    expect(r.logSdRatio!.upper).toBeLessThan(1);
    expect(r.verdict!.text).toMatch(/^The shapes differ after scaling A by [0-9.]+ \(p-values calibrated for the fitted scale\) in: .*spread \(sd\(log B\) \/ sd\(log A\) = 0\.8/);
    expect(compareKind.headline(r).verdict).toBe(r.verdict!.text);
  });

  it('one log-normal shape at two scales: same shape after scaling', () => {
    const a = lognormal.sample(createRng(41, 1), 200, { mu: 0, sigma: 0.8 });
    const b = lognormal.sample(createRng(41, 2), 250, { mu: 2.5, sigma: 0.8 });
    const r = runCompare({ a: values(a), b: values(b), scale: 'wasserstein-log', resamples: 400 });
    expect(r.verdict).toMatchObject({ sameShape: true, differences: [] });
    expect(r.verdict!.text).toMatch(/^Same shape after scaling A by 1[0-9.]* \(p-values calibrated/);
    // Stored entries without a verdict get the same one.
    expect(compareJobVerdict({ ...r, verdict: undefined })).toEqual(r.verdict);
  });

  it('an entry from before calibrated scaling is judged on the samples as given, and says so', () => {
    const a = lognormal.sample(createRng(42, 1), 100, { mu: 0, sigma: 0.8 });
    const b = lognormal.sample(createRng(42, 2), 100, { mu: 1, sigma: 0.8 });
    const r = runCompare({ a: values(a), b: values(b), resamples: 200 });
    const legacy = { ...r, verdict: undefined, scaled: undefined, scale: { method: 'median' as const, factor: 2.7, ks2: r.ks2, wasserstein: 0, wassersteinLog: 0 } };
    const v = compareJobVerdict(legacy);
    expect(v.sameShape).toBe(false);
    expect(v.text).toMatch(/predates p-values calibrated for a fitted scale/);
  });
});
