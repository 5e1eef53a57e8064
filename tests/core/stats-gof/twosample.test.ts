import { describe, expect, it } from 'vitest';
import { ks2Sample } from '@core/stats/twosample/ks2';
import { andersonKSample } from '@core/stats/twosample/anderson-ksamp';
import { wasserstein1, wasserstein1Log } from '@core/stats/twosample/wasserstein';
import { compareSamples } from '@core/stats/twosample/compare';
import { silentContext } from '@core/runtime/context';
import { createRng } from '@core/random/rng';
import { dataset, ref, relErr } from './reference-data';

function resolve(name: string): Float64Array {
  if (name === 'lognormal200[0:50]') return dataset('lognormal200').slice(0, 50);
  if (name === 'lognormal200[50:100]*1.6') return dataset('lognormal200').slice(50, 100).map((v) => v * 1.6);
  if (name === 'large1e5[0:700]*1.05') return dataset('large1e5').slice(0, 700).map((v) => v * 1.05);
  return dataset(name);
}

describe('two-sample KS against scipy.stats.ks_2samp', () => {
  const rows: { a: string; b: string; method: 'auto' | 'exact' | 'asymp'; statistic: number; pValue: number }[] = ref.ks2;
  it('covers exact (ties, tiny, n <= 50, equal sizes) and asymptotic cases', () => {
    const methods = rows.map((r) => ks2Sample(resolve(r.a), resolve(r.b), { method: r.method }).method);
    expect(methods.filter((m) => m === 'exact').length).toBeGreaterThanOrEqual(8);
    expect(methods.filter((m) => m === 'asymp').length).toBeGreaterThanOrEqual(4);
  });
  for (const r of rows) {
    it(`${r.a} vs ${r.b} (${r.method})`, () => {
      const res = ks2Sample(resolve(r.a), resolve(r.b), { method: r.method });
      expect(relErr(res.statistic, r.statistic)).toBeLessThan(1e-12);
      expect(Math.abs(res.pValue - r.pValue)).toBeLessThan(1e-6);
      // symmetric in its arguments
      const swapped = ks2Sample(resolve(r.b), resolve(r.a), { method: r.method });
      expect(swapped.statistic).toBe(res.statistic);
      expect(Math.abs(swapped.pValue - res.pValue)).toBeLessThan(1e-12);
    });
  }
  it('refuses empty and non-finite samples with counts', () => {
    expect(() => ks2Sample([], [1, 2])).toThrow(/first sample is empty \(0 values\)/);
    expect(() => ks2Sample([1, 2], [1, NaN, Infinity])).toThrow(/second sample contains 2 non-finite/);
  });
});

describe('k-sample Anderson-Darling against scipy.stats.anderson_ksamp', () => {
  for (const r of ref.andersonKSample as { samples: string[]; statistic: number; criticalValues: number[]; pValue: number }[]) {
    it(r.samples.join(' + '), () => {
      const res = andersonKSample(r.samples.map(dataset));
      expect(relErr(res.statistic, r.statistic)).toBeLessThan(1e-9);
      res.criticalValues.forEach((c, i) => expect(relErr(c, r.criticalValues[i])).toBeLessThan(1e-12));
      expect(relErr(res.pValue, r.pValue)).toBeLessThan(1e-9);
      if (res.pValueBound === 'none') expect(res.pValue).toBeGreaterThan(0.001);
    });
  }
  it('refuses fewer than two samples and a single distinct value', () => {
    expect(() => andersonKSample([[1, 2, 3]])).toThrow(/at least 2 samples, got 1/);
    expect(() => andersonKSample([[2, 2], [2, 2, 2]])).toThrow(/2 distinct values, got 1 among 5/);
  });
});

describe('Wasserstein-1 against scipy.stats.wasserstein_distance', () => {
  for (const r of ref.wasserstein as { a: string; b: string; raw: number; log?: number }[]) {
    it(`${r.a} vs ${r.b}`, () => {
      expect(relErr(wasserstein1(dataset(r.a), dataset(r.b)), r.raw)).toBeLessThan(1e-9);
      if (r.log !== undefined) expect(relErr(wasserstein1Log(dataset(r.a), dataset(r.b)), r.log)).toBeLessThan(1e-9);
      else expect(() => wasserstein1Log(dataset(r.a), dataset(r.b))).toThrow(/zero or negative value/);
    });
  }
  it('names the count of non-positive values on the log scale', () => {
    expect(() => wasserstein1Log([1, 2, 3], [0, -1, 2])).toThrow(/second sample has 2 zero or negative value\(s\)/);
  });
});

describe('compareSamples (the compare command and page)', () => {
  it('bundles the two-sample figures consistently with the single functions', () => {
    const a = dataset('expon50');
    const b = dataset('lognormal200');
    const r = compareSamples(a, b, { resamples: 300, seed: 5 }, silentContext(createRng(0)));
    expect(r.nA).toBe(50);
    expect(r.ks2).toEqual(ks2Sample(a, b));
    expect(r.andersonKSample).toEqual(andersonKSample([a, b]));
    expect(r.wasserstein).toBe(wasserstein1(a, b));
    expect(r.wassersteinLog).toBe(wasserstein1Log(a, b));
    expect(r.medianRatio!.lower).toBeLessThan(r.medianRatio!.upper);
    expect(r.logScaleUnavailable).toBeNull();
    const json = JSON.parse(JSON.stringify(r));
    expect(json.ks2.pValue).toBe(r.ks2.pValue);
  });
  it('omits log-scale figures for non-positive data and says why', () => {
    const r = compareSamples(dataset('normal1000'), dataset('gamma2000'), { resamples: 0 }, silentContext(createRng(0)));
    expect(r.wassersteinLog).toBeNull();
    expect(r.medianRatio).toBeNull();
    expect(r.logScaleUnavailable).toMatch(/first sample has \d+ zero or negative value\(s\)/);
    expect(() => compareSamples([1, 2, 3], [1, 2, 3], { resamples: 50 }, silentContext(createRng(0)))).toThrow();
  });
});
