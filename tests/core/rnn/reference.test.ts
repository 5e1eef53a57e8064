/** Cross-checks against established tools: PyTorch autograd for BPTT and numpy's QR for Lyapunov exponents
 *  (fixtures from tests/fixtures/rnn/generate_reference.py). */
import { describe, expect, it } from 'vitest';
import reference from '../../fixtures/rnn/reference.json';
import { createRng } from '@core/random/rng';
import { createModel } from '@core/rnn/init';
import { forward } from '@core/rnn/forward';
import { evaluateLoss } from '@core/rnn/loss';
import { bpttGradient } from '@core/rnn/rules/bptt';
import { lyapunovExponents } from '@core/rnn/lyapunov';
import { rnnModelSchema } from '@core/rnn/schema';
import { emptyBatch } from '@core/rnn/tasks/types';
import { PARAM_KEYS, type RnnParams } from '@core/rnn/params';
import { maxRelativeError } from './helpers';

const f64 = (a: number[]) => Float64Array.from(a);

describe('BPTT agrees with PyTorch autograd (float64)', () => {
  for (const c of reference.bptt) {
    it(`${c.form} alpha=${c.alpha}`, () => {
      const config = rnnModelSchema.parse({ n: c.n, form: c.form, alpha: c.alpha, learnInitialState: true });
      const model = createModel(config, c.nIn, c.nOut, createRng(1));
      for (const key of PARAM_KEYS) model.params[key] = f64(c.params[key]);
      const batch = emptyBatch(c.steps, c.batch, c.nIn, c.nOut, 'mse', null);
      batch.x.set(c.x); batch.target.set(c.target); batch.mask.set(c.mask);
      const traj = forward(model, batch.x, c.steps, c.batch);
      const { loss, dy } = evaluateLoss(traj.y, batch);
      expect(Math.abs(loss - c.loss) / c.loss).toBeLessThan(1e-13);
      const grads = bpttGradient(model, traj, batch, dy);
      const expected = Object.fromEntries(PARAM_KEYS.map((k) => [k, f64(c.grads[k])])) as unknown as RnnParams;
      expect(maxRelativeError(grads, expected)).toBeLessThan(1e-12);
    });
  }
});

describe('Lyapunov spectrum agrees with numpy QR iteration', () => {
  for (const c of reference.lyapunov) {
    it(`${c.form} alpha=${c.alpha} k=${c.k}`, () => {
      const model = createModel(rnnModelSchema.parse({ n: c.n, form: c.form, alpha: c.alpha }), 0, 1, createRng(1));
      model.params.w = f64(c.w);
      const result = lyapunovExponents(model, { k: c.k, steps: c.steps, warmup: c.warmup, inputStd: 0 }, createRng(1), {
        initialState: f64(c.initialState), initialBasis: f64(c.initialBasis),
      });
      // Chaotic trajectories amplify rounding differences (BLAS vs scalar sums), hence 1e-8 rather than 1e-14.
      for (let i = 0; i < c.k; i++) expect(Math.abs(result.spectrum[i] - c.spectrum[i])).toBeLessThan(1e-8);
      // The k = 1 plain-renormalisation path gives the same top exponent.
      const top = lyapunovExponents(model, { k: 1, steps: c.steps, warmup: c.warmup, inputStd: 0 }, createRng(1), {
        initialState: f64(c.initialState), initialBasis: f64(c.initialBasis).slice(0, c.n),
      });
      expect(Math.abs(top.lambdaMax - c.spectrum[0])).toBeLessThan(1e-8);
    });
  }
});
