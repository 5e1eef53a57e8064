/**
 * In-place complex FFT of power-of-two length: iterative radix-2 Cooley-Tukey with a precomputed bit-reversal
 * permutation and twiddle table, real and imaginary parts in separate Float64Arrays. A plan is built once per size
 * and reused for every transform (the Toeplitz sampler runs hundreds of transforms of one size).
 *
 * Convention (numpy's): forward X_k = sum_j x_j exp(-2 pi i j k / n); inverse has exp(+...) and the 1/n factor.
 */
export interface FftPlan {
  readonly n: number;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
  readonly bitReversed: Uint32Array;
}

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

export function createFftPlan(n: number): FftPlan {
  if (!isPowerOfTwo(n) || n > 2 ** 30) throw new RangeError(`FFT length must be a power of two (up to 2^30), got ${n}`);
  const half = n >>> 1;
  const cos = new Float64Array(half);
  const sin = new Float64Array(half);
  for (let k = 0; k < half; k++) {
    // Angles computed directly (not by recurrence) so every twiddle is correctly rounded to ~1 ulp.
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = Math.sin((2 * Math.PI * k) / n);
  }
  const bits = Math.round(Math.log2(n));
  const bitReversed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>>= 1) r = (r << 1) | (x & 1);
    bitReversed[i] = r;
  }
  return { n, cos, sin, bitReversed };
}

/** Forward transform in place (inverse = true: conjugate twiddles and scale by 1/n). */
export function fft(plan: FftPlan, re: Float64Array, im: Float64Array, inverse = false): void {
  const { n, cos, sin, bitReversed } = plan;
  if (re.length < n || im.length < n) throw new RangeError(`fft: buffers shorter than the plan length ${n}`);
  for (let i = 0; i < n; i++) {
    const j = bitReversed[i];
    if (j > i) {
      let t = re[i];
      re[i] = re[j];
      re[j] = t;
      t = im[i];
      im[i] = im[j];
      im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size *= 2) {
    const halfSize = size >>> 1;
    const stride = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, t = 0; k < halfSize; k++, t += stride) {
        const wr = cos[t];
        const wi = sign * sin[t];
        const a = start + k;
        const b = a + halfSize;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
  if (inverse) {
    const s = 1 / n;
    for (let i = 0; i < n; i++) {
      re[i] *= s;
      im[i] *= s;
    }
  }
}
