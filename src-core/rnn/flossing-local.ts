/**
 * Local gradient flossing: a rule that pushes lambda_max toward its target using only what a synapse has, the way
 * e-prop (Bellec et al. 2020) approximates BPTT. The exact flossing gradient (flossing.ts) backpropagates through the
 * QR chain and through the state trajectory, which no synapse can do.
 *
 * Each unit carries, besides its activity, its component of the Lyapunov vector q (the renormalised difference
 * between the trajectory and a perturbed copy, propagated by the same synapses: the tangent dynamics of
 * flossing-forward.ts); R_t,mm is the population's growth of vector m in step t (a global normalisation). The
 * direct effect of W_ij on the growth in one step is
 *   d log R_t,mm / d W_ij |direct = q_t,m,i alpha f'(s_{t-1},j) q_{t-1},m,j / R_t,mm              (voltage form)
 * (rate form: q_t,m,i f'(u_t,i) alpha q_{t-1},m,j / R_t,mm), and W_ij also acts through unit i's own earlier
 * perturbation via the leak (1 - alpha). Keeping exactly these paths gives an eligibility trace of the presynaptic
 * perturbation rate, filtered like e-prop's trace of the presynaptic rate:
 *   e_m,j^t = (1 - alpha) / R_{t-1},mm e_m,j^{t-1} + alpha f'(s_{t-1},j) q_{t-1},m,j
 * and the update
 *   dL/dW_ij ~ sum_m (dL/dlambda_m) (1 / S) sum_{t > warmup} (q_t,m,i / R_t,mm) e_m,j^t,
 * a global third factor (lambda_m - target: "too stable" or "too chaotic", like a neuromodulator) times the
 * postsynaptic Lyapunov-vector component times the presynaptic trace. (Rate form: the postsynaptic gain f'(u_t,i)
 * enters the trace as in RFLO, so it is per synapse.)
 *
 * Relative to the exact gradient it drops (i) the paths through the other units' perturbations (the W^T terms of the
 * tangent chain, e-prop's truncation), (ii) the normalisation's and, for k > 1, the Gram-Schmidt coupling of the
 * vectors, and (iii) the dependence of the Jacobians on the states (the f'' terms: how W changes the trajectory and
 * so the gains). b and U therefore receive nothing. For one scored step without warm-up and k = 1 nothing is dropped
 * and the two are equal (tested); how well they align otherwise is measured (README, figures script).
 *
 * Computed offline in one pass (a backward filter of the learning signal, as rflo.ts does), which equals the online
 * per-synapse traces above exactly (tests/core/rnn/flossing-local.test.ts checks against the literal traces).
 */
import { gemmTN } from '../linalg/batched';
import { activationDerivative } from './activation';
import type { RnnModel } from './init';
import { zeroParams } from './params';
import { flossingForward, type FlossingResult, type FlossingSample, type FlossingSettings } from './flossing-forward';

export function localFlossingGradient(model: RnnModel, sample: FlossingSample, s: FlossingSettings): FlossingResult {
  const { n } = model.shape;
  const { k, steps, warmup, target } = s;
  const { alpha, activation, form } = model.config;
  const keep = 1 - alpha;
  const kn = k * n;
  const { total, gainPre, qs, rs, exponents, loss } = flossingForward(model, sample, s);
  // The global factor of exponent m, with the 1/S of the time average.
  const third = exponents.map((l) => (2 * (l - target)) / (k * steps));
  // Row (t, m) of `post` x row (t, m) of `pre`, summed over all rows, is the update.
  const post = new Float64Array(total * kn);
  const pre = new Float64Array(total * kn);
  const filtered = new Float64Array(kn);
  const fp = new Float64Array(n);
  for (let t = total; t >= 1; t--) {
    const q = qs.subarray(t * kn, (t + 1) * kn);
    const qPrev = qs.subarray((t - 1) * kn, t * kn);
    activationDerivative(activation, gainPre.subarray((t - 1) * n, t * n), fp, n);
    for (let m = 0; m < k; m++) {
      const r = rs[(t - 1) * k * k + m * k + m];
      // Lbar_t = L_t + (1 - alpha) / R_t Lbar_{t+1}: the trace's decay between steps t and t + 1 is (1 - alpha) / R_t.
      const signal = t > warmup ? third[m] / r : 0;
      for (let i = 0; i < n; i++) {
        const idx = m * n + i, row = (t - 1) * kn + idx;
        filtered[idx] = signal * q[idx] + (keep / r) * filtered[idx];
        if (form === 'voltage') {
          post[row] = filtered[idx];
          pre[row] = alpha * fp[i] * qPrev[idx];
        } else {
          post[row] = fp[i] * filtered[idx];
          pre[row] = alpha * qPrev[idx];
        }
      }
    }
  }
  const grads = zeroParams(model.shape);
  gemmTN(post, pre, total * k, n, n, grads.w);
  return { loss, exponents, grads };
}
