/**
 * The forward half of gradient flossing, shared by the exact gradient (flossing.ts) and the local rule
 * (flossing-local.ts): the state trajectory and its tangent dynamics by the QR (Benettin) method, stored step by
 * step, and the first k Lyapunov exponents with the flossing loss mean_i (lambda_i - target)^2.
 *   A_t = D_t Q_{t-1},   Q_t, R_t = qr(A_t),   lambda_i = mean_{t > warmup} log R_t,ii
 * (voltage: D_t = (1 - alpha) I + alpha W diag f'(s_{t-1}); rate: D_t = (1 - alpha) I + alpha diag f'(u_t) W).
 */
import type { Rng } from '../random/rng';
import { gemmNT } from '../linalg/batched';
import { qrColumns, randomOrthonormal } from '../linalg/qr';
import { activationDerivative, applyActivation } from './activation';
import type { RnnModel } from './init';
import type { RnnParams } from './params';

export interface FlossingSettings {
  k: number;
  /** Scored steps and un-scored warm-up steps of the flossed trajectory. */
  steps: number;
  warmup: number;
  target: number;
  inputStd: number;
}

/** The random ingredients of one flossing evaluation, drawn up front so the loss is a plain function of the weights. */
export interface FlossingSample {
  initialState: Float64Array;
  initialBasis: Float64Array;
  /** i.i.d. currents, (warmup + steps) x n, or null. */
  noise: Float64Array | null;
  /** Task inputs x_t through U, (warmup + steps) x nIn, or null (no task input). */
  inputs: Float64Array | null;
}

export interface FlossingResult {
  loss: number;
  exponents: number[];
  /** dL_floss / d params: w and b filled (and u on a task-driven trajectory), the other arrays zero. */
  grads: RnnParams;
}

/** Draws the initial state, basis and noise; `inputs` (a task's input sequence, drawn by the caller) is kept as given. */
export function drawFlossingSample(rng: Rng, model: RnnModel, s: FlossingSettings, inputs: Float64Array | null = null): FlossingSample {
  const n = model.shape.n;
  if (s.k > n) throw new RangeError(`cannot floss ${s.k} exponents of a ${n}-unit network`);
  const initialState = new Float64Array(n);
  for (let i = 0; i < n; i++) initialState[i] = model.params.x0[i] + rng.normal();
  const initialBasis = randomOrthonormal(() => rng.normal(), n, s.k);
  let noise: Float64Array | null = null;
  if (s.inputStd > 0) {
    noise = new Float64Array((s.warmup + s.steps) * n);
    for (let i = 0; i < noise.length; i++) noise[i] = s.inputStd * rng.normal();
  }
  if (inputs !== null && inputs.length !== (s.warmup + s.steps) * model.shape.nIn) {
    throw new RangeError(`flossing input sequence needs ${(s.warmup + s.steps) * model.shape.nIn} entries, got ${inputs.length}`);
  }
  return { initialState, initialBasis, noise, inputs };
}

/** The stored forward pass: states s_0..s_S, bases Q_0..Q_S, factors R_1..R_S (k x k each), and the
 *  pre-activations whose f' enters D_t (s_{t-1} for the voltage form, u_t for the rate form). */
export interface FlossingTrajectory {
  total: number;
  states: Float64Array;
  gainPre: Float64Array;
  qs: Float64Array;
  rs: Float64Array;
  exponents: number[];
  loss: number;
}

export function flossingForward(model: RnnModel, sample: FlossingSample, s: FlossingSettings): FlossingTrajectory {
  const { n } = model.shape;
  const { k, steps, warmup, target } = s;
  if (!(steps >= 1)) throw new RangeError('flossing needs at least one scored step');
  const total = warmup + steps;
  const { w, b } = model.params;
  const { alpha, activation, form } = model.config;
  const keep = 1 - alpha;
  const kn = k * n;
  // U x_t of every step (zeros without task input: adding them changes no bit of the sums below).
  const inputDrive = taskDrive(model, sample, total);
  // Stored trajectory: states s_0..s_S, bases Q_0..Q_S, factors R_1..R_S, and the pre-activations whose f' enters
  // D_t (s_{t-1} for the voltage form, u_t for the rate form).
  const states = new Float64Array((total + 1) * n);
  const gainPre = new Float64Array(total * n);
  const qs = new Float64Array((total + 1) * kn);
  const rs = new Float64Array(total * k * k);
  states.set(sample.initialState);
  qs.set(sample.initialBasis);
  const h = new Float64Array(n), fp = new Float64Array(n), drive = new Float64Array(n);
  const scaled = new Float64Array(kn), prod = new Float64Array(kn), a = new Float64Array(kn);
  for (let t = 1; t <= total; t++) {
    const sPrev = states.subarray((t - 1) * n, t * n);
    const sNext = states.subarray(t * n, (t + 1) * n);
    const qPrev = qs.subarray((t - 1) * kn, t * kn);
    const pre = gainPre.subarray((t - 1) * n, t * n);
    if (form === 'voltage') {
      pre.set(sPrev);
      applyActivation(activation, sPrev, h, n);
      activationDerivative(activation, sPrev, fp, n);
      for (let m = 0; m < k; m++) for (let i = 0; i < n; i++) scaled[m * n + i] = fp[i] * qPrev[m * n + i];
      gemmNT(scaled, w, k, n, n, prod);
      for (let q = 0; q < kn; q++) a[q] = keep * qPrev[q] + alpha * prod[q];
      gemmNT(h, w, 1, n, n, drive);
      for (let i = 0; i < n; i++) sNext[i] = keep * sPrev[i] + alpha * (drive[i] + b[i] + inputDrive[(t - 1) * n + i] + noiseAt(sample, t, n, i));
    } else {
      gemmNT(sPrev, w, 1, n, n, drive);
      for (let i = 0; i < n; i++) pre[i] = drive[i] + b[i] + inputDrive[(t - 1) * n + i] + noiseAt(sample, t, n, i);
      applyActivation(activation, pre, h, n);
      activationDerivative(activation, pre, fp, n);
      gemmNT(qPrev, w, k, n, n, prod);
      for (let m = 0; m < k; m++) for (let i = 0; i < n; i++) a[m * n + i] = keep * qPrev[m * n + i] + alpha * fp[i] * prod[m * n + i];
      for (let i = 0; i < n; i++) sNext[i] = keep * sPrev[i] + alpha * h[i];
    }
    qrColumns(a, n, k, qs.subarray(t * kn, (t + 1) * kn), rs.subarray((t - 1) * k * k, t * k * k));
  }
  const sums = new Float64Array(k);
  for (let t = warmup + 1; t <= total; t++) for (let m = 0; m < k; m++) sums[m] += Math.log(rs[(t - 1) * k * k + m * k + m]);
  const exponents = Array.from(sums, (x) => x / steps);
  let loss = 0;
  for (const l of exponents) loss += (l - target) ** 2 / k;
  if (!Number.isFinite(loss)) throw new Error('flossing loss is not finite');
  return { total, states, gainPre, qs, rs, exponents, loss };
}


function noiseAt(sample: FlossingSample, t: number, n: number, i: number): number {
  return sample.noise === null ? 0 : sample.noise[(t - 1) * n + i];
}

/** U x_t for steps 1..total (total x n; zeros without a task input sequence). */
export function taskDrive(model: RnnModel, sample: FlossingSample, total: number): Float64Array {
  const { n, nIn } = model.shape;
  const out = new Float64Array(total * n);
  if (sample.inputs !== null && nIn > 0) gemmNT(sample.inputs, model.params.u, total, nIn, n, out);
  return out;
}
