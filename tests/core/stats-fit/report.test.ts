import { describe, expect, it } from 'vitest';
import { FAMILIES, SampleStats, STANDARD_FAMILIES } from '@core/stats/families';
import type { Family, FamilyName, Params } from '@core/stats/family';
import { akaikeWeights, informationCriteria, vuongTest } from '@core/stats/fit/criteria';
import { logpdfSorted, pitSorted } from '@core/stats/fit/fast-eval';
import { numericHessian } from '@core/stats/fit/optimize';
import { fitFamilies } from '@core/stats/fit/report';
import { lognormalProfileCi, standardErrors } from '@core/stats/fit/uncertainty';
import { adStatistic, cvmStatistic, ksStatistic } from '@core/stats/gof/statistics';
import { trigamma } from '@core/stats/special';
import { createRng } from '@core/random/rng';
import { dataset, reference, relErr } from './reference';

function pointwise(f: Family, x: Float64Array, p: Params): Float64Array {
  return Float64Array.from(x, (v) => f.logpdf(v, p));
}

describe('Vuong test and information criteria', () => {
  it('Vuong statistics and p-values at scipy parameters match the reference (powerlaw normalized_ratio)', () => {
    for (const ds of reference.datasets) {
      const { x } = dataset(ds.name);
      for (const v of ds.vuong) {
        const fa = FAMILIES[v.a];
        const fb = FAMILIES[v.b];
        const r = vuongTest(v.a, pointwise(fa, x, ds.fits[v.a]!.params), v.b, pointwise(fb, x, ds.fits[v.b]!.params));
        expect(relErr(r.R, v.R), `${ds.name} ${v.a}/${v.b} R`).toBeLessThan(1e-9);
        expect(relErr(r.statistic, v.statistic), `${ds.name} ${v.a}/${v.b}`).toBeLessThan(1e-9);
        expect(Math.abs(r.pValue - v.pValue)).toBeLessThan(1e-12 + 1e-9 * v.pValue);
        expect(r.favoured).toBe(v.statistic > 0 ? v.a : v.b);
      }
    }
  });

  it('criteria formulas and Akaike weights', () => {
    const ic = informationCriteria(-100, 2, 50);
    expect(ic.aic).toBe(204);
    expect(ic.aicc).toBeCloseTo(204 + 12 / 47, 12);
    expect(ic.bic).toBeCloseTo(2 * Math.log(50) + 200, 12);
    expect(informationCriteria(-1, 3, 4).aicc).toBe(Infinity);
    const w = akaikeWeights([10, 12, 20]);
    expect(w.reduce((a, b) => a + b)).toBeCloseTo(1, 14);
    expect(w[0] / w[1]).toBeCloseTo(Math.E, 12);
  });

  it('identical models give statistic 0 and p = 1', () => {
    const l = Float64Array.of(-1, -2, -3);
    expect(vuongTest('a', l, 'b', l)).toMatchObject({ statistic: 0, pValue: 1, favoured: null });
  });
});

describe('fitFamilies report', () => {
  for (const name of ['lognormal-500', 'gamma-800', 'ties-300', 'tiny-5', 'large-1e5']) {
    it(`${name}: parameters, likelihoods, criteria, GOF statistics and Vuong`, () => {
      const { ds, x } = dataset(name);
      const rep = fitFamilies(x, STANDARD_FAMILIES);
      expect(rep.n).toBe(ds.n);
      expect(rep.fits.map((f) => f.dist)).toEqual(STANDARD_FAMILIES);
      const sorted = new SampleStats(x).sorted;
      for (const f of rep.fits) {
        const ref = ds.fits[f.dist]!;
        expect(f.logLik).toBeGreaterThanOrEqual(ref.logLik - 1e-9 * Math.abs(ref.logLik));
        if (ref.closedForm) expect(relErr(f.logLik, ref.logLik), f.dist).toBeLessThan(1e-10);
        expect(f.aic).toBeCloseTo(2 * f.k - 2 * f.logLik, 8);
        const fam = FAMILIES[f.dist];
        // The fast statistics equal the generic definitions of stats/gof.
        expect(relErr(f.ks!.statistic, ksStatistic(sorted, (v) => fam.cdf(v, f.params)))).toBeLessThan(1e-10);
        expect(relErr(f.cvm!.statistic, cvmStatistic(sorted, (v) => fam.cdf(v, f.params)))).toBeLessThan(1e-9);
        const lsf = fam.logsf;
        const ad = adStatistic(sorted, (v) => fam.cdf(v, f.params), lsf ? (v) => lsf(v, f.params) : undefined);
        expect(relErr(f.ad!.statistic, ad), `${f.dist} AD`).toBeLessThan(1e-9);
        for (const k of fam.paramNames) expect(f.se![k]).toBeGreaterThan(0);
      }
      const weights = rep.fits.map((f) => f.akaikeWeight!);
      expect(weights.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      const minAic = Math.min(...rep.fits.map((f) => f.aic));
      expect(rep.fits.find((f) => f.dist === rep.best)!.aic).toBe(minAic);
      expect(rep.vuong.length).toBe(21);
      for (const v of rep.vuong) {
        // The reference lists pairs in its own order: flip the sign when a and b are swapped.
        const same = ds.vuong.find((r) => r.a === v.a && r.b === v.b);
        const ref = same ?? ds.vuong.find((r) => r.a === v.b && r.b === v.a)!;
        const refStat = same ? ref.statistic : -ref.statistic;
        const closed = ds.fits[v.a as FamilyName]!.closedForm && ds.fits[v.b as FamilyName]!.closedForm;
        if (closed) expect(relErr(v.statistic, refStat), `${v.a}/${v.b}`).toBeLessThan(1e-8);
        if (Math.abs(refStat) > 1e-3) expect(Math.sign(v.statistic)).toBe(Math.sign(refStat));
      }
    });
  }

  it('the power law is reported on its tail, outside the weights, and compared with truncated rivals', () => {
    const { x } = dataset('pareto-2000');
    const rep = fitFamilies(x, ['lognormal', 'powerlaw']);
    const pl = rep.fits.find((f) => f.dist === 'powerlaw')!;
    expect(pl.tail!.xmin).toBe(reference.datasets.find((d) => d.name === 'pareto-2000')!.powerlaw!.xmin);
    expect(pl.akaikeWeight).toBeNull();
    expect(rep.best).toBe('lognormal');
    const names = rep.vuong.map((v) => v.b);
    expect(names).toContain('lognormal (truncated at xmin)');
    expect(names).toContain('exponential (truncated at xmin)');
    // Pareto data: the power law beats the exponential tail decisively.
    const vexp = rep.vuong.find((v) => v.b === 'exponential (truncated at xmin)')!;
    expect(vexp.statistic).toBeGreaterThan(3);
    expect(vexp.n).toBe(pl.tail!.n);
  });

  it('a family that cannot be fitted is listed in failed, never as NaN numbers', () => {
    const rep = fitFamilies([0.5, 1.2, 0.9, 2.2, 1.1], ['lognormal', 'lognormal-mixture', 'powerlaw']);
    expect(rep.failed).toEqual([{ dist: 'lognormal-mixture', error: 'a two-component mixture needs at least 20 values, got 5' }]);
    expect(rep.fits.map((f) => f.dist)).toEqual(['lognormal', 'powerlaw']);
    // Only the power law's ΔAIC and Akaike weight are null (by design, and said why); no statistic is NaN or infinite.
    const json = JSON.stringify(rep);
    expect(json.match(/"[a-zA-Z]+":null/g)).toEqual(['"deltaAic":null', '"akaikeWeight":null']);
    expect(rep.fits[1].unavailable).toMatchObject({
      deltaAic: expect.stringMatching(/only the tail/), akaikeWeight: expect.stringMatching(/only the tail/),
      ad: expect.stringMatching(/cdf is 0 at xmin/), 'se.xmin': expect.stringMatching(/Kolmogorov-Smirnov scan/),
    });
    expect(rep.fits[1].ad).toBeUndefined();
    expect(Number.isFinite(rep.fits[1].ks!.statistic)).toBe(true);
  });

  it('the mixture does not collapse a component onto tied values; its standard errors are given or explained', () => {
    const { x } = dataset('ties-300');
    const rep = fitFamilies(x, ['lognormal', 'lognormal-mixture']);
    const mix = rep.fits.find((f) => f.dist === 'lognormal-mixture')!;
    const { w, sigma1, sigma2 } = mix.params;
    expect(Math.min(w, 1 - w) * x.length).toBeGreaterThanOrEqual(Math.max(5, 0.05 * x.length) * (1 - 1e-12));
    expect(Math.min(sigma1, sigma2) / Math.max(sigma1, sigma2)).toBeGreaterThanOrEqual(0.5 * (1 - 1e-12));
    for (const k of FAMILIES['lognormal-mixture'].paramNames) {
      if (mix.se![k] === undefined) expect(mix.unavailable?.[`se.${k}`]).toMatch(/constraint|not positive definite/);
      else expect(Number.isFinite(mix.se![k])).toBe(true);
    }
  });

  it('bad input names the problem; dropInvalid reports the count', () => {
    expect(() => fitFamilies([1, 2, -3, 4], ['normal', 'gamma'])).toThrow(/1 value is zero or negative, but gamma needs positive values/);
    const rep = fitFamilies([1.2, NaN, 2.5, 0, 3.1, 0.7], ['lognormal'], { dropInvalid: true });
    expect(rep.n).toBe(4);
    expect(rep.dropped.total).toBe(2);
    expect(rep.warnings[0]).toMatch(/dropped 2 values/);
    expect(() => fitFamilies([], ['lognormal'])).toThrow(/empty/);
  });
});

describe('fast sorted-sample evaluation equals the generic family methods', () => {
  for (const name of STANDARD_FAMILIES) {
    it(name, () => {
      const { x } = dataset('weibull-600');
      const st = new SampleStats(x);
      const f = FAMILIES[name];
      const p = f.fit(x);
      const lp = new Float64Array(st.n);
      const u = new Float64Array(st.n);
      const lcdf = new Float64Array(st.n);
      const lsf = new Float64Array(st.n);
      logpdfSorted(f, p, st, lp);
      pitSorted(f, p, st, u, lcdf, lsf);
      for (let i = 0; i < st.n; i++) {
        const v = st.sorted[i];
        expect(relErr(lp[i], f.logpdf(v, p))).toBeLessThan(1e-12);
        expect(relErr(u[i], f.cdf(v, p))).toBeLessThan(1e-12);
        if (f.logsf && lsf[i] < -1e-6) expect(relErr(lsf[i], f.logsf(v, p))).toBeLessThan(1e-10);
        if (f.logcdf && lcdf[i] < -1e-6) expect(relErr(lcdf[i], f.logcdf(v, p))).toBeLessThan(1e-10);
      }
    });
  }
});

describe('standard errors and profile-likelihood intervals', () => {
  it('lognormal: sigma/sqrt(n) and sigma/sqrt(2n)', () => {
    const { x } = dataset('lognormal-500');
    const st = new SampleStats(x);
    const p = FAMILIES.lognormal.fit(x);
    const { se } = standardErrors(FAMILIES.lognormal, st, p);
    expect(relErr(se.mu, p.sigma / Math.sqrt(st.n))).toBeLessThan(1e-6);
    expect(relErr(se.sigma, p.sigma / Math.sqrt(2 * st.n))).toBeLessThan(1e-6);
  });

  it('gamma: the inverse of n [[trigamma(k), 1/theta], [1/theta, k/theta^2]]', () => {
    const { x } = dataset('gamma-800');
    const st = new SampleStats(x);
    const p = FAMILIES.gamma.fit(x);
    const { se, covariance } = standardErrors(FAMILIES.gamma, st, p);
    const a = st.n * trigamma(p.shape);
    const b = st.n / p.scale;
    const c = (st.n * p.shape) / (p.scale * p.scale);
    const det = a * c - b * b;
    expect(relErr(se.shape, Math.sqrt(c / det))).toBeLessThan(1e-6);
    expect(relErr(se.scale, Math.sqrt(a / det))).toBeLessThan(1e-6);
    expect(relErr(covariance[1], -b / det)).toBeLessThan(1e-5);
  });

  for (const name of ['weibull', 'loglogistic'] as const) {
    it(`${name}: analytic observed information equals a finite-difference Hessian`, () => {
      const { x } = dataset(`${name === 'weibull' ? 'weibull-600' : 'lognormal-500'}`);
      const st = new SampleStats(x);
      const f = FAMILIES[name];
      const p = f.fit(x);
      const names = f.paramNames;
      const ll = (t: Float64Array) => f.logLikelihood!(st, { [names[0]]: t[0], [names[1]]: t[1] });
      const theta = Float64Array.from(names, (k) => p[k]);
      const H = numericHessian(ll, theta, Float64Array.from(theta, (t) => 1e-4 * t));
      const info = f.observedInformation!(st, p);
      for (let i = 0; i < 4; i++) expect(relErr(info[i], -H[i]), `entry ${i}`).toBeLessThan(1e-5);
    });
  }

  it('power law alpha: (alpha - 1) / sqrt(n_tail)', () => {
    const x = FAMILIES.powerlaw.sample(createRng(9), 500, { alpha: 2.2, xmin: 1 });
    const st = new SampleStats(x);
    const p = { alpha: 2.2, xmin: 1 };
    expect(standardErrors(FAMILIES.powerlaw, st, p).se.alpha).toBeCloseTo(1.2 / Math.sqrt(500), 14);
  });

  it('lognormal profile-likelihood CIs match brentq on the profile', () => {
    for (const ds of reference.datasets.filter((d) => d.lognormalProfileCi)) {
      const { x } = dataset(ds.name);
      const ci = lognormalProfileCi(x, 0.95);
      const ref = ds.lognormalProfileCi!;
      for (const k of [0, 1]) {
        expect(relErr(ci.mu[k], ref.mu[k]), `${ds.name} mu`).toBeLessThan(1e-9);
        expect(relErr(ci.sigma[k], ref.sigma[k]), `${ds.name} sigma`).toBeLessThan(1e-9);
      }
    }
  });
});
