import { describe, expect, it } from 'vitest';
import { lognormalParamsFromMoments, sampleInitialWeights } from '@core/plasticity/initial-weights';
import { fixtureFree } from './helpers';
import { createRng } from '@core/random/rng';
import { trainLinearModel } from '@core/plasticity/linear-training';
import { makePotential } from '@core/plasticity/potentials';

describe('initial weights', () => {
  it('log-normal start has the requested mean and sd of |w|, with random or fixed sign', () => {
    const w = sampleInitialWeights(createRng(1), 200_000, { kind: 'lognormal', mean: 0.1, sd: 0.1, sign: 'random' });
    let m = 0;
    let neg = 0;
    for (const v of w) {
      m += Math.abs(v);
      if (v < 0) neg++;
    }
    m /= w.length;
    let ss = 0;
    for (const v of w) ss += (Math.abs(v) - m) ** 2;
    expect(m).toBeCloseTo(0.1, 3);
    expect(Math.sqrt(ss / w.length)).toBeCloseTo(0.1, 2);
    expect(neg / w.length).toBeGreaterThan(0.49);
    expect(neg / w.length).toBeLessThan(0.51);
    const pos = sampleInitialWeights(createRng(1), 1000, { kind: 'lognormal', sign: 'positive' });
    expect(Math.min(...pos)).toBeGreaterThan(0);
    const { mu, sigma } = lognormalParamsFromMoments(0.1, 0.01);
    expect(Math.exp(mu + sigma * sigma / 2)).toBeCloseTo(0.1, 14);
  });

  it('normal start defaults to N(0, 1/D); given values are copied', () => {
    const w = sampleInitialWeights(createRng(2), 100_000, { kind: 'normal', mean: 0 });
    let ss = 0;
    for (const v of w) ss += v * v;
    expect(ss / w.length).toBeCloseTo(1e-5, 6);
    expect(Array.from(sampleInitialWeights(createRng(2), 3, { kind: 'given', values: [1, -2, 3] }))).toEqual([1, -2, 3]);
  });
});

describe('hyperbolic entropy (extension)', () => {
  it('tends to the Euclidean geometry for large beta: MD with lr equals GD with lr * beta', () => {
    const { data, w0 } = fixtureFree();
    const beta = 1e4;
    const hyp = trainLinearModel(data, w0, 1e-6, { potential: makePotential({ kind: 'hyperbolic-entropy', beta }), steps: 50 });
    const euc = trainLinearModel(data, w0, 1e-6 * beta, { potential: makePotential({ kind: 'euclidean' }), steps: 50 });
    for (let i = 0; i < w0.length; i++) expect(Math.abs(hyp.w[i] - euc.w[i])).toBeLessThan(1e-6 * Math.max(Math.abs(euc.w[i]), 1e-3));
  });
});
