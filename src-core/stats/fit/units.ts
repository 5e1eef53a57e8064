/**
 * Fitting in rescaled units, so that every result is scale-equivariant from 1e-300 to 1e300: multiplying the data by
 * c multiplies scale parameters by c (rates by 1/c, log-locations shift by log c), changes the log-likelihood by
 * -n log c, standard errors likewise, and nothing else. Without it a normal fit of values near 1e-300 squares them
 * into 0 (sigma = 0), the inverse Gaussian's mu^2 underflows, and observed-information standard errors divide by a
 * squared parameter.
 *
 * The unit is a power of two (so dividing by it is exact): for positive data the one nearest the middle of their
 * range on the log scale, otherwise the one nearest the largest |x|; and 1 (no rescaling) when that power lies within
 * 2^+-32, where every family's arithmetic is exact enough as it is (so ordinary data give the figures they always
 * gave). Every family is
 * closed under scaling (Family.paramScaling says how each parameter moves), so a fit in units maps back exactly.
 */
import type { Family, Params } from '../family';
import { SampleStats } from '../families/sample-stats';

/** Data whose magnitude is within 2^+-NATIVE_RANGE are fitted as they are. */
const NATIVE_RANGE = 32;

/** The power of two that `values` are fitted in (1 when they are already of moderate size). */
export function fittingUnit(values: ArrayLike<number>): number {
  let min = Infinity;
  let maxAbs = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
  }
  // Positive data: the middle of their range on the log scale; otherwise their largest magnitude.
  const log2 = min > 0 ? (Math.log2(min) + Math.log2(maxAbs)) / 2 : maxAbs > 0 ? Math.log2(maxAbs) : 0;
  const k = Math.round(log2);
  return Math.abs(k) <= NATIVE_RANGE ? 1 : Math.pow(2, Math.max(-1020, Math.min(1020, k)));
}

/** values / unit (the same array when the unit is 1). */
export function inUnits(values: Float64Array, unit: number): Float64Array {
  if (unit === 1) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] / unit;
  return out;
}

function mapParams(family: Family, p: Params, c: number): Params {
  const out: Params = {};
  for (const [name, v] of Object.entries(p)) {
    const how = family.paramScaling[name] ?? 'invariant';
    out[name] = how === 'scale' ? v * c : how === 'rate' ? v / c : how === 'log-location' ? v + Math.log(c) : v;
  }
  return out;
}

/** The parameters of c Y given those of Y. */
export function paramsFromUnits(family: Family, p: Params, unit: number): Params {
  return unit === 1 ? { ...p } : mapParams(family, p, unit);
}

/** The parameters of X / c given those of X. */
export function paramsToUnits(family: Family, p: Params, unit: number): Params {
  return unit === 1 ? { ...p } : mapParams(family, p, 1 / unit);
}

/** Standard errors (or any spread of a parameter) of c Y given those of Y: shifts do not change them. */
export function spreadFromUnits(family: Family, se: Params, unit: number): Params {
  const out: Params = {};
  for (const [name, v] of Object.entries(se)) {
    const how = family.paramScaling[name] ?? 'invariant';
    out[name] = how === 'scale' ? v * unit : how === 'rate' ? v / unit : v;
  }
  return out;
}

export interface FitInUnits {
  /** Parameters of the data as given. */
  params: Params;
  /** Parameters of the data divided by `unit` (what goodness-of-fit and bootstrap code work with). */
  paramsInUnits: Params;
  unit: number;
}

/**
 * The complete-data maximum-likelihood fit of `values` (validated: finite, positive where the family needs it)
 * computed in units. The one way every caller fits a family to complete data, so all of them agree bit for bit.
 */
export function fitInUnits(family: Family, values: Float64Array): FitInUnits {
  const unit = fittingUnit(values);
  const scaled = new SampleStats(inUnits(values, unit));
  const paramsInUnits = family.fitStats ? family.fitStats(scaled) : family.fit(scaled.data);
  return { params: paramsFromUnits(family, paramsInUnits, unit), paramsInUnits, unit };
}
