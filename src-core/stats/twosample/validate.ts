/** Input checks shared by the two-sample functions: clear errors that name the problem and its count. */

/** Throws unless every value is finite and there are at least `min` of them. */
export function assertFiniteSample(x: ArrayLike<number>, what: string, min: number): void {
  if (x.length === 0) throw new Error(`${what} is empty (0 values)`);
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) bad++;
  if (bad > 0) throw new Error(`${what} contains ${bad} non-finite value(s) (NaN or infinity)`);
  if (x.length < min) throw new Error(`${what} needs at least ${min} values, got ${x.length}`);
}

/** A sorted Float64Array copy of a finite sample with at least `min` values. */
export function sortedFiniteCopy(x: ArrayLike<number>, what: string, min: number): Float64Array {
  assertFiniteSample(x, what, min);
  return Float64Array.from(x).sort();
}

/** Natural logs of a sample; throws naming how many values are zero or negative. */
export function logsOfPositive(x: ArrayLike<number>, what: string): Float64Array {
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) bad++;
  if (bad > 0) throw new Error(`${what} has ${bad} zero or negative value(s); the log scale needs positive values`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]);
  return out;
}
