import { csvText, formatNumber } from '@core/io/csv-cells';

/**
 * An imported data set as ONE table, the way it came in: a row per kept row with its source row number, every value
 * column (plus a `<name>_below_limit` 0/1 column where below-limit values were kept), grouping labels as text and
 * dates as ISO strings. This is what a person or pandas wants from a data set; the per-array CSVs stay for exactness.
 * Returns null for a result that is not laid out like a data set (nothing is guessed).
 */
interface DatasetLike {
  rowCount: number;
  sourceRows: ArrayLike<number>;
  columns: { name: string; values: ArrayLike<number>; censored?: ArrayLike<number>; censoredCount?: number }[];
  groups?: { column: string; levels: string[]; codes: ArrayLike<number> }[];
  dates?: { column: string; iso: string[] }[];
}

function isDatasetLike(value: unknown): value is DatasetLike {
  const v = value as DatasetLike | null;
  if (!v || typeof v !== 'object' || typeof v.rowCount !== 'number' || !v.sourceRows || !Array.isArray(v.columns)) return false;
  const n = v.rowCount;
  return v.sourceRows.length === n && v.columns.every((c) => c.values?.length === n)
    && (v.groups ?? []).every((g) => g.codes?.length === n && Array.isArray(g.levels))
    && (v.dates ?? []).every((d) => d.iso?.length === n);
}

export function datasetTableCsv(result: unknown): string | null {
  if (!isDatasetLike(result)) return null;
  const cells: { header: string; at: (i: number) => string }[] = [{ header: 'source_row', at: (i) => String(result.sourceRows[i]) }];
  for (const c of result.columns) {
    cells.push({ header: c.name, at: (i) => formatNumber(c.values[i]) });
    if (c.censored && (c.censoredCount ?? 1) > 0) cells.push({ header: `${c.name}_below_limit`, at: (i) => String(c.censored![i]) });
  }
  for (const g of result.groups ?? []) cells.push({ header: g.column, at: (i) => csvText(g.levels[g.codes[i]] ?? '') });
  for (const d of result.dates ?? []) cells.push({ header: d.column, at: (i) => csvText(d.iso[i] ?? '') });
  const lines = [cells.map((c) => csvText(c.header)).join(',')];
  for (let i = 0; i < result.rowCount; i++) lines.push(cells.map((c) => c.at(i)).join(','));
  return `${lines.join('\n')}\n`;
}
