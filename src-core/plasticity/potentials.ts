/**
 * Separable mirror-descent potentials phi(w) = sum_i f(w_i) (Pogodin et al., "Synaptic Weight Distributions Depend
 * on the Geometry of Plasticity", ICLR 2024, Sec. 2; the table in docs/science geometry-of-plasticity.md).
 *
 * The gradient f'(w) maps a weight to its dual coordinate; mirror descent moves the dual coordinate by -lr * g and
 * maps back with the inverse gradient. Everything is float64: for p far from 2 the maps |w|^(p-1) and
 * |y|^(1/(p-1)) lose accuracy quickly in lower precision.
 */
import { z } from 'zod';

export type PotentialKind = 'euclidean' | 'p-norm' | 'negative-entropy' | 'hyperbolic-entropy';

/** The user-facing description of a geometry (what a run configuration stores). */
export const potentialSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('euclidean') }),
  z.object({ kind: z.literal('p-norm'), p: z.number().gt(1).lte(20) }),
  z.object({ kind: z.literal('negative-entropy') }),
  /** NOT in the paper: an extension interpolating Euclidean (large beta) and negative entropy (small beta). */
  z.object({ kind: z.literal('hyperbolic-entropy'), beta: z.number().positive().finite() }),
]);
export type PotentialSpec = z.infer<typeof potentialSpecSchema>;

export interface Potential {
  readonly kind: PotentialKind;
  /** Stable name used in results and the CLI: 'negative-entropy', 'p=1.5', 'p=2' (Euclidean), 'hyperbolic(beta=0.1)'. */
  readonly name: string;
  /** p for p-norms (2 for Euclidean), undefined otherwise. */
  readonly p?: number;
  readonly beta?: number;
  /** False for negative entropy, whose updates never change a weight's sign nor move an exact zero. */
  readonly allowsSignChange: boolean;
  /** f(w) for one synapse. */
  value(w: number): number;
  /** f'(w): the dual coordinate. For negative entropy an exact zero is a fixed point; its dual is reported as 0. */
  grad(w: number): number;
  /** (f')^-1(y). `sign` (of the weight's start) is needed only by negative entropy, whose dual space has two sheets. */
  invGrad(y: number, sign: number): number;
  /** f''(w): the local learning-rate divisor, dw ~= -lr g / f''(w). */
  secondDerivative(w: number): number;
}

/** Formats p as in the CLI: 1.5 -> '1.5', 2 -> '2'. */
export function formatP(p: number): string {
  return String(Number(p.toFixed(6)));
}

const euclidean: Potential = {
  kind: 'euclidean',
  name: 'p=2',
  p: 2,
  allowsSignChange: true,
  value: (w) => 0.5 * w * w,
  grad: (w) => w,
  invGrad: (y) => y,
  secondDerivative: () => 1,
};

const negativeEntropy: Potential = {
  kind: 'negative-entropy',
  name: 'negative-entropy',
  allowsSignChange: false,
  value: (w) => (w === 0 ? 0 : Math.abs(w) * Math.log(Math.abs(w))),
  grad: (w) => (w === 0 ? 0 : Math.sign(w) * (Math.log(Math.abs(w)) + 1)),
  // The two sheets w > 0 and w < 0 share dual values, so the start's sign picks the sheet: w = s exp(s y - 1).
  invGrad: (y, sign) => (sign === 0 ? 0 : sign * Math.exp(sign * y - 1)),
  secondDerivative: (w) => 1 / Math.abs(w),
};

function pNorm(p: number): Potential {
  if (!(p > 1) || !Number.isFinite(p)) throw new RangeError(`p-norm potential needs p > 1, got ${p}`);
  if (p === 2) return euclidean;
  const q = p - 1;
  const invQ = 1 / q;
  return {
    kind: 'p-norm',
    name: `p=${formatP(p)}`,
    p,
    allowsSignChange: true,
    value: (w) => Math.pow(Math.abs(w), p) / p,
    grad: (w) => Math.sign(w) * Math.pow(Math.abs(w), q),
    invGrad: (y) => Math.sign(y) * Math.pow(Math.abs(y), invQ),
    secondDerivative: (w) => q * Math.pow(Math.abs(w), p - 2),
  };
}

function hyperbolicEntropy(beta: number): Potential {
  if (!(beta > 0) || !Number.isFinite(beta)) throw new RangeError(`hyperbolic entropy needs beta > 0, got ${beta}`);
  return {
    kind: 'hyperbolic-entropy',
    name: `hyperbolic(beta=${formatP(beta)})`,
    beta,
    allowsSignChange: true,
    value: (w) => w * Math.asinh(w / beta) - Math.sqrt(w * w + beta * beta),
    grad: (w) => Math.asinh(w / beta),
    invGrad: (y) => beta * Math.sinh(y),
    secondDerivative: (w) => 1 / Math.sqrt(w * w + beta * beta),
  };
}

export function makePotential(spec: PotentialSpec): Potential {
  switch (spec.kind) {
    case 'euclidean':
      return euclidean;
    case 'negative-entropy':
      return negativeEntropy;
    case 'p-norm':
      return pNorm(spec.p);
    case 'hyperbolic-entropy':
      return hyperbolicEntropy(spec.beta);
  }
}

/** The spec of a named hypothesis ('negative-entropy', 'p=1.5', 'euclidean'). */
export function potentialFromName(name: string): Potential {
  if (name === 'negative-entropy') return negativeEntropy;
  if (name === 'euclidean') return euclidean;
  const m = /^p=([0-9.]+)$/.exec(name);
  if (m) return pNorm(Number(m[1]));
  throw new RangeError(`unknown potential name '${name}' (expected negative-entropy, euclidean or p=<number>)`);
}

/** phi(w) = sum_i f(w_i). */
export function potentialValue(pot: Potential, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += pot.value(w[i]);
  return s;
}

/** Dual coordinates grad_phi(w), elementwise. */
export function dualCoordinates(pot: Potential, w: Float64Array, out = new Float64Array(w.length)): Float64Array {
  for (let i = 0; i < w.length; i++) out[i] = pot.grad(w[i]);
  return out;
}

/** Primal weights from dual coordinates; `signs` (the starting weights, only their signs matter) for negative entropy. */
export function primalFromDual(pot: Potential, y: Float64Array, signs: Float64Array | null, out = new Float64Array(y.length)): Float64Array {
  if (!pot.allowsSignChange && !signs) throw new Error(`${pot.name}: mapping back from dual coordinates needs the weights' signs`);
  for (let i = 0; i < y.length; i++) out[i] = pot.invGrad(y[i], signs ? Math.sign(signs[i]) : 1);
  return out;
}

/**
 * Bregman divergence D_phi(w1, w2) = phi(w1) - phi(w2) - <grad phi(w2), w1 - w2> >= 0, the "distance" mirror descent
 * penalises: one MD step is argmin_w lr <g, w> + D_phi(w, w_t).
 */
export function bregmanDivergence(pot: Potential, w1: Float64Array, w2: Float64Array): number {
  if (w1.length !== w2.length) throw new Error(`bregmanDivergence: lengths differ (${w1.length} vs ${w2.length})`);
  let s = 0;
  for (let i = 0; i < w1.length; i++) s += pot.value(w1[i]) - pot.value(w2[i]) - pot.grad(w2[i]) * (w1[i] - w2[i]);
  return s;
}
