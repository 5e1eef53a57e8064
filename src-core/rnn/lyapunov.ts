/**
 * Lyapunov exponents of the leaky RNN by the Benettin / QR method (Benettin et al. 1980; Shimada & Nagashima 1979).
 * The tangent dynamics of the state s_t (a_t for the voltage form, h_t for the rate form) are
 *   voltage: D_t = (1 - alpha) I + alpha W diag(f'(a_{t-1}))
 *   rate:    D_t = (1 - alpha) I + alpha diag(f'(u_t)) W
 * Starting from a random orthonormal Q (k columns), every step Q, R = qr(D_t Q); after the warm-up,
 * lambda_i = mean over steps of log R_ii (per step; divide by alpha for per tau). k = 1 is plain renormalisation.
 * Autonomous (zero input) or input-driven: i.i.d. N(0, inputStd^2) currents into every unit and/or a given input
 * sequence through U.
 */
import type { Rng } from '../random/rng';
import type { JobContext } from '../runtime/context';
import { gemmNT, matvec2 } from '../linalg/batched';
import { qrColumns, randomOrthonormal } from '../linalg/qr';
import { pinnedMatvec2, pinWorkspace } from '../linalg/wasm-gemm';
import { activateWithDerivative } from './activation';
import type { RnnModel } from './init';
import type { LyapunovOptions } from './schema';

export interface LyapunovResult {
  /** The largest exponent, per step. */
  lambdaMax: number;
  /** The first k exponents in decreasing order, per step. */
  spectrum: number[];
  /** The same divided by alpha: per time constant tau. */
  spectrumPerTau: number[];
  k: number;
  steps: number;
  warmup: number;
  inputStd: number;
}

export interface LyapunovDrive {
  /** Input sequence x_t through U, (warmup + steps) x nIn; missing = no task input. */
  inputs?: Float64Array;
  /** Initial state (a_0 or h_0); default x0 + N(0, 1) noise from the rng. */
  initialState?: Float64Array;
  /** Initial orthonormal basis, k x n column-stored; default random from the rng. */
  initialBasis?: Float64Array;
}

export function lyapunovExponents(model: RnnModel, opts: LyapunovOptions, rng: Rng, drive: LyapunovDrive = {}, ctx?: JobContext): LyapunovResult {
  const { n, nIn } = model.shape;
  const { k, steps, warmup, inputStd } = opts;
  if (k > n) throw new RangeError(`cannot compute ${k} exponents of a ${n}-unit network`);
  if (!(steps >= 1)) throw new RangeError('need at least one scored step');
  const total = warmup + steps;
  if (drive.inputs && drive.inputs.length !== total * nIn) throw new RangeError(`input sequence needs ${total * nIn} entries`);
  const { w, u, b } = model.params;
  const { alpha, activation, form } = model.config;
  const keep = 1 - alpha;
  const ext = new Float64Array(n);
  const wq = new Float64Array(k * n);
  const scaled = new Float64Array(k * n);
  const r = new Float64Array(k * k);
  const sums = new Float64Array(k);
  const reportEvery = Math.max(1, Math.floor(total / 50));
  // k = 1: both products of a step in one pass over W, which stays in WebAssembly memory for the whole run; with a
  // workspace, the step's vectors live there too (no copies), and the SIMD tanh gives fast-tanh.ts's bits.
  const ws = k === 1 ? pinWorkspace(w, n, n, 6 * n, 'rnn-lyapunov') : null;
  const vector = (i: number) => (ws ? ws.heap.subarray(ws.base + i * n, ws.base + (i + 1) * n) : new Float64Array(n));
  // Regions 0, 1: the two vectors multiplied by W; 2, 3: the products; 4: the voltage state; 5: f'.
  const [x1, x2, wh, wq1, state, fp] = [0, 1, 2, 3, 4, 5].map(vector);
  const h = x1; // f(state) is the first vector multiplied by W (voltage); in the rate form x1 is free after the product
  // A random initial state around x0 (the origin is a fixed point of the autonomous tanh network).
  if (drive.initialState) state.set(drive.initialState);
  else for (let i = 0; i < n; i++) state[i] = model.params.x0[i] + rng.normal();
  const q = drive.initialBasis ? drive.initialBasis.slice() : randomOrthonormal(() => rng.normal(), n, k);
  if (q.length !== k * n) throw new RangeError(`initial basis needs ${k * n} entries`);
  const bothProducts = ws
    ? (a: Float64Array, b: Float64Array) => { if (a !== x1) x1.set(a); if (b !== x2) x2.set(b); ws.nt(ws.base, 2, ws.base + 2 * n); }
    : (k === 1 ? pinnedMatvec2(w, n, 'rnn-lyapunov') : null) ?? ((a: Float64Array, b: Float64Array, s: Float64Array, t: Float64Array) => matvec2(w, a, b, n, s, t));
  const activate = (src: Float64Array, srcOff: number) => {
    if (ws && activation === 'tanh') ws.tanhfp(ws.base + srcOff * n, ws.base, ws.base + 5 * n, n);
    else activateWithDerivative(activation, src, h, fp, n, 0, 0, 0);
  };

  for (let t = 1; t <= total; t++) {
    // External current of this step: bias + U x_t + noise.
    for (let i = 0; i < n; i++) ext[i] = b[i] + (inputStd > 0 ? inputStd * rng.normal() : 0);
    if (drive.inputs) {
      const xo = (t - 1) * nIn;
      for (let i = 0; i < n; i++) { let s = 0; for (let j = 0; j < nIn; j++) s += u[i * nIn + j] * drive.inputs[xo + j]; ext[i] += s; }
    }
    if (form === 'voltage') {
      activate(state, 4);
      if (k === 1) {
        for (let i = 0; i < n; i++) x2[i] = fp[i] * q[i];
        bothProducts(h, x2, wh, wq1);
        for (let i = 0; i < n; i++) { state[i] = keep * state[i] + alpha * (wh[i] + ext[i]); q[i] = keep * q[i] + alpha * wq1[i]; }
      } else {
        for (let m = 0; m < k; m++) for (let i = 0; i < n; i++) scaled[m * n + i] = fp[i] * q[m * n + i];
        gemmNT(scaled, w, k, n, n, wq);
        gemmNT(h, w, 1, n, n, wh);
        for (let i = 0; i < n; i++) state[i] = keep * state[i] + alpha * (wh[i] + ext[i]);
        for (let m = 0; m < k * n; m++) q[m] = keep * q[m] + alpha * wq[m];
      }
    } else {
      const wqk = k === 1 ? wq1 : wq;
      if (k === 1) bothProducts(state, q, wh, wqk);
      else { gemmNT(q, w, k, n, n, wq); gemmNT(state, w, 1, n, n, wh); }
      for (let i = 0; i < n; i++) wh[i] += ext[i];
      activate(wh, 2);
      for (let i = 0; i < n; i++) state[i] = keep * state[i] + alpha * h[i];
      for (let m = 0; m < k; m++) for (let i = 0; i < n; i++) q[m * n + i] = keep * q[m * n + i] + alpha * fp[i] * wqk[m * n + i];
    }
    if (k === 1) {
      // Plain renormalisation: R is the 1 x 1 norm.
      let s = 0;
      for (let i = 0; i < n; i++) s += q[i] * q[i];
      const norm = Math.sqrt(s);
      if (!(norm > 0) || !Number.isFinite(norm)) throw new Error('tangent vector collapsed or diverged (degenerate network)');
      const inv = 1 / norm;
      for (let i = 0; i < n; i++) q[i] *= inv;
      if (t > warmup) sums[0] += Math.log(norm);
    } else {
      scaled.set(q);
      qrColumns(scaled, n, k, q, r);
      if (t > warmup) for (let m = 0; m < k; m++) sums[m] += Math.log(r[m * k + m]);
    }
    if (ctx && t % reportEvery === 0) {
      ctx.checkCancelled();
      ctx.report({ fraction: t / total });
    }
  }
  const spectrum = Array.from(sums, (s) => s / steps);
  if (!spectrum.every(Number.isFinite)) throw new Error('Lyapunov exponents are not finite');
  return {
    lambdaMax: spectrum[0], spectrum, spectrumPerTau: spectrum.map((l) => l / alpha),
    k, steps, warmup, inputStd,
  };
}
