/**
 * Initialisation of the leaky RNN: W ~ N(0, g^2/N) or g times a random orthogonal matrix, U ~ N(0, 1/n_in),
 * V ~ N(0, 1/N), biases 0 (the science note's settings), optionally with Dale's law.
 */
import type { Rng } from '../random/rng';
import { qrColumns } from '../linalg/qr';
import type { RnnModelConfig } from './schema';
import { zeroParams, type RnnParams, type RnnShape } from './params';

export interface RnnModel {
  config: RnnModelConfig;
  shape: RnnShape;
  params: RnnParams;
  /** Dale's law: +1 for excitatory, -1 for inhibitory presynaptic neuron j (column j of W); null if unconstrained. */
  columnSigns: Int8Array | null;
}

export function createModel(config: RnnModelConfig, nIn: number, nOut: number, rng: Rng): RnnModel {
  const n = config.n;
  if (!(n >= 1) || !(nOut >= 1) || !(nIn >= 0)) throw new RangeError(`bad RNN shape n=${n}, nIn=${nIn}, nOut=${nOut}`);
  const shape = { n, nIn, nOut };
  const params = zeroParams(shape);
  const g = config.gain;
  if (config.init === 'orthogonal') {
    // g * Q from the QR of a Gaussian matrix: all singular values equal g.
    const a = new Float64Array(n * n);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    const q = new Float64Array(n * n);
    qrColumns(a, n, n, q, new Float64Array(n * n));
    for (let i = 0; i < n * n; i++) params.w[i] = g * q[i];
  } else {
    const sd = g / Math.sqrt(n);
    for (let i = 0; i < n * n; i++) params.w[i] = sd * rng.normal();
  }
  const inSd = nIn > 0 ? 1 / Math.sqrt(nIn) : 0;
  for (let i = 0; i < params.u.length; i++) params.u[i] = inSd * rng.normal();
  const outSd = 1 / Math.sqrt(n);
  for (let i = 0; i < params.v.length; i++) params.v[i] = outSd * rng.normal();
  let columnSigns: Int8Array | null = null;
  if (config.daleExcitatoryFraction !== null) columnSigns = applyDale(params.w, n, config.daleExcitatoryFraction);
  return { config, shape, params, columnSigns };
}

/**
 * Dale's law: the first round(fE * N) neurons are excitatory. Each W_ij becomes sign_j |W_ij| c_j, with the
 * inhibitory weights scaled by c_I = fE / (1 - fE) so that the mean input to every neuron is about zero (balanced),
 * and everything rescaled so that the mean squared weight stays g^2 / N, i.e. the gain keeps its meaning.
 */
function applyDale(w: Float64Array, n: number, excitatoryFraction: number): Int8Array {
  const nE = Math.min(n - 1, Math.max(1, Math.round(excitatoryFraction * n)));
  const fE = nE / n;
  const cI = fE / (1 - fE);
  const secondMoment = fE + (1 - fE) * cI * cI;
  const rescale = 1 / Math.sqrt(secondMoment);
  const signs = new Int8Array(n);
  for (let j = 0; j < n; j++) signs[j] = j < nE ? 1 : -1;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const mag = Math.abs(w[i * n + j]) * (signs[j] > 0 ? 1 : cI) * rescale;
      w[i * n + j] = signs[j] * mag;
    }
  }
  return signs;
}

/** Projects W back onto Dale's constraint after an update: weights that changed sign are set to zero. */
export function projectDale(w: Float64Array, n: number, columnSigns: Int8Array): void {
  for (let i = 0; i < n; i++) {
    const wi = i * n;
    for (let j = 0; j < n; j++) if (w[wi + j] * columnSigns[j] < 0) w[wi + j] = 0;
  }
}
