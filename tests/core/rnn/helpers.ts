import { createRng } from '@core/random/rng';
import { createModel, type RnnModel } from '@core/rnn/init';
import { rnnModelSchema, type RnnModelConfig } from '@core/rnn/schema';
import { emptyBatch, type TaskBatch } from '@core/rnn/tasks/types';
import { PARAM_KEYS, type RnnParams } from '@core/rnn/params';

/** A small random model with non-trivial biases and initial state so every gradient path is exercised. */
export function smallModel(overrides: Partial<RnnModelConfig>, nIn = 2, nOut = 2, seed = 3): RnnModel {
  const config = rnnModelSchema.parse({ n: 7, gain: 1.3, ...overrides });
  const rng = createRng(seed, 9);
  const model = createModel(config, nIn, nOut, rng);
  for (let i = 0; i < model.params.b.length; i++) model.params.b[i] = 0.2 * rng.normal();
  for (let i = 0; i < model.params.c.length; i++) model.params.c[i] = 0.2 * rng.normal();
  for (let i = 0; i < model.params.x0.length; i++) model.params.x0[i] = 0.5 * rng.normal();
  return model;
}

/** A random batch with a partial mask. */
export function randomBatch(steps: number, batch: number, nIn: number, nOut: number, loss: TaskBatch['loss'] = 'mse', seed = 5): TaskBatch {
  const rng = createRng(seed, 2);
  const b = emptyBatch(steps, batch, nIn, nOut, loss, loss === 'mse' ? 'sign' : 'argmax');
  for (let i = 0; i < b.x.length; i++) b.x[i] = rng.normal();
  for (let r = 0; r < steps * batch; r++) {
    b.mask[r] = r % 3 === 0 ? 0 : 1 + rng.uniform();
    b.scoreMask[r] = b.mask[r] > 0 ? 1 : 0;
    if (loss === 'mse') for (let o = 0; o < nOut; o++) b.target[r * nOut + o] = rng.normal();
    else b.target[r * nOut + rng.int(nOut)] = 1;
  }
  return b;
}

/** Max over all entries of |a - b| / max(scale, |b|), with scale the largest |b| of that array. */
export function maxRelativeError(a: RnnParams, b: RnnParams, keys: readonly (keyof RnnParams)[] = PARAM_KEYS): number {
  let worst = 0;
  for (const key of keys) {
    const x = a[key], y = b[key];
    let scale = 0;
    for (const v of y) scale = Math.max(scale, Math.abs(v));
    if (scale === 0) scale = 1;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]) / scale);
  }
  return worst;
}

/**
 * Central finite differences of f with respect to every parameter entry. `fourthOrder` uses the five-point stencil
 * (f(-2h) - 8 f(-h) + 8 f(h) - f(2h)) / 12h, whose O(h^4) truncation error keeps strongly curved losses (chaotic
 * trajectories) testable at 1e-6 relative error.
 */
export function finiteDifferenceGradient(params: RnnParams, f: () => number, h = 1e-6, keys: readonly (keyof RnnParams)[] = PARAM_KEYS, fourthOrder = false): RnnParams {
  const out = {} as RnnParams;
  for (const key of PARAM_KEYS) out[key] = new Float64Array(params[key].length);
  for (const key of keys) {
    const arr = params[key];
    for (let i = 0; i < arr.length; i++) {
      const saved = arr[i];
      const at = (delta: number) => { arr[i] = saved + delta; const v = f(); arr[i] = saved; return v; };
      out[key][i] = fourthOrder
        ? (at(-2 * h) - 8 * at(-h) + 8 * at(h) - at(2 * h)) / (12 * h)
        : (at(h) - at(-h)) / (2 * h);
    }
  }
  return out;
}
