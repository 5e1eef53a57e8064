import type { EntrySummary } from '@core/contract/entries';
import type { EntryExport } from '@core/contract/history';
import { decodeArray } from '../db/arrays';
import type { HistoryRepo, StoredArrayRow } from '../db/history-repo';
import { datasetTableCsv } from './dataset-table';
import { csvText, formatNumber } from '@core/io/csv-cells';

export const EXPORT_FORMAT = 'plasticity-lab-entry';
export const EXPORT_FORMAT_VERSION = 1;

/**
 * Any entry as files a person and pandas can read: JSON of everything but the arrays (summary, configuration,
 * result, data set record, provenance) and each array as its own CSV. Numbers are written in the shortest form that
 * reads back to the same double (JavaScript's), so `pandas.read_csv(f, float_precision='round_trip')` or Python's
 * float() recovers every value bit for bit; NaN and infinities are written `NaN`, `inf`, `-inf`, -0 as `-0`.
 */
export function exportEntry(summary: EntrySummary, repo: HistoryRepo, decodedResult?: unknown): EntryExport {
  const stored = repo.storedJson(summary.id);
  if (!stored) throw new Error(`history entry ${summary.id} not found`);
  const arrays = repo.arrays(summary.id);
  const files = new Map<string, string>();
  const used = new Set<string>(['entry.json', 'data.csv']);
  // A data set also comes out as one table (data.csv), given its decoded result.
  const table = summary.kind === 'dataset' && decodedResult !== undefined ? datasetTableCsv(decodedResult) : null;
  for (const a of arrays) files.set(a.name, uniqueName(csvName(a.name), used));
  const describe = (name: string) => {
    const a = arrays.find((x) => x.name === name);
    return a ? { $array: name, csv: files.get(name), dtype: a.dtype, shape: a.shape } : { $array: name, missing: true };
  };
  const withRefs = (json: string, scope: string) =>
    JSON.parse(json, (_key, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v) && '$array' in v && Object.keys(v).length === 1
        ? describe(`${scope}:${(v as { $array: string }).$array}`)
        : v,
    ) as unknown;
  const document = {
    format: EXPORT_FORMAT,
    formatVersion: EXPORT_FORMAT_VERSION,
    entry: summary,
    config: withRefs(stored.config, 'config'),
    result: stored.result === null ? null : withRefs(stored.result, 'result'),
    dataset: repo.dataset(summary.id),
    inputs: repo.inputs(summary.id),
    arrays: arrays.map((a) => ({ name: a.name, csv: files.get(a.name), dtype: a.dtype, shape: a.shape })),
    ...(table === null ? {} : { table: 'data.csv' }),
  };
  const csv = arrays.map((a) => ({ name: files.get(a.name)!, text: arrayToCsv(a) }));
  return { json: `${JSON.stringify(document, null, 2)}\n`, csv: table === null ? csv : [{ name: 'data.csv', text: table }, ...csv] };
}

/** "result:ci.mu[0]" -> "result.ci.mu_0.csv": safe on every file system, still recognisable. */
function csvName(arrayName: string): string {
  const base = arrayName.replace(':', '.').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_+$/, '').replace(/^[._]+/, '');
  return `${base || 'array'}.csv`;
}

function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) candidate = name.replace(/\.csv$/, `-${i}.csv`);
  used.add(candidate.toLowerCase());
  return candidate;
}

/**
 * A vector becomes one column named after the array; a matrix (row-major, as stored) one row per matrix row with
 * columns c0, c1, ...; more dimensions are written as a matrix of shape [first, product of the rest].
 */
export function arrayToCsv(a: StoredArrayRow): string {
  const values = decodeArray(a);
  const columns = a.shape.length <= 1 ? 1 : a.shape.slice(1).reduce((p, d) => p * d, 1);
  const header = columns === 1 && a.shape.length <= 1 ? headerName(a.name) : Array.from({ length: columns }, (_, j) => `c${j}`).join(',');
  const lines: string[] = [header];
  for (let start = 0; start < values.length; start += columns) {
    const row: string[] = [];
    for (let j = 0; j < columns && start + j < values.length; j++) row.push(formatNumber(values[start + j]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The array's path without its scope ("result:columns[0].values" -> "columns[0].values"), as a CSV text cell. */
function headerName(name: string): string {
  return csvText(name.slice(name.indexOf(':') + 1) || 'value');
}
