import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { forward } from '@core/rnn/forward';
import { evaluateLoss } from '@core/rnn/loss';
import { bpttGradient } from '@core/rnn/rules/bptt';
import { blockMeans, modpropGradient } from '@core/rnn/rules/modprop';
import { trainRnn } from '@core/rnn/train';
import { rnnTrainConfigSchema } from '@core/rnn/schema';
import { maxRelativeError, randomBatch, smallModel } from './helpers';

const ALL_BUT_X0 = ['w', 'u', 'b', 'v', 'c'] as const;

describe('ModProp', () => {
  it('block means: each (post type, pre type) block is replaced by its mean', () => {
    const types = Int8Array.from([1, 1, -1]);
    const w = Float64Array.from([1, 2, -3, 3, 4, -5, 6, 8, -7]);
    expect(Array.from(blockMeans(w, 3, types))).toEqual([2.5, 2.5, -4, 2.5, 2.5, -4, 7, 7, -7]);
  });

  for (const form of ['voltage', 'rate'] as const) {
    it(`${form} form: equals exact BPTT when W is block-constant, f' = 1 everywhere (ReLU, positive drive) and mu = 1`, () => {
      const model = smallModel({ form, activation: 'relu', alpha: 0.4, daleExcitatoryFraction: 0.6, gain: 0.5 }, 2, 2);
      model.params.w = blockMeans(model.params.w, model.shape.n, model.columnSigns!);
      model.params.b.fill(5);
      model.params.x0.fill(3);
      const batch = randomBatch(10, 3, 2, 2);
      for (let i = 0; i < batch.x.length; i++) batch.x[i] *= 0.3;
      const traj = forward(model, batch.x, batch.steps, batch.batch);
      expect(traj.pre.every((a) => a > 0)).toBe(true); // the premise: every unit in the linear regime
      const { dy } = evaluateLoss(traj.y, batch);
      const exact = bpttGradient(model, traj, batch, dy);
      const modprop = modpropGradient(model, traj, batch, dy, 1);
      expect(maxRelativeError(modprop, exact, ALL_BUT_X0)).toBeLessThan(1e-12);
    });
  }

  it('mu = 0 removes the recurrent path: equals e-prop-like truncated BPTT', () => {
    const model = smallModel({ activation: 'relu', alpha: 0.3, daleExcitatoryFraction: 0.8 }, 2, 2);
    const batch = randomBatch(10, 3, 2, 2);
    const traj = forward(model, batch.x, batch.steps, batch.batch);
    const { dy } = evaluateLoss(traj.y, batch);
    const truncated = bpttGradient(model, traj, batch, dy, { recurrentBackprop: false });
    expect(maxRelativeError(modpropGradient(model, traj, batch, dy, 0), truncated, ALL_BUT_X0)).toBeLessThan(1e-12);
  });

  it("needs Dale's law (cell types), with a clear error otherwise", () => {
    const model = smallModel({ activation: 'relu' }, 2, 2);
    const batch = randomBatch(5, 2, 2, 2);
    const traj = forward(model, batch.x, batch.steps, batch.batch);
    const { dy } = evaluateLoss(traj.y, batch);
    expect(() => modpropGradient(model, traj, batch, dy, 0.2)).toThrow(/Dale/);
  });

  it('trains a Dale ReLU network on delayed XOR', () => {
    const r = trainRnn(rnnTrainConfigSchema.parse({
      model: { n: 64, gain: 1, alpha: 0.2, activation: 'relu', daleExcitatoryFraction: 0.8 },
      task: { kind: 'delayed-xor', delay: 10 }, rule: 'modprop', iterations: 300, batchSize: 16,
      optimiser: { learningRate: 3e-3 }, lyapunov: { k: 1, steps: 300, warmup: 50, inputStd: 0 }, evalBatchSize: 32, seed: 1,
    }), silentContext(createRng(0)));
    expect(r.initialLoss).toBeGreaterThan(0.9);
    expect(r.finalLoss).toBeLessThan(0.01);
    expect(r.finalAccuracy).toBe(1);
  });
});
