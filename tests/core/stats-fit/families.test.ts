import { describe, expect, it } from 'vitest';
import { FAMILIES, getFamily, SampleStats } from '@core/stats/families';
import { fitPowerLawSorted, tailSize } from '@core/stats/families/powerlaw';
import type { Family, FamilyName, Params } from '@core/stats/family';
import { createRng } from '@core/random/rng';
import { dataset, reference, relErr } from './reference';

function sumLogpdf(f: Family, x: Float64Array, p: Params): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += f.logpdf(x[i], p);
  return s;
}

describe('densities, cdfs and quantiles against scipy', () => {
  for (const c of reference.densities) {
    it(`${c.dist} ${JSON.stringify(c.params)}`, () => {
      const f = getFamily(c.dist);
      c.x.forEach((x, i) => {
        expect(relErr(f.pdf(x, c.params), c.pdf[i]), `pdf(${x})`).toBeLessThan(1e-12);
        expect(relErr(f.logpdf(x, c.params), c.logpdf[i]), `logpdf(${x})`).toBeLessThan(1e-12);
        expect(relErr(f.cdf(x, c.params), c.cdf[i]), `cdf(${x})`).toBeLessThan(1e-12);
        if (f.logsf && c.logsf[i] > -700) {
          // scipy's own logsf loses relative accuracy where sf is near 1; compare absolutely there.
          const tol = Math.abs(c.logsf[i]) < 1e-3 ? 1e-15 : 1e-10 * Math.abs(c.logsf[i]);
          expect(Math.abs(f.logsf(x, c.params) - c.logsf[i]), `logsf(${x})`).toBeLessThan(tol);
        }
      });
      c.q.forEach((q, i) => {
        expect(relErr(f.quantile(q, c.params), c.ppf[i]), `ppf(${q})`).toBeLessThan(1e-11);
      });
      if (f.moments && Number.isFinite(c.mean)) expect(relErr(f.moments(c.params).mean, c.mean)).toBeLessThan(1e-12);
      if (f.moments && Number.isFinite(c.var)) expect(relErr(f.moments(c.params).variance, c.var)).toBeLessThan(1e-11);
    });
  }
});

describe('maximum-likelihood fits against scipy (floc = 0)', () => {
  for (const ds of reference.datasets) {
    it(ds.name, () => {
      const { x } = dataset(ds.name);
      const stats = new SampleStats(x);
      for (const [name, ref] of Object.entries(ds.fits) as [FamilyName, NonNullable<(typeof ds.fits)[FamilyName]>][]) {
        const f = getFamily(name);
        const p = f.fitStats ? f.fitStats(stats) : f.fit(x);
        const ll = sumLogpdf(f, x, p);
        if (f.logLikelihood) expect(relErr(f.logLikelihood(stats, p), ll), `${name} fast logLik`).toBeLessThan(1e-11);
        if (ref.closedForm) {
          for (const k of f.paramNames) expect(relErr(p[k], ref.params[k]), `${name}.${k}`).toBeLessThan(1e-9);
        } else {
          // Iterative: the same parameters to 1e-6, or a strictly higher likelihood than scipy's optimiser found.
          const close = f.paramNames.every((k) => relErr(p[k], ref.params[k]) < 1e-6);
          const refLl = sumLogpdf(f, x, ref.params);
          expect(close || ll > refLl, `${name}: ${JSON.stringify(p)} vs scipy ${JSON.stringify(ref.params)}`).toBe(true);
        }
        // Never worse than scipy (up to rounding of the sum).
        expect(ll, `${name} logLik`).toBeGreaterThanOrEqual(ref.logLik - 1e-9 * Math.abs(ref.logLik));
      }
    });
  }
});

describe('continuous power law (Clauset-Shalizi-Newman)', () => {
  for (const ds of reference.datasets.filter((d) => d.powerlaw)) {
    it(`${ds.name}: same xmin and alpha as an exhaustive scan`, () => {
      const { x } = dataset(ds.name);
      const p = FAMILIES.powerlaw.fit(x);
      const ref = ds.powerlaw!;
      expect(p.xmin).toBe(ref.xmin);
      expect(relErr(p.alpha, ref.alpha)).toBeLessThan(1e-12);
      expect(tailSize(new SampleStats(x).sorted, p.xmin)).toBe(ref.nTail);
    });
  }
  it('the coarse-to-fine scan of large samples lands next to the exhaustive minimum', () => {
    const rng = createRng(78);
    const body = getFamily('lognormal').sample(rng, 4000, { mu: -1, sigma: 0.5 });
    const tail = FAMILIES.powerlaw.sample(rng, 4000, { alpha: 2.5, xmin: 1 });
    const x = new Float64Array(8000);
    x.set(body.map((v) => Math.min(v, 0.999)));
    x.set(tail, 4000);
    const sorted = new SampleStats(x).sorted;
    const exhaustive = fitPowerLawSorted(sorted, Infinity);
    const coarse = fitPowerLawSorted(sorted, 1000);
    expect(coarse.ks).toBeLessThanOrEqual(exhaustive.ks * 1.1);
    expect(Math.abs(coarse.alpha - exhaustive.alpha)).toBeLessThan(0.05);
    expect(Math.abs(exhaustive.alpha - 2.5)).toBeLessThan(0.1);
    expect(FAMILIES.powerlaw.fit(x)).toEqual({ alpha: exhaustive.alpha, xmin: exhaustive.xmin });
  });
});

describe('properties', () => {
  const cases: [FamilyName, Params][] = [
    ['lognormal', { mu: 0.2, sigma: 0.7 }],
    ['normal', { mu: -1, sigma: 2 }],
    ['gamma', { shape: 0.6, scale: 2 }],
    ['gamma', { shape: 40, scale: 0.1 }],
    ['weibull', { shape: 1.7, scale: 3 }],
    ['exponential', { rate: 2.5 }],
    ['loglogistic', { scale: 1.2, shape: 4.5 }],
    ['invgauss', { mu: 1.2, lambda: 3 }],
    ['lognormal-mixture', { w: 0.3, mu1: -1, sigma1: 0.3, mu2: 0.5, sigma2: 0.6 }],
    ['powerlaw', { alpha: 6, xmin: 0.2 }], // alpha > 5: finite fourth moment, so the variance check is fair
  ];
  for (const [name, p] of cases) {
    it(`${name}: quantile(cdf(x)) = x, and seeded draws have the right mean and variance`, () => {
      const f = getFamily(name);
      for (const q of [0.001, 0.05, 0.3, 0.5, 0.7, 0.95, 0.999]) {
        const x = f.quantile(q, p);
        expect(relErr(f.cdf(x, p), q), `cdf(quantile(${q}))`).toBeLessThan(1e-11);
        expect(relErr(f.quantile(f.cdf(x, p), p), x), `quantile(cdf(${x}))`).toBeLessThan(1e-9);
      }
      const n = 200000;
      const draws = f.sample(createRng(2024, 1), n, p);
      const s = new SampleStats(draws);
      const m = f.moments!(p);
      // 5 standard errors of the mean; the variance check is looser (heavy-ish tails, fourth moments).
      expect(Math.abs(s.mean - m.mean)).toBeLessThan(5 * Math.sqrt(m.variance / n));
      expect(relErr(s.variance, m.variance)).toBeLessThan(0.05);
      // Refitting the family to its own draws recovers the parameters.
      const back = f.fit(draws);
      for (const k of f.paramNames) expect(relErr(back[k], p[k]), `${name}.${k}`).toBeLessThan(0.05);
    });
  }

  it('sampling is bit-reproducible for a seed and stream', () => {
    const a = FAMILIES.gamma.sample(createRng(5, 3), 100, { shape: 2, scale: 1 });
    const b = FAMILIES.gamma.sample(createRng(5, 3), 100, { shape: 2, scale: 1 });
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('unknown family names are refused with the known list', () => {
    expect(() => getFamily('cauchy')).toThrow(/unknown distribution family "cauchy".*lognormal/);
  });
});
