// Shared by the history-*.test.ts files: a history with every kind of stored thing, and a byte-exact dump.
import type { Database } from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import type { HistoryDb } from '../../src-main/db/connection';

export interface Seeded {
  simulation: string;
  dataset: string;
  fit: string;
  running: string;
}

const t0 = Date.parse('2026-01-02T03:04:05.000Z');

/**
 * A simulation with arrays of several dtypes (NaN, -0, infinities, denormals), tags and notes; a data set with columns
 * and its original bytes (invalid UTF-8 included); a fit computed from the data set, in the trash; a running job.
 */
export function seedHistory(db: HistoryDb): Seeded {
  const repo = createEntriesRepo(db);
  let tick = 0;
  const now = () => new Date(t0 + 1000 * tick++);
  const make = (kind: 'simulation' | 'dataset' | 'fit', name: string, status: 'running' | 'done', config: unknown, seed: number | null) =>
    repo.create({ kind, name, status, jobKind: kind === 'dataset' ? null : `test-${kind}`, config, seed, appVersion: '0.1.0', now: now() }).id;

  const simulation = make('simulation', 'sim ünïcode ✓', 'running', { n: 3, weights: new Float64Array([0.5, -0, 1e-310]) }, 4294967295);
  repo.finish(simulation, {
    status: 'done', now: now(), headline: { loss: 0.25, label: 'ok' },
    result: {
      loss: new Float64Array([NaN, -0, Infinity, -Infinity, 5e-324, 0.1, 1 / 3]),
      counts: new Int32Array([-2147483648, 0, 2147483647]),
      rates: new Float32Array([0.1, 3.4e38, -1e-45]),
      mask: new Uint8Array([0, 255, 7]),
      nested: { curve: [new Float64Array([1, 2]), new Float64Array([3])] },
      scalar: 2.5,
    },
  });
  repo.update(simulation, { tags: ['keep', 'V1'], notes: 'first run\nsecond line' });

  const dataset = make('dataset', 'spines.csv', 'done', { mapping: { value: 'w' } }, null);
  db.prepare('INSERT INTO entry_arrays (entry_id, name, dtype, shape_json, data) VALUES (?, ?, ?, ?, ?)')
    .run(dataset, 'column:w', 'float64', '[4]', Buffer.from(new Float64Array([0.2, 0.4, 1.5, 0.9]).buffer));
  db.prepare(
    `INSERT INTO datasets (entry_id, source_file_name, sha256, byte_size, imported_at, mapping_json, row_count, report_json, original_bytes)
     VALUES (?, 'spines.csv', ?, 6, ?, '{"value":"w"}', 4, '{"dropped":0}', ?)`,
  ).run(dataset, 'ab'.repeat(32), new Date(t0).toISOString(), Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0x00, 0xb5]));

  const fit = make('fit', 'fit of spines', 'running', { source: { type: 'dataset', datasetId: dataset, column: 'w' } }, 7);
  repo.finish(fit, { status: 'done', now: now(), headline: { mu: -0.1 }, result: { mu: -0.1, residuals: new Float64Array([0.01, -0.02]) } });
  db.prepare(`INSERT INTO entry_inputs (entry_id, input_entry_id, role) VALUES (?, ?, 'sample')`).run(fit, dataset);
  repo.setDeleted(fit, now());

  const running = make('simulation', 'still going', 'running', { n: 1 }, 1);
  return { simulation, dataset, fit, running };
}

/** Every row of every table, keyed by table, BLOBs as Buffers and integers as BigInt, in primary-key order. */
export function dumpTables(db: Database, only?: (table: string, row: Record<string, unknown>) => boolean): Record<string, Record<string, unknown>[]> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).safeIntegers(true).all() as Record<string, unknown>[];
    const key = (r: Record<string, unknown>) => JSON.stringify([r.id ?? r.entry_id, r.name ?? r.tag ?? r.input_entry_id ?? '', r.role ?? '']);
    out[table] = rows.filter((r) => !only || only(table, r)).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  }
  return out;
}

/** The id of the entry a row belongs to, whatever the table. */
export const ownerOf = (table: string, row: Record<string, unknown>) => String(table === 'entries' ? row.id : row.entry_id);

/** The committed database written by schema version 1 (tests/fixtures/db/generate.ts), copied to `to` so it is never changed. */
export function copyOfV1History(to: string): string {
  copyFileSync(fileURLToPath(new URL('../fixtures/db/history-v1.sqlite', import.meta.url)), to);
  return to;
}

/**
 * `after` restricted to the tables and columns `before` has: what a migration must keep unchanged (columns it adds
 * are checked separately).
 */
export function restrictedTo(after: Record<string, Record<string, unknown>[]>, before: Record<string, Record<string, unknown>[]>) {
  return Object.fromEntries(Object.entries(before).map(([table, rows]) => {
    const columns = rows.length > 0 ? Object.keys(rows[0]) : [];
    return [table, (after[table] ?? []).map((row) => Object.fromEntries(columns.map((c) => [c, row[c]])))];
  }));
}
