/** The rate nonlinearities f of the leaky RNN and their first and second derivatives (the second is needed by the
 *  exact flossing gradient, because the Jacobian contains f'). tanh is fast-tanh.ts's reproducible version
 *  everywhere, so values and derivatives agree across the forward pass, the rules, Lyapunov and flossing. On
 *  Float32Arrays (the float32 precision) tanh is `tanh32`; the other arithmetic is double, rounded on the store. */
import type { Real } from '../linalg/real';
import { tanh, tanh32 } from './fast-tanh';

export type ActivationName = 'tanh' | 'relu' | 'retanh';

/** h = f(a) elementwise over the first `len` entries (offsets let callers work inside big trajectory buffers). */
export function applyActivation(kind: ActivationName, a: Real, h: Real, len: number, aOff = 0, hOff = 0): void {
  const tanh = tanhFor(a);
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < len; i++) h[hOff + i] = tanh(a[aOff + i]);
      return;
    case 'relu':
      for (let i = 0; i < len; i++) { const x = a[aOff + i]; h[hOff + i] = x > 0 ? x : 0; }
      return;
    case 'retanh':
      for (let i = 0; i < len; i++) { const x = a[aOff + i]; h[hOff + i] = x > 0 ? tanh(x) : 0; }
      return;
  }
}

/** f'(a) elementwise. The kink of relu/retanh at 0 takes the derivative from the left (0). */
export function activationDerivative(kind: ActivationName, a: Real, out: Real, len: number, aOff = 0, outOff = 0): void {
  const tanh = tanhFor(a);
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < len; i++) { const t = tanh(a[aOff + i]); out[outOff + i] = 1 - t * t; }
      return;
    case 'relu':
      for (let i = 0; i < len; i++) out[outOff + i] = a[aOff + i] > 0 ? 1 : 0;
      return;
    case 'retanh':
      for (let i = 0; i < len; i++) {
        const x = a[aOff + i];
        if (x > 0) { const t = tanh(x); out[outOff + i] = 1 - t * t; } else out[outOff + i] = 0;
      }
      return;
  }
}

/** f''(a) elementwise (0 for relu; -2 tanh(a) (1 - tanh(a)^2) for tanh and for retanh above 0). */
export function activationSecondDerivative(kind: ActivationName, a: Float64Array, out: Float64Array, len: number, aOff = 0, outOff = 0): void {
  for (let i = 0; i < len; i++) {
    const x = a[aOff + i];
    if (kind === 'relu' || (kind === 'retanh' && x <= 0)) { out[outOff + i] = 0; continue; }
    const t = tanh(x);
    out[outOff + i] = -2 * t * (1 - t * t);
  }
}

/** f'(a) from a and the already computed f(a), without another tanh: 1 - f^2 for tanh (and retanh above 0). */
export function derivativeFromValue(
  kind: ActivationName, a: Float64Array, f: Float64Array, out: Float64Array, len: number, aOff: number, fOff: number, outOff: number,
): void {
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < len; i++) { const t = f[fOff + i]; out[outOff + i] = 1 - t * t; }
      return;
    case 'relu':
      for (let i = 0; i < len; i++) out[outOff + i] = a[aOff + i] > 0 ? 1 : 0;
      return;
    case 'retanh':
      for (let i = 0; i < len; i++) { const t = f[fOff + i]; out[outOff + i] = a[aOff + i] > 0 ? 1 - t * t : 0; }
      return;
  }
}

/**
 * h = f(a) and f'(a) in one pass (the forward step's hot loop): f' = 1 - h^2 for tanh, from the value just computed.
 */
export function activateWithDerivative(
  kind: ActivationName, a: Real, h: Real, fp: Real, len: number, aOff: number, hOff: number, fpOff: number,
): void {
  const tanh = tanhFor(a);
  switch (kind) {
    case 'tanh':
      for (let i = 0; i < len; i++) { const t = tanh(a[aOff + i]); h[hOff + i] = t; fp[fpOff + i] = 1 - t * t; }
      return;
    case 'relu':
      for (let i = 0; i < len; i++) { const x = a[aOff + i]; h[hOff + i] = x > 0 ? x : 0; fp[fpOff + i] = x > 0 ? 1 : 0; }
      return;
    case 'retanh':
      for (let i = 0; i < len; i++) {
        const x = a[aOff + i];
        const t = x > 0 ? tanh(x) : 0;
        h[hOff + i] = t; fp[fpOff + i] = x > 0 ? 1 - t * t : 0;
      }
      return;
  }
}

/** tanh in the precision of the array it reads. */
function tanhFor(a: Real): (x: number) => number {
  return a instanceof Float32Array ? tanh32 : tanh;
}
