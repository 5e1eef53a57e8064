/**
 * Gradient flossing (Engelken 2023, NeurIPS, arXiv:2312.17306): push the first k Lyapunov exponents toward a target
 * by gradient descent on L_floss = mean_i (lambda_i - target)^2, differentiated exactly through the QR chain of the
 * Benettin method and through the trajectory itself (the Jacobians depend on the states, which depend on W and b).
 *
 * Forward (voltage form; the rate form is analogous, see lyapunov.ts):
 *   A_t = D_t Q_{t-1} = (1 - alpha) Q_{t-1} + alpha W (f'(s_{t-1}) ⊙ Q_{t-1}),   Q_t, R_t = qr(A_t),
 *   s_t = (1 - alpha) s_{t-1} + alpha (W f(s_{t-1}) + b + xi_t),   lambda_i = mean_{t > warmup} log R_t,ii.
 * Backward: the QR adjoint (linalg/qr.ts) turns (Qbar_t, Rbar_t) into Abar_t, which flows to Q_{t-1}, to W and to
 * f'(s_{t-1}); the latter enters the state adjoint through f''. The state is autonomous, driven by i.i.d. noise xi
 * (inputStd), or driven by a task's input sequence x_t through U (and then also by xi if inputStd > 0). W and b
 * receive flossing gradients, and U too on a task-driven trajectory (Engelken floss W, b and the input weights on the
 * task's input stream: GradientFlossing_ExampleCode.jl, psFlossing = (ws, J, b)); the readout is never flossed.
 */
import type { Rng } from '../random/rng';
import { gemmNN, gemmNT, gemmTN } from '../linalg/batched';
import { qrAdjoint, qrColumns, randomOrthonormal } from '../linalg/qr';
import { activationDerivative, activationSecondDerivative, applyActivation } from './activation';
import type { RnnModel } from './init';
import { zeroParams, type RnnParams } from './params';

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

export function flossingGradient(model: RnnModel, sample: FlossingSample, s: FlossingSettings): FlossingResult {
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

  // ---- backward ----
  const grads = zeroParams(model.shape);
  const wbar = grads.w, bbar = grads.b;
  const nIn = model.shape.nIn;
  const inputs = sample.inputs;
  // Ubar += ubar_t x_t^T: the drive adjoint times the step's task input.
  const inputGradient = (t: number) => {
    if (inputs !== null && nIn > 0) gemmTN(ubar, inputs.subarray((t - 1) * nIn, t * nIn), 1, n, nIn, grads.u, true);
  };
  const dLdLambda = exponents.map((l) => (2 * (l - target)) / (k * steps));
  let qbar = new Float64Array(kn);
  const rbar = new Float64Array(k * k);
  const abar = new Float64Array(kn);
  const work = new Float64Array(k * k + kn);
  const g = new Float64Array(kn);
  const fpbar = new Float64Array(n), fpp = new Float64Array(n);
  let sbar = new Float64Array(n);
  const back = new Float64Array(n), ubar = new Float64Array(n), hPrev = new Float64Array(n);
  for (let t = total; t >= 1; t--) {
    const q = qs.subarray(t * kn, (t + 1) * kn);
    const qPrev = qs.subarray((t - 1) * kn, t * kn);
    const r = rs.subarray((t - 1) * k * k, t * k * k);
    const sPrev = states.subarray((t - 1) * n, t * n);
    const pre = gainPre.subarray((t - 1) * n, t * n);
    rbar.fill(0);
    if (t > warmup) for (let m = 0; m < k; m++) rbar[m * k + m] = dLdLambda[m] / r[m * k + m];
    qrAdjoint(q, r, qbar, rbar, n, k, abar, work);
    activationDerivative(activation, pre, fp, n);
    activationSecondDerivative(activation, pre, fpp, n);
    const nextQbar = new Float64Array(kn);
    fpbar.fill(0);
    if (form === 'voltage') {
      gemmNN(abar, w, k, n, n, g); // column m: W^T abar_m
      for (let m = 0; m < k; m++) {
        for (let i = 0; i < n; i++) {
          const idx = m * n + i;
          nextQbar[idx] = keep * abar[idx] + alpha * fp[i] * g[idx];
          fpbar[i] += alpha * g[idx] * qPrev[idx];
          scaled[idx] = alpha * fp[i] * qPrev[idx];
        }
      }
      gemmTN(abar, scaled, k, n, n, wbar, true); // Wbar += alpha sum_m abar_m (f' ⊙ q_m)^T
      // State: s_t = (1 - alpha) s_{t-1} + alpha (W f(s_{t-1}) + b + xi_t).
      applyActivation(activation, sPrev, hPrev, n);
      for (let i = 0; i < n; i++) ubar[i] = alpha * sbar[i];
      gemmTN(ubar, hPrev, 1, n, n, wbar, true);
      for (let i = 0; i < n; i++) bbar[i] += ubar[i];
      inputGradient(t);
      gemmNN(ubar, w, 1, n, n, back);
      const nextS = new Float64Array(n);
      for (let i = 0; i < n; i++) nextS[i] = keep * sbar[i] + fp[i] * back[i] + fpp[i] * fpbar[i];
      sbar = nextS;
    } else {
      gemmNT(qPrev, w, k, n, n, prod); // W q_m
      for (let m = 0; m < k; m++) {
        for (let i = 0; i < n; i++) {
          const idx = m * n + i;
          scaled[idx] = alpha * fp[i] * abar[idx];
          fpbar[i] += alpha * abar[idx] * prod[idx];
        }
      }
      gemmNN(scaled, w, k, n, n, g); // W^T (alpha f' ⊙ abar_m)
      for (let idx = 0; idx < kn; idx++) nextQbar[idx] = keep * abar[idx] + g[idx];
      gemmTN(scaled, qPrev, k, n, n, wbar, true);
      // State: u_t = W s_{t-1} + b + xi_t, s_t = (1 - alpha) s_{t-1} + alpha f(u_t).
      for (let i = 0; i < n; i++) ubar[i] = fpp[i] * fpbar[i] + alpha * fp[i] * sbar[i];
      gemmTN(ubar, sPrev, 1, n, n, wbar, true);
      for (let i = 0; i < n; i++) bbar[i] += ubar[i];
      inputGradient(t);
      gemmNN(ubar, w, 1, n, n, back);
      const nextS = new Float64Array(n);
      for (let i = 0; i < n; i++) nextS[i] = keep * sbar[i] + back[i];
      sbar = nextS;
    }
    qbar = nextQbar;
  }
  return { loss, exponents, grads };
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
