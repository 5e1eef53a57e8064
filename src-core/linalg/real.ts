/**
 * The two precisions the RNN computes in. 'float64' is the reference (every existing result); 'float32' stores the
 * trajectories in Float32Arrays and runs the products in single precision (twice the SIMD width), as PyTorch does
 * by default. Kernels that take a `Real` dispatch on the array type: all operands of one call share a precision.
 */
export type Precision = 'float64' | 'float32';
export const PRECISIONS: readonly Precision[] = ['float64', 'float32'];
export type Real = Float64Array | Float32Array;

export function realArray(precision: Precision, length: number): Real {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** A zero array of the same precision as `like`. */
export function realLike(like: Real, length: number): Real {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** The values in the given precision: the array itself for float64, a rounded copy for float32. */
export function inPrecision(values: Float64Array, precision: Precision): Real {
  return precision === 'float32' ? Float32Array.from(values) : values;
}

export function precisionOf(values: Real): Precision {
  return values instanceof Float32Array ? 'float32' : 'float64';
}

const scratch = new Map<string, Real>();

/**
 * A working array for one computation's internal use, handed out again to the next call with the same key (fresh
 * multi-megabyte arrays cost page faults on every iteration of a training loop). Its contents are whatever the last
 * user left: the caller must write every entry before reading it (or fill it), and the array must not escape the
 * call. `key` names the caller's buffer; calls are synchronous, so one key is never in use twice at once.
 */
export function scratchArray(key: string, precision: Precision, length: number): Real {
  const full = `${key}:${precision}`;
  const held = scratch.get(full);
  if (held !== undefined && held.length >= length) return held.subarray(0, length);
  const fresh = realArray(precision, length);
  scratch.set(full, fresh);
  return fresh;
}
