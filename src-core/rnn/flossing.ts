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
import { gemmNN, gemmNT, gemmTN } from '../linalg/batched';
import { qrAdjoint } from '../linalg/qr';
import { activationDerivative, activationSecondDerivative, applyActivation } from './activation';
import type { RnnModel } from './init';
import { zeroParams } from './params';
import { flossingForward, type FlossingResult, type FlossingSample, type FlossingSettings } from './flossing-forward';

export {
  drawFlossingSample, flossingForward, type FlossingResult, type FlossingSample, type FlossingSettings,
} from './flossing-forward';

export function flossingGradient(model: RnnModel, sample: FlossingSample, s: FlossingSettings): FlossingResult {
  const { n } = model.shape;
  const { k, steps, warmup, target } = s;
  const { w } = model.params;
  const { alpha, activation, form } = model.config;
  const keep = 1 - alpha;
  const kn = k * n;
  const { total, states, gainPre, qs, rs, exponents, loss } = flossingForward(model, sample, s);
  const fp = new Float64Array(n);
  const scaled = new Float64Array(kn), prod = new Float64Array(kn);

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

