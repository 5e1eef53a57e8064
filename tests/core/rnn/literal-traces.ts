/**
 * Test oracle: the local rules written literally as online per-synapse eligibility traces (B x N x N numbers
 * updated every step, exactly as in Bellec et al. 2020 and Murray 2019). Slow and obvious; the fast estimators in
 * src-core must agree with it.
 */
import { activationDerivative } from '@core/rnn/activation';
import type { RnnModel } from '@core/rnn/init';
import type { Trajectory } from '@core/rnn/forward';

/** dW of the literal online rule. 'eprop': e_ji = f'(a_j^t) eps_ji^t with eps filtering h_i^{t-1};
 *  'rflo': p_ji filtering f'(pre_j^t) h_i^{t-1}. Learning signal L = e_t F. */
export function literalRecurrentUpdate(model: RnnModel, traj: Trajectory, dy: Float64Array, feedback: Float64Array, kind: 'eprop' | 'rflo'): Float64Array {
  const { n, nOut } = model.shape;
  const { alpha, activation } = model.config;
  const { steps, batch } = traj;
  const dw = new Float64Array(n * n);
  const fp = new Float64Array(n);
  for (let r = 0; r < batch; r++) {
    const trace = new Float64Array(n * n);
    for (let t = 1; t <= steps; t++) {
      const off = ((t - 1) * batch + r) * n;
      activationDerivative(activation, traj.pre, fp, n, off, 0);
      const hPrev = ((t - 1) * batch + r) * n;
      for (let j = 0; j < n; j++) {
        let signal = 0;
        for (let k = 0; k < nOut; k++) signal += feedback[k * n + j] * dy[((t - 1) * batch + r) * nOut + k];
        for (let i = 0; i < n; i++) {
          const presyn = traj.h[hPrev + i];
          if (kind === 'eprop') {
            trace[j * n + i] = (1 - alpha) * trace[j * n + i] + alpha * presyn;
            dw[j * n + i] += signal * fp[j] * trace[j * n + i];
          } else {
            trace[j * n + i] = (1 - alpha) * trace[j * n + i] + alpha * fp[j] * presyn;
            dw[j * n + i] += signal * trace[j * n + i];
          }
        }
      }
    }
  }
  return dw;
}
