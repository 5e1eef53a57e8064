/** The input check every plot series shares: a non-empty, finite column, returned sorted. */
export function sortedPlotData(data: ArrayLike<number>): Float64Array {
  if (data.length === 0) throw new Error('plot of an empty column (0 values)');
  let bad = 0;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) bad++;
  if (bad > 0) throw new Error(`plot data contain ${bad} non-finite value(s) (NaN or infinity)`);
  return Float64Array.from(data).sort();
}
