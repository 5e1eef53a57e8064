/**
 * The one source of randomness in src-core: xoshiro128** (Blackman & Vigna), 32-bit operations only, so it runs
 * at full speed in JavaScript without BigInt. Seeds are expanded with SplitMix32 so that nearby seeds (1, 2, 3 ...)
 * give unrelated streams; `stream` selects an independent sequence for the same seed (one per worker or per
 * bootstrap chunk), so results do not depend on how work is split across threads.
 *
 * Same seed and stream => the same numbers, bit for bit, on every machine (only integer arithmetic and IEEE
 * operations that are exactly specified are used).
 */
export interface Rng {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  /** Uniform on (0, 1): never returns 0, safe for logs. */
  uniformOpen(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** Raw 32-bit unsigned output. */
  nextUint32(): number;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

class Xoshiro128StarStar implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal: number | null = null;

  constructor(seed: number, stream: number) {
    if (!Number.isFinite(seed) || !Number.isFinite(stream)) throw new RangeError('seed and stream must be finite');
    // Mix the (up to 53-bit) seed and the stream index into the SplitMix state.
    const lo = seed >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const st = { s: lo ^ Math.imul(hi, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1) };
    splitmix32(st);
    st.s ^= Math.imul(stream >>> 0, 0x9e3779b1);
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.d = 1;
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  normal(): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return z;
    }
    // Marsaglia's polar method: two normals per accepted pair, no trigonometric calls.
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * m;
    return u * m;
  }

  int(n: number): number {
    if (!(n >= 1) || n > TWO_POW_32 || !Number.isInteger(n)) throw new RangeError(`int(n) needs an integer 1 <= n <= 2^32, got ${n}`);
    // Lemire-style rejection to avoid modulo bias.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator for `seed` (any finite integer up to 2^53) and an independent `stream` index (default 0). */
export function createRng(seed: number, stream = 0): Rng {
  return new Xoshiro128StarStar(seed, stream);
}
