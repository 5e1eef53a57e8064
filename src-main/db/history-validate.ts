import type { Database } from 'better-sqlite3';
import { entryKinds } from '@core/contract/entries';

/**
 * What a backup or bundle must hold before its rows are merged into the history (history/merge.ts): rows that the
 * app can read back. SQLite's constraints check types and references; these check meaning: a known entry kind, JSON
 * that parses, every `{ "$array" }` reference backed by an array, and array BLOBs whose length is their shape times
 * their element size (a 7-byte float64 blob would make the entry unreadable). Problems are named by entry id.
 */

const ELEMENT_BYTES: Record<string, number> = { float64: 8, float32: 4, int32: 4, uint32: 4, int16: 2, uint16: 2, int8: 1, uint8: 1 };
/** Problems listed in a refusal; the count says how many there were. */
const LISTED = 10;

function parsesAsJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** Every `{ "$array": name }` reference in a stored JSON value. */
function arrayRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) arrayRefs(v, out);
  else if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === '$array' && typeof (value as { $array: unknown }).$array === 'string') out.push((value as { $array: string }).$array);
    else for (const v of Object.values(value)) arrayRefs(v, out);
  }
  return out;
}

interface EntryRow { id: string; kind: string; config_json: unknown; result_json: unknown; headline_json: unknown }
interface ArrayRow { name: string; dtype: string; shape_json: unknown; data: Buffer | null }

/** The problems of the entries `ids` of a history file (empty when every row can be read back). */
export function validateEntries(db: Database, ids: string[]): { count: number; listed: string[] } {
  const problems: string[] = [];
  const kinds = new Set<string>(entryKinds);
  const entryOf = db.prepare('SELECT id, kind, config_json, result_json, headline_json FROM entries WHERE id = ?');
  const arraysOf = db.prepare('SELECT name, dtype, shape_json, data FROM entry_arrays WHERE entry_id = ?');
  const hasDatasets = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'datasets'`).get() !== undefined;
  const datasetOf = hasDatasets ? db.prepare('SELECT mapping_json, report_json FROM datasets WHERE entry_id = ?') : null;
  for (const id of ids) {
    const row = entryOf.get(id) as EntryRow | undefined;
    if (!row) continue;
    const say = (what: string) => problems.push(`entry ${id}: ${what}`);
    if (!kinds.has(row.kind)) say(`unknown kind "${String(row.kind).slice(0, 40)}" (known: ${entryKinds.join(', ')})`);
    const config = parsesAsJson(row.config_json);
    const result = row.result_json === null ? { ok: true as const, value: null } : parsesAsJson(row.result_json);
    if (!config.ok) say('its configuration is not valid JSON');
    if (!result.ok) say('its result is not valid JSON');
    if (!parsesAsJson(row.headline_json).ok) say('its headline figures are not valid JSON');
    const arrays = new Set<string>();
    for (const a of arraysOf.all(id) as ArrayRow[]) {
      arrays.add(a.name);
      const size = ELEMENT_BYTES[a.dtype];
      const shape = parsesAsJson(a.shape_json);
      const dims = shape.ok && Array.isArray(shape.value) && shape.value.every((d) => Number.isSafeInteger(d) && (d as number) >= 0) ? (shape.value as number[]) : null;
      if (size === undefined) say(`array "${a.name}" has the unknown type "${String(a.dtype).slice(0, 20)}"`);
      else if (!Buffer.isBuffer(a.data)) say(`array "${a.name}" holds no bytes`);
      else if (!dims) say(`array "${a.name}" has no valid shape`);
      else if (a.data.length !== dims.reduce((p, d) => p * d, 1) * size) {
        say(`array "${a.name}" holds ${a.data.length} bytes, but ${a.dtype} of shape [${dims.join(', ')}] needs ${dims.reduce((p, d) => p * d, 1) * size}`);
      }
    }
    for (const [scope, parsed] of [['config', config], ['result', result]] as const) {
      if (!parsed.ok) continue;
      for (const name of arrayRefs(parsed.value)) if (!arrays.has(`${scope}:${name}`)) say(`its ${scope} refers to the array "${name}", which is missing`);
    }
    const dataset = datasetOf?.get(id) as { mapping_json: unknown; report_json: unknown } | undefined;
    if (dataset && (!parsesAsJson(dataset.mapping_json).ok || !parsesAsJson(dataset.report_json).ok)) say('its data-set mapping or import report is not valid JSON');
  }
  return { count: problems.length, listed: problems.slice(0, LISTED) };
}
