/**
 * eprop.ts's voltage-form e-prop for a float32 trajectory in one WebAssembly workspace (the trajectory's own memory
 * when it is resident; simd32.ts's ruleMemory32): the learning signals of all
 * steps in one product, psi = L f' and the eligibility filter eps in one pass each (leak32 runs the recursion over
 * the steps), then dW = psi^T eps, dU, db and the readout's dV as products over all rows. The same operations in the same order as
 * the generic path, so the gradients are bit-identical to it (the tests compare both).
 */
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import { epropRegions32, inputSideGradients32, readoutGradients32, ruleMemory32 } from './simd32';

/** Fills every gradient but x0's (which stays zero), or returns false when the SIMD path does not apply. */
export function epropVoltage32(
  model: RnnModel, traj: Trajectory, x: Float64Array, dy: Float64Array, feedback: Float64Array, grads: RnnParams,
): boolean {
  const { n, nIn, nOut } = model.shape;
  const { alpha } = model.config;
  const { steps, batch } = traj;
  if (n % 4 !== 0) return false;
  const bn = batch * n, rows = steps * batch;
  const memory = ruleMemory32(traj, n, epropRegions32(n, nIn, nOut, steps, batch), 'rnn-eprop32');
  if (memory === null) return false;
  const { ws, at, h, fp } = memory;
  const { heap } = ws;
  heap.set(feedback, at.f);
  heap.set(dy, at.dy);
  heap.fill(0, at.zero, at.zero + bn);
  ws.setLeak(1 - alpha, alpha);
  ws.signal(at.dy, at.f, fp, at.psi, rows, n, nOut); // psi = L f' with the learning signals L_t = e_t F
  ws.leak(at.zero, h, at.eps, steps, bn); // eps_t = keep eps_{t-1} + alpha h_{t-1}
  // The few input traces and the bias trace: eprop.ts's loops, rounded into the workspace, each row the input traces
  // and then the bias trace (inputSideGradients32's XW).
  const keep = 1 - alpha, width = nIn + 1, block = batch * width;
  let epsBias = 0;
  for (let t = 1; t <= steps; t++) {
    epsBias = keep * epsBias + alpha;
    const bias = Math.fround(epsBias);
    for (let r = 0; r < batch; r++) {
      const xo = ((t - 1) * batch + r) * nIn, q = at.traces + ((t - 1) * batch + r) * width;
      for (let j = 0; j < nIn; j++) heap[q + j] = (t > 1 ? keep * heap[q - block + j] : 0) + alpha * Math.fround(x[xo + j]);
      heap[q + nIn] = bias;
    }
  }
  inputSideGradients32(ws, at, at.psi, at.eps, at.traces, rows, n, nIn, grads);
  readoutGradients32(ws, at.dy, h + bn, at.dv, dy, rows, n, nOut, grads);
  return true;
}
