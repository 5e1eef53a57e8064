import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { forward } from '@core/rnn/forward';
import { evaluateLoss } from '@core/rnn/loss';
import { bpttGradient } from '@core/rnn/rules/bptt';
import { epropGradient } from '@core/rnn/rules/eprop';
import { rfloGradient } from '@core/rnn/rules/rflo';
import { randomFeedback } from '@core/rnn/rules';
import type { RnnModelConfig } from '@core/rnn/schema';
import { literalRecurrentUpdate } from './literal-traces';
import { maxRelativeError, randomBatch, smallModel } from './helpers';

function setup(overrides: Partial<RnnModelConfig>) {
  const model = smallModel(overrides, 3, 2);
  const batch = randomBatch(12, 4, 3, 2, 'mse');
  const traj = forward(model, batch.x, batch.steps, batch.batch);
  const { dy } = evaluateLoss(traj.y, batch);
  return { model, batch, traj, dy };
}

const ALL_BUT_X0 = ['w', 'u', 'b', 'v', 'c'] as const;

describe('e-prop and RFLO as gradient estimators', () => {
  for (const activation of ['tanh', 'retanh'] as const) {
    for (const alpha of [1, 0.3]) {
      it(`voltage form, ${activation}, alpha=${alpha}: e-prop (B = V^T) equals BPTT without the recurrent term`, () => {
        const { model, batch, traj, dy } = setup({ activation, alpha });
        const eprop = epropGradient(model, traj, batch, dy, model.params.v);
        const truncated = bpttGradient(model, traj, batch, dy, { recurrentBackprop: false });
        expect(maxRelativeError(eprop, truncated, ALL_BUT_X0)).toBeLessThan(1e-12);
        // ... and it is not simply BPTT: the recurrent term matters at this gain.
        const exact = bpttGradient(model, traj, batch, dy);
        expect(maxRelativeError(eprop, exact, ['w'])).toBeGreaterThan(1e-3);
      });
    }
  }

  it('rate form: RFLO with B = V^T equals e-prop and equals BPTT without the recurrent term', () => {
    const { model, batch, traj, dy } = setup({ form: 'rate', alpha: 0.2 });
    const rflo = rfloGradient(model, traj, batch, dy, model.params.v);
    const eprop = epropGradient(model, traj, batch, dy, model.params.v);
    const truncated = bpttGradient(model, traj, batch, dy, { recurrentBackprop: false });
    expect(maxRelativeError(rflo, eprop, ALL_BUT_X0)).toBeLessThan(1e-12);
    expect(maxRelativeError(rflo, truncated, ALL_BUT_X0)).toBeLessThan(1e-12);
  });

  it('the fast e-prop and RFLO equal their literal per-synapse online traces (random feedback)', () => {
    for (const form of ['voltage', 'rate'] as const) {
      const { model, batch, traj, dy } = setup({ form, alpha: 0.25 });
      const f = randomFeedback(createRng(4, 1), model.shape.n, model.shape.nOut);
      const kind = form === 'voltage' ? 'eprop' : 'rflo';
      const fast = (form === 'voltage' ? epropGradient : rfloGradient)(model, traj, batch, dy, f).w;
      const literal = literalRecurrentUpdate(model, traj, dy, f, kind);
      let scale = 0, err = 0;
      for (let i = 0; i < literal.length; i++) { scale = Math.max(scale, Math.abs(literal[i])); err = Math.max(err, Math.abs(fast[i] - literal[i])); }
      expect(scale).toBeGreaterThan(0);
      expect(err / scale).toBeLessThan(1e-12);
    }
    // RFLO on the voltage form is Murray's approximation: equal to its own literal trace, different from e-prop.
    const { model, batch, traj, dy } = setup({ alpha: 0.25 });
    const f = model.params.v;
    const rfloFast = rfloGradient(model, traj, batch, dy, f).w;
    const rfloLiteral = literalRecurrentUpdate(model, traj, dy, f, 'rflo');
    const epropLiteral = literalRecurrentUpdate(model, traj, dy, f, 'eprop');
    let errR = 0, diffE = 0, scale = 0;
    for (let i = 0; i < rfloFast.length; i++) {
      scale = Math.max(scale, Math.abs(rfloLiteral[i]));
      errR = Math.max(errR, Math.abs(rfloFast[i] - rfloLiteral[i]));
      diffE = Math.max(diffE, Math.abs(rfloLiteral[i] - epropLiteral[i]));
    }
    expect(errR / scale).toBeLessThan(1e-12);
    expect(diffE / scale).toBeGreaterThan(1e-4);
  });
});
