/**
 * The constrained two-log-normal mixture (families/lognormal-mixture*.ts) against an independent implementation of
 * the same model (tests/fixtures/stats-fit/generate_mixture.py: scipy's L-BFGS-B from 60 starts), and how often AIC
 * picks it on data that are one log-normal.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FAMILIES, lognormal } from '@core/stats/families';
import type { Params } from '@core/stats/family';
import { fitFamilies } from '@core/stats/fit/report';
import { minComponentWeight, mixtureLogLik } from '@core/stats/families/lognormal-mixture-em';
import { mixtureDerivatives } from '@core/stats/families/lognormal-mixture-polish';
import { createRng } from '@core/random/rng';
import { dataset, relErr } from './reference';

interface MixtureFixture {
  constraints: { minValues: number; minFraction: number; minSdRatio: number };
  fits: { name: string; source?: string; x?: string; logLik: number; params: Params; lognormalLogLik?: number }[];
  null: { n: number; replicates: number; aicThreshold: number; rate: number; rateSe: number };
}
const fixture = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/stats-fit/mixture.json', import.meta.url)), 'utf8')) as MixtureFixture;
const mixture = FAMILIES['lognormal-mixture'];

function decode(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function values(f: MixtureFixture['fits'][number]): Float64Array {
  if (f.x) return decode(f.x);
  if (f.source === 'reference.json') return dataset(f.name).x;
  const csv = readFileSync(fileURLToPath(new URL(`../../../${f.source}`, import.meta.url)), 'utf8');
  return Float64Array.from(csv.split('\n').map((l) => l.split(',')).filter((c) => /^c\d+$/.test(c[0])).map((c) => Number(c[1])));
}

function sumLogpdf(x: Float64Array, p: Params): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += mixture.logpdf(x[i], p);
  return s;
}

/** Both constraints of the model, for n values. */
function expectFeasible(p: Params, n: number): void {
  expect(Math.min(p.w, 1 - p.w) * n).toBeGreaterThanOrEqual(Math.max(5, 0.05 * n) * (1 - 1e-12));
  expect(Math.min(p.sigma1, p.sigma2) / Math.max(p.sigma1, p.sigma2)).toBeGreaterThanOrEqual(0.5 * (1 - 1e-12));
  expect(p.mu1).toBeLessThanOrEqual(p.mu2);
}

/** P(X <= k) for X ~ Binomial(n, p). */
function binomialCdf(k: number, n: number, p: number): number {
  let term = (1 - p) ** n;
  let sum = term;
  for (let i = 1; i <= k; i++) {
    term *= ((n - i + 1) / i) * (p / (1 - p));
    sum += term;
  }
  return sum;
}

describe('two-log-normal mixture: the constrained maximum likelihood', () => {
  it('uses the constraints the reference was computed for', () => {
    expect(fixture.constraints).toEqual({ minValues: 5, minFraction: 0.05, minSdRatio: 0.5 });
  });

  for (const f of fixture.fits) {
    it(`${f.name}: a likelihood at least that of 60-start L-BFGS-B, within the constraints`, () => {
      const x = values(f);
      const p = mixture.fit(x);
      expectFeasible(p, x.length);
      expect(sumLogpdf(x, p)).toBeGreaterThanOrEqual(f.logLik - 1e-8 * Math.abs(f.logLik));
      // A well-separated mixture has one clear maximum: the same parameters.
      if (f.name === 'mixture-2000') for (const k of mixture.paramNames) expect(relErr(p[k], f.params[k]), k).toBeLessThan(1e-5);
    });
  }

  it('analytic gradient and Hessian of the Newton polish equal central differences', () => {
    const rng = createRng(3, 0);
    const u = new Float64Array(60).map(() => rng.normal());
    const wMin = minComponentWeight(u.length);
    const span = 1 - 2 * wMin;
    const toState = (phi: number[]) => ({ w: wMin + span / (1 + Math.exp(-phi[0])), m1: phi[1], s1: Math.exp(phi[2]), m2: phi[3], s2: Math.exp(phi[4]) });
    const phi = [-0.4, -0.5, Math.log(0.7), 0.6, Math.log(1.1)];
    const d = mixtureDerivatives(u, toState(phi), wMin);
    expect(relErr(d.ll, mixtureLogLik(u, toState(phi)))).toBeLessThan(1e-14);
    const h = 1e-5;
    for (let j = 0; j < 5; j++) {
      const plus = [...phi];
      const minus = [...phi];
      plus[j] += h;
      minus[j] -= h;
      const fd = (mixtureLogLik(u, toState(plus)) - mixtureLogLik(u, toState(minus))) / (2 * h);
      expect(Math.abs(d.g[j] - fd)).toBeLessThan(1e-7 * (1 + Math.abs(fd)));
      const gp = mixtureDerivatives(u, toState(plus), wMin).g;
      const gm = mixtureDerivatives(u, toState(minus), wMin).g;
      for (let k = 0; k < 5; k++) expect(Math.abs(d.H[j * 5 + k] - (gp[k] - gm[k]) / (2 * h))).toBeLessThan(1e-6 * (1 + Math.abs(d.H[j * 5 + k])));
    }
  });

  it('refuses too few values and too few distinct values', () => {
    expect(() => mixture.fit(lognormal.sample(createRng(1, 0), 19, { mu: 0, sigma: 1 }))).toThrow(/at least 20 values, got 19/);
    expect(() => mixture.fit(Float64Array.from({ length: 30 }, (_, i) => (i % 2 ? 1 : 2)))).toThrow(/at least 3 distinct values/);
  });
});

describe('AIC picks the mixture on log-normal samples no more often than the likelihood-ratio reference says', () => {
  it('100 samples of n = 100: mixture picked at most at the simulated null rate (binomial 99 % bound), never below the minimum size', () => {
    // The reference: for this constrained model, under one log-normal, LR = 2 (logL_mixture - logL_lognormal) > 6
    // (where AIC, 5 parameters against 2, prefers the mixture) happened in `rate` of 1000 simulated samples of
    // n = 100 (generate_mixture.py, maximised by scipy independently of this code). A correct maximiser picks the
    // mixture at that rate; one that overshot the constrained maximum, or a looser model, would pick it more often.
    const { n, rate, rateSe, aicThreshold } = fixture.null;
    expect(n).toBe(100);
    expect(aicThreshold).toBe(6);
    const pUpper = rate + 2 * rateSe;
    let bound = 0;
    while (binomialCdf(bound, 100, pUpper) < 0.99) bound++;
    let picked = 0;
    for (let s = 0; s < 100; s++) {
      const x = lognormal.sample(createRng(7000 + s, 0), n, { mu: -0.5, sigma: 0.9 });
      const rep = fitFamilies(x, ['lognormal', 'lognormal-mixture'], { gof: false, se: false, vuong: false });
      const mix = rep.fits.find((f) => f.dist === 'lognormal-mixture')!;
      expectFeasible(mix.params, n);
      const lr = 2 * (mix.logLik - rep.fits[0].logLik);
      expect(rep.best === 'lognormal-mixture').toBe(lr > aicThreshold);
      if (rep.best === 'lognormal-mixture') picked++;
    }
    expect(picked).toBeLessThanOrEqual(bound);
    // And not absurdly rarely either (a maximiser stuck far below the maximum would hardly ever pick it).
    expect(picked).toBeGreaterThanOrEqual(2);
  });
});
