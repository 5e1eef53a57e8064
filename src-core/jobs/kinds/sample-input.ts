import type { SampleInput } from './fit-schema';

/**
 * The values of a job's sample input. Data-set columns are resolved into `{ type: 'values' }` by main before the job
 * is planned (so a job never reads the database); meeting one here means that step was skipped.
 */
export function sampleValues(source: SampleInput, what = 'sample'): Float64Array {
  if (source.type === 'values') return source.values instanceof Float64Array ? source.values : Float64Array.from(source.values);
  throw new Error(`${what}: data-set column "${source.column}" of ${source.datasetId} was not resolved into values before the job was planned`);
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
