/**
 * Scale equivariance of every fit (fast-check property tests): multiplying the data by c in [1e-290, 1e290] moves
 * scale parameters by c, rates by 1/c, log-locations by log c, leaves shapes alone, changes the log-likelihood by
 * -n log c, standard errors the same way as their parameters, and nothing else (KS, AD, CvM, Akaike weights). The
 * fits run in rescaled units (stats/fit/units.ts), so values near 1e-300 or 1e300 fit like values near 1.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FAMILIES, FAMILY_NAMES } from '@core/stats/families';
import type { FamilyName, Params } from '@core/stats/family';
import { fitFamilies } from '@core/stats/fit/report';
import { bootstrapCi } from '@core/stats/fit/bootstrap-ci';
import { fitObserved } from '@core/stats/fit/observed';
import { createRng } from '@core/random/rng';
import { describe as describeSample } from '@core/stats/descriptives';

/** Where each family's samples are drawn (any parameters of moderate size do). */
const TRUE: Record<FamilyName, Params> = {
  lognormal: { mu: 0.3, sigma: 0.9 },
  normal: { mu: 0.5, sigma: 1.2 },
  gamma: { shape: 2.5, scale: 1.3 },
  weibull: { shape: 1.7, scale: 2 },
  exponential: { rate: 0.8 },
  loglogistic: { scale: 1.5, shape: 3 },
  invgauss: { mu: 1.2, lambda: 3 },
  'lognormal-mixture': { w: 0.4, mu1: -1, sigma1: 0.4, mu2: 0.8, sigma2: 0.5 },
  powerlaw: { alpha: 2.5, xmin: 1 },
};

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** The parameter of c X expected from that of X. */
function scaled(dist: FamilyName, name: string, v: number, c: number): number {
  const how = FAMILIES[dist].paramScaling[name];
  return how === 'scale' ? v * c : how === 'rate' ? v / c : how === 'log-location' ? v + Math.log(c) : v;
}

function expectParam(dist: FamilyName, name: string, got: number, base: number, c: number, tol: number): void {
  const want = scaled(dist, name, base, c);
  if (FAMILIES[dist].paramScaling[name] === 'log-location') {
    // A shift by log c: compare on the scale of |log c| (the rounding of log c itself is ~1e-16 of it).
    expect(Math.abs(got - want), `${dist}.${name}`).toBeLessThan(tol * (1 + Math.abs(want)));
  } else {
    expect(rel(got, want), `${dist}.${name}`).toBeLessThan(tol);
  }
}

function checkFamily(dist: FamilyName, seed: number, exponent: number, n: number): void {
  const x = FAMILIES[dist].sample(createRng(seed, 0), n, TRUE[dist]);
  const c = 10 ** exponent;
  const cx = x.map((v) => v * c);
  const opts = { vuong: false };
  const a = fitFamilies(x, [dist], opts).fits[0];
  const b = fitFamilies(cx, [dist], opts).fits[0];
  for (const name of FAMILIES[dist].paramNames) expectParam(dist, name, b.params[name], a.params[name], c, 1e-9);
  const shift = (a.tail?.n ?? n) * Math.log(c);
  expect(Math.abs(b.logLik - (a.logLik - shift)), 'logLik').toBeLessThan(1e-9 * (Math.abs(a.logLik) + Math.abs(shift)));
  for (const key of ['ks', 'ad', 'cvm'] as const) {
    if (a[key]) expect(rel(b[key]!.statistic, a[key]!.statistic), key).toBeLessThan(1e-7);
  }
  expect(Object.keys(b.se ?? {}).sort()).toEqual(Object.keys(a.se ?? {}).sort());
  for (const [name, se] of Object.entries(a.se ?? {})) {
    const how = FAMILIES[dist].paramScaling[name];
    const want = how === 'scale' ? se * c : how === 'rate' ? se / c : se;
    expect(rel(b.se![name], want), `se.${name}`).toBeLessThan(1e-5);
  }
  expect(b.unavailable).toEqual(a.unavailable);
}

describe('every family is scale-equivariant from 1e-290 to 1e290 (fast-check)', () => {
  const cheap = FAMILY_NAMES.filter((d) => d !== 'lognormal-mixture');
  for (const dist of cheap) {
    it(dist, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: -290, max: 290, noNaN: true }), fc.integer({ min: 25, max: 80 }), (seed, e, n) => {
          checkFamily(dist, seed, e, n);
        }),
        { seed: 20240601, numRuns: 25 },
      );
    });
  }
  it('lognormal-mixture', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: -290, max: 290, noNaN: true }), (seed, e) => {
        checkFamily('lognormal-mixture', seed, e, 60);
      }),
      { seed: 20240602, numRuns: 8 },
    );
  });

  it('at the extremes: values near 1e-300 and 1e300 fit like values near 1 (the normal no longer collapses)', () => {
    for (const dist of cheap) checkFamily(dist, 11, -299, 40);
    for (const dist of cheap) checkFamily(dist, 12, 298, 40);
    const tiny = fitFamilies(FAMILIES.normal.sample(createRng(3, 0), 50, { mu: 5, sigma: 1 }).map((v) => v * 1e-300), ['normal']);
    expect(tiny.fits[0].params.sigma).toBeGreaterThan(0.5e-300);
    expect(Number.isFinite(tiny.fits[0].logLik)).toBe(true);
  });

  it('descriptives too: sd, skewness and cv of values near 1e300 and 1e-300 (their squares overflow or underflow)', () => {
    const x = FAMILIES.gamma.sample(createRng(8, 0), 60, TRUE.gamma);
    const base = describeSample(x);
    for (const c of [1e300, 1e-300]) {
      const d = describeSample(x.map((v) => v * c));
      expect(rel(d.mean, base.mean * c)).toBeLessThan(1e-13);
      expect(rel(d.sd, base.sd * c)).toBeLessThan(1e-13);
      for (const k of ['skewness', 'excessKurtosis', 'cv'] as const) expect(rel(d[k]!, base[k]!)).toBeLessThan(1e-12);
    }
  });

  it('fits under a detection limit too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.double({ min: -290, max: 290, noNaN: true }), (seed, e) => {
        const x = FAMILIES.gamma.sample(createRng(seed, 0), 60, TRUE.gamma).filter((v) => v > 1);
        const c = 10 ** e;
        const a = fitObserved(x, 'gamma', { kind: 'censored', limit: 1, nBelow: 60 - x.length });
        const b = fitObserved(x.map((v) => v * c), 'gamma', { kind: 'censored', limit: c, nBelow: 60 - x.length });
        for (const k of ['shape', 'scale']) expectParam('gamma', k, b.params[k], a.params[k], c, 1e-7);
        expect(Math.abs(b.logLik - (a.logLik - x.length * Math.log(c)))).toBeLessThan(1e-8 * (Math.abs(a.logLik) + Math.abs(x.length * Math.log(c))));
      }),
      { seed: 20240603, numRuns: 10 },
    );
  });

  it('bootstrap intervals too (same resamples, intervals moved exactly like the parameters)', () => {
    const ctx = { rng: createRng(0), report: () => {}, checkCancelled: () => {} };
    const x = FAMILIES.weibull.sample(createRng(5, 0), 80, TRUE.weibull);
    const c = 1e-300;
    const a = bootstrapCi(x, { dist: 'weibull', resamples: 200, seed: 9 }, ctx);
    const b = bootstrapCi(x.map((v) => v * c), { dist: 'weibull', resamples: 200, seed: 9 }, ctx);
    for (const name of ['shape', 'scale']) {
      for (const k of [0, 1]) {
        expectParam('weibull', name, b.percentile[name][k], a.percentile[name][k], c, 1e-9);
        expectParam('weibull', name, b.bca[name][k], a.bca[name][k], c, 1e-9);
      }
      expect(rel(b.bootstrapSe[name], name === 'scale' ? a.bootstrapSe[name] * c : a.bootstrapSe[name])).toBeLessThan(1e-9);
    }
  });
});
