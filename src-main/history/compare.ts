import type { EntryDetail } from '@core/contract/entries';
import type { ArraySummary, CompareRow, CompareValue, EntryComparison } from '@core/contract/history';
import { sameNumbers } from './rerun';

/** Plain arrays up to this length are shown in full (intervals, small vectors); longer ones are summarised. */
const SHORT_ARRAY = 16;

/**
 * Lines up two or more entries for a side-by-side view. Values are compared exactly (arrays byte for byte), so two
 * entries that differ only in a seed or in one value of an input array show exactly that row as differing.
 */
export function compareEntries(entries: EntryDetail[]): EntryComparison {
  const configs = entries.map((e) => flatten({ ...(asRecord(e.config)), seed: e.seed, jobKind: e.jobKind }));
  const config = rows(configs);
  return {
    entries: entries.map((e) => ({
      id: e.id, name: e.name, kind: e.kind, jobKind: e.jobKind, status: e.status, seed: e.seed, appVersion: e.appVersion,
      createdAt: e.createdAt, durationMs: e.durationMs, tags: e.tags, notes: e.notes,
    })),
    config,
    differingConfigFields: config.filter((r) => r.differs).map((r) => r.path),
    headline: rows(entries.map((e) => new Map(Object.entries(e.headline)))),
    result: rows(entries.map((e) => flatten(e.result))),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value) ? (value as Record<string, unknown>) : { value };
}

/** Dotted paths to leaves; arrays are leaves (compared whole). */
function flatten(value: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
    const keys = Object.keys(value);
    if (keys.length === 0 && prefix) out.set(prefix, value);
    for (const key of keys) flatten((value as Record<string, unknown>)[key], prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix || value !== null) {
    out.set(prefix || 'value', value);
  }
  return out;
}

function rows(maps: Map<string, unknown>[]): CompareRow[] {
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const map of maps) {
    for (const path of map.keys()) {
      if (seen.has(path)) continue;
      seen.add(path);
      paths.push(path);
    }
  }
  return paths.map((path) => {
    const raw = maps.map((m) => (m.has(path) ? m.get(path) : undefined));
    const differs = raw.some((v) => !(v === undefined ? raw[0] === undefined : raw[0] !== undefined && sameNumbers(v, raw[0])));
    return { path, values: raw.map(display), differs };
  });
}

function display(value: unknown): CompareValue {
  if (value === undefined) return null;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return summarise(value.constructor.name.replace(/Array$/, '').toLowerCase(), value as unknown as ArrayLike<number>);
  }
  if (Array.isArray(value)) {
    return value.length > SHORT_ARRAY && value.every((v) => typeof v === 'number') ? summarise('number', value as number[]) : value;
  }
  if (value && typeof value === 'object') return JSON.stringify(value);
  return value as CompareValue;
}

function summarise(dtype: string, values: ArrayLike<number>): ArraySummary {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return { array: { dtype, length: values.length, min: n ? min : null, max: n ? max : null, mean: n ? sum / n : null } };
}
