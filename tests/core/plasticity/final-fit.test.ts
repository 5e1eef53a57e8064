import { describe, expect, it } from 'vitest';
import { finalDistributionLogLikelihood, fitFinalDistribution, fitPotentialToFinalDistribution } from '@core/plasticity/final-distribution-fit';
import { potentialFromName } from '@core/plasticity/potentials';
import { createRng } from '@core/random/rng';
import { reference } from './fixture';

const data = Float64Array.from(reference.finalFit.data as number[]);

describe('fitting a final distribution (two constants + Gaussian dual change)', () => {
  for (const c of reference.finalFit.cases) {
    it(`${c.potential}: log-likelihood matches scipy at given parameters`, () => {
      const ll = finalDistributionLogLikelihood(potentialFromName(c.potential), data, { c1: c.c1, c2: c.c2, weight: c.weight, sigma: c.sigma });
      expect(Math.abs(ll - c.logLik) / Math.abs(c.logLik)).toBeLessThan(1e-12);
    });
  }

  it('the fit is a local maximum of the likelihood and beats the generating parameters', () => {
    const pot = potentialFromName('negative-entropy');
    const fit = fitPotentialToFinalDistribution(pot, data);
    const p = fit.params as NonNullable<typeof fit.params>;
    expect(fit.logLik as number).toBeGreaterThanOrEqual(reference.finalFit.cases[0].logLik);
    expect(finalDistributionLogLikelihood(pot, data, p)).toBeCloseTo(fit.logLik as number, 8);
    for (const key of ['c1', 'c2', 'weight', 'sigma'] as const) {
      for (const f of [0.99, 1.01]) {
        const q = { ...p, [key]: p[key] * f };
        expect(finalDistributionLogLikelihood(pot, data, q)).toBeLessThan(fit.logLik as number);
      }
    }
    // The generating values were c = 0.05 / 0.3, weight 0.75, sigma 0.4 in log space.
    const [small, large] = [Math.min(p.c1, p.c2), Math.max(p.c1, p.c2)];
    expect(small).toBeGreaterThan(0.035);
    expect(small).toBeLessThan(0.07);
    expect(large).toBeGreaterThan(0.2);
    expect(large).toBeLessThan(0.45);
    expect(p.sigma).toBeGreaterThan(0.3);
    expect(p.sigma).toBeLessThan(0.5);
  });

  it('prefers negative entropy over the Euclidean geometry on log-normal-mixture data, and the curve integrates to ~1', () => {
    const r = fitFinalDistribution(data);
    const ll = (h: string) => r.fits.find((f) => f.hypothesis === h)?.logLik as number;
    expect(ll('negative-entropy')).toBeGreaterThan(ll('p=2') + 50);
    const curve = r.fits.find((f) => f.hypothesis === 'negative-entropy')?.curve as { x: Float64Array; density: Float64Array };
    let area = 0;
    for (let i = 1; i < curve.x.length; i++) area += 0.5 * (curve.density[i] + curve.density[i - 1]) * (curve.x[i] - curve.x[i - 1]);
    expect(area).toBeGreaterThan(0.9);
    expect(area).toBeLessThan(1.01);
  });

  it('prefers the Euclidean geometry on a Gaussian mixture', () => {
    const rng = createRng(4);
    const g = Float64Array.from({ length: 600 }, (_, i) => (i < 400 ? 0.2 : 0.6) + 0.05 * rng.normal());
    const r = fitFinalDistribution(g, { hypotheses: ['negative-entropy', 'p=1.5', 'p=2', 'p=3'] });
    expect(r.best).toBe('p=2');
  });

  it('reports unusable potentials with the count instead of NaN, and refuses bad input', () => {
    const withZero = Float64Array.from([0, 0.1, 0.2, 0.3, 0.25, 0.4]);
    const r = fitFinalDistribution(withZero, { hypotheses: ['negative-entropy', 'p=2'] });
    const ne = r.fits.find((f) => f.hypothesis === 'negative-entropy');
    expect(ne?.logLik).toBeNull();
    expect(ne?.reason).toMatch(/1 of 6 values are exactly 0/);
    expect(r.best).toBe('p=2');
    expect(() => fitFinalDistribution(Float64Array.from([1, 2, NaN, 3, 4]))).toThrow(/1 of 5 values are not finite/);
    expect(() => fitFinalDistribution(Float64Array.from([1, 2]))).toThrow(/at least 5 values, got 2/);
  });
});
