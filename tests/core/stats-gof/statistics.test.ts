import { describe, expect, it } from 'vitest';
import { adFromLogs, adStatistic, cvmStatistic, ksStatistic } from '@core/stats/gof/statistics';
import { FAMILIES, SampleStats } from '@core/stats/families';
import type { FamilyName, Params } from '@core/stats/family';
import { pitSorted } from '@core/stats/fit/fast-eval';
import { gofStatistics } from '@core/stats/gof/bootstrap';
import { familyCdf } from '@core/stats/gof/family-model';
import { kolmogorovCriticalValue, kolmogorovSf } from '@core/stats/gof/kolmogorov';
import { lognormal } from '@core/stats/families/lognormal';
import { dataset, ref, relErr } from './reference-data';

interface GofRef {
  data: string;
  family: 'lognormal' | 'exponential';
  params: Record<string, number>;
  ks: number;
  ad: number;
  cvm: number;
  ksPValueExact: number;
}

function model(r: GofRef) {
  if (r.family === 'lognormal') {
    const p = { mu: r.params.mu, sigma: r.params.sigma };
    return { cdf: (x: number) => lognormal.cdf(x, p), logsf: (x: number) => lognormal.logsf!(x, p) };
  }
  const s = r.params.scale;
  return { cdf: (x: number) => -Math.expm1(-x / s), logsf: (x: number) => -x / s };
}

describe('KS, AD and CvM statistics against scipy', () => {
  const rows: GofRef[] = ref.gof;
  it('covers every positive data set with three models', () => {
    expect(rows.length).toBeGreaterThanOrEqual(3 * 10);
  });
  for (const r of rows) {
    it(`${r.data} vs ${r.family}(${Object.values(r.params).map((v) => v.toPrecision(4)).join(', ')})`, () => {
      const x = Float64Array.from(dataset(r.data)).sort();
      const m = model(r);
      expect(relErr(ksStatistic(x, m.cdf), r.ks)).toBeLessThan(1e-9);
      expect(relErr(adStatistic(x, m.cdf, m.logsf), r.ad)).toBeLessThan(1e-9);
      expect(relErr(cvmStatistic(x, m.cdf), r.cvm)).toBeLessThan(1e-9);
      // the KS table (kstest method='exact'), absolute p-value error
      expect(Math.abs(kolmogorovSf(x.length, r.ks) - r.ksPValueExact)).toBeLessThan(1e-9);
    });
  }
});

describe('Anderson-Darling in log space: points far in a tail keep A^2 finite', () => {
  const cases = ref.tailGof as { family: FamilyName; params: Params; values: number[]; ad: number; scipy: number | string }[];
  it('covers every family with a continuous cdf', () => {
    expect(cases.map((c) => c.family).sort()).toEqual(['exponential', 'gamma', 'invgauss', 'loglogistic', 'lognormal', 'normal', 'weibull']);
  });
  for (const c of cases) {
    it(`${c.family}: equals the 60-digit value (and scipy's where scipy's logcdf/logsf do not underflow)`, () => {
      const f = FAMILIES[c.family];
      const x = Float64Array.from(c.values);
      const n = x.length;
      // Every path that computes A^2: the generic statistic, the fit report's per-family loop, the bootstrap's.
      const generic = adStatistic(x, (v) => f.cdf(v, c.params), (v) => f.logsf!(v, c.params), (v) => f.logcdf!(v, c.params));
      const u = new Float64Array(n);
      const lcdf = new Float64Array(n);
      const lsf = new Float64Array(n);
      pitSorted(f, c.params, new SampleStats(x), u, lcdf, lsf);
      const report = adFromLogs(lcdf, lsf);
      const boot = gofStatistics(x, familyCdf(f, c.params)).ad;
      for (const ad of [generic, report, boot]) expect(relErr(ad, c.ad)).toBeLessThan(1e-9);
      if (typeof c.scipy === 'number') expect(relErr(generic, c.scipy)).toBeLessThan(1e-9);
    });
  }
});

describe('Kolmogorov distribution (scipy.stats.kstwo.sf)', () => {
  it('matches scipy on a grid of n and d to 1e-10 absolute', () => {
    let worst = 0;
    for (const r of ref.kstwo as { n: number; d: number; sf: number }[]) worst = Math.max(worst, Math.abs(kolmogorovSf(r.n, r.d) - r.sf));
    expect(worst).toBeLessThan(1e-10);
  });
  it('critical value inverts the survival function', () => {
    for (const n of [5, 50, 1000]) {
      const d = kolmogorovCriticalValue(n, 0.05);
      expect(Math.abs(kolmogorovSf(n, d) - 0.05)).toBeLessThan(1e-9);
    }
  });
});

describe('input checks', () => {
  const cdf = (x: number) => Math.min(1, Math.max(0, x));
  it('refuses empty, non-finite and unsorted samples with counts', () => {
    expect(() => ksStatistic(new Float64Array(0), cdf)).toThrow(/empty \(0 values\)/);
    expect(() => adStatistic(Float64Array.of(0.1, NaN, Infinity), cdf)).toThrow(/2 non-finite/);
    expect(() => cvmStatistic(Float64Array.of(0.3, 0.1, 0.2), cdf)).toThrow(/not sorted.*1 descent/);
  });
  it('refuses a cdf that returns NaN', () => {
    expect(() => ksStatistic(Float64Array.of(0.1, 0.2), () => NaN)).toThrow(/2 value\(s\) outside \[0, 1\]/);
  });
  it('AD is infinite (not NaN) when a point is impossible under the model', () => {
    expect(adStatistic(Float64Array.of(-1, 0.5, 0.7), cdf)).toBe(Infinity);
  });
});
