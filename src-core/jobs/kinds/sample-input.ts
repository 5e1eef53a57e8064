import type { SampleInput } from './fit-schema';

/**
 * The values of a job's sample input. Data-set columns are resolved into `{ type: 'values' }` by main before the job
 * is planned (so a job never reads the database); meeting one here means that step was skipped.
 */
export function sampleValues(source: SampleInput, what = 'sample'): Float64Array {
  if (source.type === 'values') return source.values instanceof Float64Array ? source.values : Float64Array.from(source.values);
  throw new Error(`${what}: data-set column "${source.column}" of ${source.datasetId} was not resolved into values before the job was planned`);
}

/** The resolver's censoring flags (1 = the value is only an upper bound), or null when no value is censored. */
export function sampleCensored(source: SampleInput): Uint8Array | null {
  if (source.type !== 'values' || !source.censored) return null;
  if (source.censored.length !== source.values.length) {
    throw new Error(`censoring flags (${source.censored.length}) and values (${source.values.length}) differ in length`);
  }
  return source.censored.some((c) => c === 1) ? source.censored : null;
}

/** Values without the censored ones (flags from sampleCensored). */
export function withoutCensored(values: Float64Array, censored: Uint8Array | null): Float64Array {
  return censored ? values.filter((_, i) => censored[i] !== 1) : values;
}

/** Drops NaN and infinite values; counts them. */
export function dropNonFinite(x: Float64Array): { values: Float64Array; dropped: number } {
  let bad = 0;
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) bad++;
  if (bad === 0) return { values: x, dropped: 0 };
  return { values: x.filter(Number.isFinite), dropped: bad };
}

/** Concatenates shard arrays in order. */
export function concatArrays(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}
