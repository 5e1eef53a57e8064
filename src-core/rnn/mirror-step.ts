/**
 * Mirror descent for the recurrent network: the update of every training rule (BPTT, e-prop, RFLO, ModProp) applied
 * in the dual space of a potential, as the linear models of src-core/plasticity do and as the authors train their
 * RNN (md_utils.SGD of github.com/romanpogodin/synaptic-weight-distr, finetuning_rnn.py):
 *
 *     buf = mu * buf + g                      momentum on the raw gradient (torch.optim.SGD, no dampening)
 *     grad_phi(w_next) = grad_phi(w) - lr * buf
 *
 * The potential and its step are plasticity's own (potentials.ts, applyMirrorStep): negative entropy is the exact
 * multiplicative step w <- w exp(-lr sign(w) buf), p-norms move a dual coordinate kept beside the weights.
 *
 * The weight matrices W, U and V follow the potential. The biases b, c and the learned initial state start at
 * exactly 0 in this model, where negative entropy could never move them, so they take plain momentum steps (the
 * Euclidean potential); the authors' nn.RNN starts its biases away from 0 and lets them follow the potential too.
 *
 * Anything else that edits the weights between steps (Dale's projection, a flossing phase) is noticed: where a weight
 * differs from what the last step wrote, its dual coordinate is recomputed from it before the next step.
 */
import { applyMirrorStep } from '../plasticity/mirror-descent';
import { makePotential, type Potential, type PotentialSpec } from '../plasticity/potentials';
import { PARAM_KEYS, clippedGradient, zeroParams, type ParamKey, type RnnShape } from './params';
import type { Optimiser } from './optimisers';

/** The parameter arrays that follow the potential; the others take Euclidean steps. */
export const MIRRORED_KEYS: readonly ParamKey[] = ['w', 'u', 'v'];

export interface MirrorOptimiserConfig {
  potential: PotentialSpec;
  learningRate: number;
  momentum: number;
  clipNorm: number | null;
}

/**
 * A learning rate that trains the row-wise image task (N = 32-100, momentum 0.9, BPTT, full batch) to interpolation
 * in a few hundred steps: the potentials' steps differ in scale (dw ~ -lr g / f''(w), with |w| ~ 0.1-0.2), so one
 * rate does not fit all. Measured: negative entropy 0.3, Euclidean 0.1, p = 3 0.01-0.03; in between by p.
 */
export function suggestedMirrorLearningRate(spec: PotentialSpec): number {
  switch (spec.kind) {
    case 'negative-entropy': return 0.3;
    case 'euclidean': return 0.1;
    case 'p-norm': return Number((0.1 * Math.pow(0.3, spec.p - 2)).toPrecision(2));
    case 'hyperbolic-entropy': return 0.1;
  }
}

export function createMirrorOptimiser(config: MirrorOptimiserConfig, shape: RnnShape, frozen: readonly ParamKey[] = []): Optimiser {
  const potential = makePotential(config.potential);
  const euclidean = makePotential({ kind: 'euclidean' });
  const buffers = zeroParams(shape);
  const active = PARAM_KEYS.filter((key) => !frozen.includes(key));
  const keepsDual = potential.kind === 'p-norm' || potential.kind === 'hyperbolic-entropy';
  // Per mirrored array: its dual coordinates and the weights the last step wrote (to notice outside edits).
  const duals = new Map<ParamKey, { dual: Float64Array; written: Float64Array }>();
  const potentialOf = (key: ParamKey): Potential => (MIRRORED_KEYS.includes(key) ? potential : euclidean);
  return {
    step(params, grads) {
      const { norm, clip } = clippedGradient(grads, frozen, config.clipNorm);
      const mu = config.momentum;
      for (const key of active) {
        const p = params[key], g = grads[key], buf = buffers[key];
        for (let i = 0; i < p.length; i++) buf[i] = mu * buf[i] + clip * g[i];
        const pot = potentialOf(key);
        const state = keepsDual && pot === potential ? dualState(duals, key, p, pot) : null;
        applyMirrorStep(pot, p, state?.dual ?? null, buf, config.learningRate);
        state?.written.set(p);
      }
      return norm;
    },
  };
}

/** The dual coordinates of `p`, created on first use and re-derived wherever `p` changed since the last step. */
function dualState(duals: Map<ParamKey, { dual: Float64Array; written: Float64Array }>, key: ParamKey, p: Float64Array, pot: Potential) {
  let state = duals.get(key);
  if (!state || state.dual.length !== p.length) {
    state = { dual: Float64Array.from(p, (w) => pot.grad(w)), written: p.slice() };
    duals.set(key, state);
    return state;
  }
  const { dual, written } = state;
  for (let i = 0; i < p.length; i++) if (p[i] !== written[i]) dual[i] = pot.grad(p[i]);
  return state;
}
