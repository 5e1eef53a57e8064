import { describe, expect, it } from 'vitest';
import { FAMILIES } from '@core/stats/families';
import type { FamilyName } from '@core/stats/family';
import { fitObserved, sampleObserved } from '@core/stats/fit/observed';
import { fitShifted, SHIFTED_WARNING } from '@core/stats/fit/shifted';
import { SampleError, validateSample } from '@core/stats/fit/validate';
import { createRng } from '@core/random/rng';
import { reference, dataset, relErr } from './reference';

describe('validateSample: clear errors naming the problem and its count', () => {
  const cases: [number[], RegExp, string][] = [
    [[1, 2, NaN, 3, NaN], /2 values are NaN/, 'nan'],
    [[1, 2, Infinity, 3], /1 value is infinite/, 'infinite'],
    [[], /empty/, 'empty'],
    [[1.5, 2], /only 2 usable values; at least 3/, 'too-few'],
    [[4.2, 4.2, 4.2, 4.2], /all 4 values are equal \(4\.2\)/, 'all-equal'],
    [[1, 0, -2, 3, 4], /2 values are zero or negative, but lognormal needs positive values/, 'non-positive'],
  ];
  for (const [vals, msg, problem] of cases) {
    it(problem, () => {
      expect(() => validateSample(vals, 'lognormal')).toThrow(msg);
      try {
        validateSample(vals, 'lognormal');
      } catch (e) {
        expect(e).toBeInstanceOf(SampleError);
        expect((e as SampleError).problem).toBe(problem);
      }
    });
  }
  it('normal accepts negative values; dropInvalid removes and counts unusable ones', () => {
    expect(validateSample([-1, 0, 2], 'normal').values.length).toBe(3);
    const r = validateSample([1, NaN, -1, 0, Infinity, 2, 3], ['normal', 'gamma'], { dropInvalid: true });
    expect(Array.from(r.values)).toEqual([1, 2, 3]);
    expect(r.dropped).toEqual({ nan: 1, infinite: 1, nonPositive: 2, total: 4 });
    expect(r.warnings[0]).toMatch(/dropped 4 values: 1 NaN, 1 infinite, 2 zero or negative/);
  });
  it('dropping can still leave too few values, which is reported', () => {
    expect(() => validateSample([NaN, 1, 2], 'lognormal', { dropInvalid: true })).toThrow(/only 2 usable values/);
    expect(() => validateSample([NaN, NaN], 'lognormal', { dropInvalid: true })).toThrow(/no usable values: all 2 were dropped/);
  });
});

describe('left-truncated and left-censored fits against scipy.optimize', () => {
  for (const ds of reference.datasets.filter((d) => d.observed)) {
    it(ds.name, () => {
      const { x } = dataset(ds.name);
      const obs = ds.observed!;
      const recorded = x.filter((v) => v >= obs.cut);
      for (const kind of ['truncated', 'censored'] as const) {
        for (const [dist, ref] of Object.entries(obs[kind])) {
          const model = kind === 'truncated' ? { kind, threshold: obs.cut } : { kind, limit: obs.cut, nBelow: obs.nBelow };
          const fit = fitObserved(recorded, dist as FamilyName, model);
          expect(fit.converged, `${kind} ${dist}`).toBe(true);
          // Never worse than scipy's optimum; parameters agree where scipy converged to the same point.
          expect(fit.logLik, `${kind} ${dist} logLik`).toBeGreaterThanOrEqual(ref.logLik - 1e-9 * Math.abs(ref.logLik));
          const same = Object.keys(ref.params).every((k) => relErr(fit.params[k], ref.params[k]) < 1e-5);
          expect(same || fit.logLik > ref.logLik, `${kind} ${dist} ${JSON.stringify(fit.params)}`).toBe(true);
        }
      }
    });
  }

  it('recovers the generating log-normal from heavily truncated and censored samples', () => {
    const truth = { mu: 0, sigma: 1 };
    const rng = createRng(11);
    const tr = sampleObserved(FAMILIES.lognormal, truth, { kind: 'truncated', threshold: 1 }, 20000, rng);
    const ft = fitObserved(tr.values, 'lognormal', { kind: 'truncated', threshold: 1 });
    expect(Math.abs(ft.params.mu)).toBeLessThan(0.1);
    expect(Math.abs(ft.params.sigma - 1)).toBeLessThan(0.05);
    const ce = sampleObserved(FAMILIES.lognormal, truth, { kind: 'censored', limit: 0.8, nBelow: 0 }, 20000, rng);
    expect(ce.nBelow).toBeGreaterThan(7000);
    const fc = fitObserved(ce.values, 'lognormal', { kind: 'censored', limit: 0.8, nBelow: ce.nBelow });
    expect(Math.abs(fc.params.mu)).toBeLessThan(0.03);
    expect(Math.abs(fc.params.sigma - 1)).toBeLessThan(0.03);
  });

  it('refuses recorded values below the threshold, naming the count', () => {
    expect(() => fitObserved([0.5, 2, 3, 4], 'lognormal', { kind: 'truncated', threshold: 1 })).toThrow(/1 recorded value is below the truncation threshold 1/);
  });

  it('complete model equals the closed-form fit', () => {
    const { x } = dataset('lognormal-500');
    const fit = fitObserved(x, 'lognormal', { kind: 'complete' });
    expect(fit.params).toEqual(FAMILIES.lognormal.fit(x));
    // The same, in rescaled units, for values far from 1 (2^-900 x): mu shifts by log 2^-900, sigma is unchanged.
    const tiny = fitObserved(x.map((v) => v * 2 ** -900), 'lognormal', { kind: 'complete' });
    expect(tiny.inUnits.unit).toBeLessThan(2 ** -800);
    expect(relErr(tiny.params.sigma, fit.params.sigma)).toBeLessThan(1e-13);
    expect(relErr(tiny.params.mu, fit.params.mu - 900 * Math.LN2)).toBeLessThan(1e-15);
    expect(relErr(tiny.logLik, fit.logLik + 900 * Math.LN2 * x.length)).toBeLessThan(1e-15);
  });
});

describe('shifted (three-parameter) fit', () => {
  it('finds a location below the data, carries the warning, and beats the unshifted likelihood', () => {
    const base = FAMILIES.gamma.sample(createRng(3), 3000, { shape: 3, scale: 1 });
    const x = base.map((v) => v + 5);
    const fit = fitShifted(x, 'gamma');
    expect(fit.warning).toBe(SHIFTED_WARNING);
    expect(fit.loc).toBeLessThan(Math.min(...x));
    expect(Math.abs(fit.loc - 5)).toBeLessThan(0.6);
    const p0 = FAMILIES.gamma.fit(x);
    let ll0 = 0;
    for (const v of x) ll0 += FAMILIES.gamma.logpdf(v, p0);
    expect(fit.logLik).toBeGreaterThan(ll0);
  });
});
