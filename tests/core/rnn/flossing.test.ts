import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { drawFlossingSample, flossingGradient } from '@core/rnn/flossing';
import { finiteDifferenceGradient, maxRelativeError, smallModel } from './helpers';

describe('exact flossing gradient through the QR chain', () => {
  const cases = [
    { form: 'voltage', activation: 'tanh', alpha: 1, k: 3, inputStd: 0 },
    { form: 'voltage', activation: 'tanh', alpha: 0.6, k: 2, inputStd: 0.3 },
    { form: 'voltage', activation: 'retanh', alpha: 0.5, k: 2, inputStd: 0.5 },
    { form: 'rate', activation: 'tanh', alpha: 0.7, k: 3, inputStd: 0.2 },
  ] as const;
  for (const c of cases) {
    it(`matches central finite differences: ${c.form} ${c.activation} alpha=${c.alpha} k=${c.k}`, () => {
      const model = smallModel({ form: c.form, activation: c.activation, alpha: c.alpha, gain: 1.8 }, 2, 1, 11);
      const settings = { k: c.k, steps: 25, warmup: 5, target: 0.05, inputStd: c.inputStd };
      const sample = drawFlossingSample(createRng(3), model, settings);
      const exact = flossingGradient(model, sample, settings);
      const numeric = finiteDifferenceGradient(model.params, () => flossingGradient(model, sample, settings).loss, 1e-5, ['w', 'b'], true);
      expect(exact.loss).toBeGreaterThan(0);
      expect(maxRelativeError(exact.grads, numeric, ['w', 'b'])).toBeLessThan(1e-6);
    });
  }

  // A task-driven trajectory (Engelken's setting): the input sequence enters through U, which is flossed too.
  for (const form of ['voltage', 'rate'] as const) {
    it(`with a task input sequence through U, W, b and U match central finite differences (${form})`, () => {
      const model = smallModel({ form, activation: 'tanh', alpha: 0.5, gain: 1.6 }, 2, 1, 13);
      const settings = { k: 2, steps: 20, warmup: 4, target: 0, inputStd: 0.2 };
      const rng = createRng(5);
      const inputs = new Float64Array(24 * 2).map(() => (rng.uniform() < 0.5 ? 0 : 1));
      const sample = drawFlossingSample(createRng(6), model, settings, inputs);
      const exact = flossingGradient(model, sample, settings);
      const numeric = finiteDifferenceGradient(model.params, () => flossingGradient(model, sample, settings).loss, 1e-5, ['w', 'b', 'u'], true);
      expect(Math.max(...exact.grads.u.map(Math.abs))).toBeGreaterThan(0);
      expect(maxRelativeError(exact.grads, numeric, ['w', 'b', 'u'])).toBeLessThan(1e-6);
    });
  }

  it('without a task input sequence U gets no flossing gradient; an input sequence of the wrong length is refused', () => {
    const model = smallModel({ gain: 1.6 }, 2, 1, 13);
    const settings = { k: 1, steps: 10, warmup: 2, target: 0, inputStd: 0.2 };
    const exact = flossingGradient(model, drawFlossingSample(createRng(6), model, settings), settings);
    expect(exact.grads.u.every((x) => x === 0)).toBe(true);
    expect(() => drawFlossingSample(createRng(6), model, settings, new Float64Array(5))).toThrow(/24 entries, got 5/);
  });

  it('descending the flossing gradient moves lambda_max toward the target', () => {
    const model = smallModel({ gain: 2.5, alpha: 1 }, 2, 1, 12);
    const settings = { k: 1, steps: 60, warmup: 10, target: 0, inputStd: 0 };
    const sample = drawFlossingSample(createRng(4), model, settings);
    const before = flossingGradient(model, sample, settings);
    for (let it = 0; it < 100; it++) {
      const { grads } = flossingGradient(model, sample, settings);
      for (let i = 0; i < model.params.w.length; i++) model.params.w[i] -= 0.05 * grads.w[i];
    }
    const after = flossingGradient(model, sample, settings);
    expect(Math.abs(after.exponents[0])).toBeLessThan(0.5 * Math.abs(before.exponents[0]));
  });
});
