/**
 * Mirror descent with heavy-ball momentum, as in the authors' optimiser (md_utils.SGD of
 * github.com/romanpogodin/synaptic-weight-distr): momentum is applied to the raw gradient like torch.optim.SGD
 * (buf = g on the first step, then buf = mu * buf + g, no dampening), and the mirror step uses the buffer:
 *
 *     grad_phi(w_next) = grad_phi(w) - lr * buf.
 *
 * Negative entropy uses its exact multiplicative form w <- w * exp(-lr * sign(w) * buf), which never changes a sign
 * and keeps exact zeros at zero. Weight decay is 0 (the paper's setting).
 */
import { z } from 'zod';
import type { Potential } from './potentials';

export const lrScheduleSchema = z.enum(['cosine', 'constant']);
export type LrSchedule = z.infer<typeof lrScheduleSchema>;

/**
 * Learning rate at step t (0-based) of `total`: torch's CosineAnnealingLR with eta_min = 0, stepped once per
 * optimiser step, is lr * (1 + cos(pi t / total)) / 2.
 */
export function scheduledLearningRate(base: number, t: number, total: number, schedule: LrSchedule): number {
  if (schedule === 'constant') return base;
  return (base * (1 + Math.cos((Math.PI * t) / total))) / 2;
}

export interface MirrorDescentOptions {
  /** Heavy-ball coefficient; the paper uses 0.9 everywhere. */
  momentum?: number;
}

/** One parameter tensor's optimiser state. Updates `w` in place. */
export class MirrorDescent {
  readonly potential: Potential;
  readonly momentum: number;
  private readonly buffer: Float64Array;
  private started = false;
  /** Dual coordinates kept alongside w for p-norms and hyperbolic entropy, so each step costs one inverse map. */
  private readonly dual: Float64Array | null;
  private readonly w: Float64Array;

  constructor(potential: Potential, w: Float64Array, options: MirrorDescentOptions = {}) {
    const momentum = options.momentum ?? 0.9;
    if (!(momentum >= 0 && momentum < 1)) throw new RangeError(`momentum must be in [0, 1), got ${momentum}`);
    for (let i = 0; i < w.length; i++) {
      if (!Number.isFinite(w[i])) throw new Error(`mirror descent: initial weights contain a non-finite value at index ${i}`);
    }
    this.potential = potential;
    this.momentum = momentum;
    this.w = w;
    this.buffer = new Float64Array(w.length);
    const needsDual = potential.kind === 'p-norm' || potential.kind === 'hyperbolic-entropy';
    this.dual = needsDual ? new Float64Array(w.length) : null;
    if (this.dual) for (let i = 0; i < w.length; i++) this.dual[i] = potential.grad(w[i]);
  }

  /** The weights this optimiser updates (the array passed to the constructor). */
  get weights(): Float64Array {
    return this.w;
  }

  /** One step with gradient `g` of the loss at the current weights and learning rate `lr`. */
  step(g: Float64Array, lr: number): void {
    const n = this.w.length;
    if (g.length !== n) throw new Error(`mirror descent: gradient has ${g.length} entries, weights ${n}`);
    const buf = this.buffer;
    if (!this.started || this.momentum === 0) {
      buf.set(g);
      this.started = true;
    } else {
      const mu = this.momentum;
      for (let i = 0; i < n; i++) buf[i] = mu * buf[i] + g[i];
    }
    applyMirrorStep(this.potential, this.w, this.dual, buf, lr);
  }
}

/**
 * grad_phi(w) <- grad_phi(w) - lr * d, specialised per potential because this is the hot loop of every simulation.
 * `dual` must hold grad_phi(w) for p-norms and hyperbolic entropy (it is updated too).
 */
export function applyMirrorStep(pot: Potential, w: Float64Array, dual: Float64Array | null, d: Float64Array, lr: number): void {
  const n = w.length;
  switch (pot.kind) {
    case 'euclidean':
      for (let i = 0; i < n; i++) w[i] -= lr * d[i];
      return;
    case 'negative-entropy':
      for (let i = 0; i < n; i++) {
        const wi = w[i];
        if (wi > 0) w[i] = wi * Math.exp(-lr * d[i]);
        else if (wi < 0) w[i] = wi * Math.exp(lr * d[i]);
      }
      return;
    case 'p-norm': {
      if (!dual) throw new Error('p-norm mirror step needs the dual coordinates');
      const invQ = 1 / ((pot.p as number) - 1);
      if (invQ === 0.5) {
        // p = 3: the inverse map is a signed square root, much cheaper than pow.
        for (let i = 0; i < n; i++) {
          const y = dual[i] - lr * d[i];
          dual[i] = y;
          w[i] = y >= 0 ? Math.sqrt(y) : -Math.sqrt(-y);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const y = dual[i] - lr * d[i];
          dual[i] = y;
          w[i] = signedPower(y, invQ);
        }
      }
      return;
    }
    case 'hyperbolic-entropy': {
      if (!dual) throw new Error('hyperbolic-entropy mirror step needs the dual coordinates');
      const beta = pot.beta as number;
      for (let i = 0; i < n; i++) {
        const y = dual[i] - lr * d[i];
        dual[i] = y;
        w[i] = beta * Math.sinh(y);
      }
      return;
    }
  }
}

/**
 * The mirror step for K models trained side by side: `w`, `dual` and `d` are D x K row-major (column k is model k)
 * and model k uses learning rate lrs[k]. Same arithmetic as applyMirrorStep, column by column.
 */
export function applyMirrorStepBlock(pot: Potential, w: Float64Array, dual: Float64Array | null, d: Float64Array, lrs: Float64Array): void {
  const k = lrs.length;
  const rows = w.length / k;
  if (pot.kind === 'euclidean') {
    for (let j = 0, idx = 0; j < rows; j++) for (let c = 0; c < k; c++, idx++) w[idx] -= lrs[c] * d[idx];
    return;
  }
  if (pot.kind === 'negative-entropy') {
    for (let j = 0, idx = 0; j < rows; j++) {
      for (let c = 0; c < k; c++, idx++) {
        const wi = w[idx];
        if (wi > 0) w[idx] = wi * Math.exp(-lrs[c] * d[idx]);
        else if (wi < 0) w[idx] = wi * Math.exp(lrs[c] * d[idx]);
      }
    }
    return;
  }
  if (!dual) throw new Error(`${pot.name} mirror step needs the dual coordinates`);
  for (let j = 0, idx = 0; j < rows; j++) {
    for (let c = 0; c < k; c++, idx++) dual[idx] -= lrs[c] * d[idx];
  }
  if (pot.kind === 'hyperbolic-entropy') {
    const beta = pot.beta as number;
    for (let i = 0; i < w.length; i++) w[i] = beta * Math.sinh(dual[i]);
    return;
  }
  const invQ = 1 / ((pot.p as number) - 1);
  if (invQ === 0.5) {
    for (let i = 0; i < w.length; i++) {
      const y = dual[i];
      w[i] = y >= 0 ? Math.sqrt(y) : -Math.sqrt(-y);
    }
  } else {
    for (let i = 0; i < w.length; i++) w[i] = signedPower(dual[i], invQ);
  }
}

/**
 * sign(y) |y|^e as exp(e log|y|): within a few ulp of Math.pow (relative error about |e log|y|| * 2^-52) and several
 * times faster, which matters in the hot loop of every p-norm step (Math.pow with a fractional exponent is the
 * slowest operation there). Exact zeros stay zero.
 */
export function signedPower(y: number, e: number): number {
  if (y > 0) return Math.exp(e * Math.log(y));
  if (y < 0) return -Math.exp(e * Math.log(-y));
  return 0;
}
