import type { DatasetSummary, ImportReport } from '@core/contract/datasets';
import type { ImportMapping } from '@core/io/index';
import type { HistoryDb } from './connection';
import type { EntriesRepo } from './entries-repo';

/**
 * Repository of imported data sets. A data set is a history entry of kind 'dataset' whose result holds its columns
 * (typed arrays, stored as BLOBs in entry_arrays by the entries repository) plus a `datasets` row with what only an
 * import has: source file name, SHA-256, mapping, import report and the original bytes.
 */

/** The stored content of a data set: the entry's result. Typed arrays become BLOBs. */
export interface DatasetContent {
  file: string;
  unit: string;
  rowCount: number;
  /** 1-based source row of each kept row. */
  sourceRows: Uint32Array;
  columns: { name: string; values: Float64Array; censored: Uint8Array; censoredCount: number }[];
  groups: { column: string; levels: string[]; codes: Uint32Array }[];
  dates: { column: string; iso: string[] }[];
  pairs: {
    ids: string[] | null;
    timePoints: string[];
    values: Float64Array[];
    censored: Uint8Array[];
    sourceRows: Uint32Array[];
  } | null;
}

export interface NewDataset {
  name: string;
  sourceFileName: string;
  sha256: string;
  byteSize: number;
  mapping: ImportMapping;
  /** The entry's config: what reproduces the import (mapping, decisions, file identity). */
  config: unknown;
  report: ImportReport;
  content: DatasetContent;
  /** Null when the file is larger than the limit for keeping originals. */
  originalBytes: Uint8Array | null;
  headline: Record<string, number | string>;
  appVersion: string;
  now: Date;
}

interface DatasetRow {
  entry_id: string; name: string; source_file_name: string; sha256: string; byte_size: number; imported_at: string;
  mapping_json: string; row_count: number; report_json: string; original_kept: number; deleted_at: string | null;
}

const SELECT_SUMMARY = `
  SELECT d.entry_id, e.name, d.source_file_name, d.sha256, d.byte_size, d.imported_at, d.mapping_json, d.row_count,
         d.report_json, d.original_bytes IS NOT NULL AS original_kept, e.deleted_at
  FROM datasets d JOIN entries e ON e.id = d.entry_id`;

function toSummary(row: DatasetRow): DatasetSummary {
  const mapping = JSON.parse(row.mapping_json) as { paired?: unknown };
  return {
    id: row.entry_id, name: row.name, sourceFileName: row.source_file_name, sha256: row.sha256, byteSize: row.byte_size,
    importedAt: row.imported_at, rowCount: row.row_count, originalKept: row.original_kept === 1, deletedAt: row.deleted_at,
    paired: mapping.paired !== undefined && mapping.paired !== null,
  };
}

/** A store refused because data sets from a file with the same SHA-256 exist (found inside the write transaction). */
export class DuplicateDatasetError extends Error {
  constructor(readonly earlier: DatasetSummary[]) {
    super(`a file with the same SHA-256 was imported before (${earlier.map((d) => d.id).join(', ')})`);
    this.name = 'DuplicateDatasetError';
  }
}

export function createDatasetsRepo(db: HistoryDb, entries: EntriesRepo) {
  const insertDataset = db.prepare(
    `INSERT INTO datasets (entry_id, source_file_name, sha256, byte_size, imported_at, mapping_json, row_count, report_json, original_bytes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bySha = db.prepare<[string], DatasetRow>(`${SELECT_SUMMARY} WHERE d.sha256 = ? ORDER BY d.imported_at`);
  const byId = db.prepare<[string], DatasetRow>(`${SELECT_SUMMARY} WHERE d.entry_id = ?`);
  const originalOf = db.prepare<[string], { original_bytes: Buffer | null }>('SELECT original_bytes FROM datasets WHERE entry_id = ?');
  const insertInput = db.prepare('INSERT OR IGNORE INTO entry_inputs (entry_id, input_entry_id, role) VALUES (?, ?, ?)');

  return {
    /**
     * Stores a data set: the entry (status done), its column arrays and the datasets row, in ONE transaction, so a
     * crash or a failure at any point leaves no partial data set behind.
     */
    store(dataset: NewDataset, options: { refuseDuplicate?: boolean } = {}): string {
      // IMMEDIATE: the write lock is taken before the duplicate check, so two imports of the same file (two calls,
      // or the CLI beside the app) cannot both find none and both store.
      return db.transaction(() => {
        if (options.refuseDuplicate) {
          const earlier = bySha.all(dataset.sha256).map(toSummary);
          if (earlier.length > 0) throw new DuplicateDatasetError(earlier);
        }
        const entry = entries.create({
          kind: 'dataset', name: dataset.name, status: 'running', jobKind: null, config: dataset.config, seed: null,
          appVersion: dataset.appVersion, now: dataset.now,
        });
        entries.finish(entry.id, { status: 'done', result: dataset.content, headline: dataset.headline, now: dataset.now });
        insertDataset.run(
          entry.id, dataset.sourceFileName, dataset.sha256, dataset.byteSize, dataset.now.toISOString(),
          JSON.stringify(dataset.mapping), dataset.content.rowCount, JSON.stringify(dataset.report, reportReplacer),
          dataset.originalBytes,
        );
        return entry.id;
      }).immediate();
    },

    /** Data sets imported from a file with these bytes (trash included: the user is told where they are). */
    findBySha256(sha256: string): DatasetSummary[] {
      return bySha.all(sha256).map(toSummary);
    },

    summary(id: string): DatasetSummary | null {
      const row = byId.get(id);
      return row ? toSummary(row) : null;
    },

    /** Summary plus the stored mapping and import report. */
    record(id: string): { summary: DatasetSummary; mapping: ImportMapping; report: ImportReport } | null {
      const row = byId.get(id);
      if (!row) return null;
      return { summary: toSummary(row), mapping: JSON.parse(row.mapping_json) as ImportMapping, report: JSON.parse(row.report_json) as ImportReport };
    },

    list(includeTrash: boolean): DatasetSummary[] {
      const rows = db.prepare<[], DatasetRow>(`${SELECT_SUMMARY} ${includeTrash ? '' : 'WHERE e.deleted_at IS NULL'} ORDER BY d.imported_at DESC, e.rowid DESC`).all();
      return rows.map(toSummary);
    },

    /**
     * Name, import time, stored mapping and file columns of the newest data sets (not in the trash), for reuse on the next file. The
     * mapping is as stored (unknown: a database from another version may hold another shape); callers validate it.
     */
    recentMappings(limit: number): { name: string; importedAt: string; mapping: unknown; fileColumns: string[] | null }[] {
      const rows = db.prepare<[number], { name: string; imported_at: string; mapping_json: string; file_columns: string | null }>(
        `SELECT e.name, d.imported_at, d.mapping_json, json_extract(d.report_json, '$.fileColumns') AS file_columns
         FROM datasets d JOIN entries e ON e.id = d.entry_id
         WHERE e.deleted_at IS NULL ORDER BY d.imported_at DESC, e.rowid DESC LIMIT ?`,
      ).all(limit);
      return rows.map((r) => {
        const columns = r.file_columns === null ? null : (JSON.parse(r.file_columns) as unknown);
        const fileColumns = Array.isArray(columns) && columns.every((c) => typeof c === 'string') ? columns : null;
        return { name: r.name, importedAt: r.imported_at, mapping: JSON.parse(r.mapping_json) as unknown, fileColumns };
      });
    },

    /** The stored content (columns as typed arrays); null when no such data set. */
    content(id: string): DatasetContent | null {
      if (!byId.get(id)) return null;
      return (entries.get(id)?.result ?? null) as DatasetContent | null;
    },

    originalBytes(id: string): Uint8Array | null {
      const row = originalOf.get(id);
      return row?.original_bytes ? new Uint8Array(row.original_bytes) : null;
    },

    /** Provenance: `entryId` was computed from the data set `datasetId` (role e.g. "config.source"). */
    recordInput(entryId: string, datasetId: string, role: string): void {
      insertInput.run(entryId, datasetId, role);
    },

    inputsOf(entryId: string): { inputEntryId: string; role: string }[] {
      return (db.prepare('SELECT input_entry_id, role FROM entry_inputs WHERE entry_id = ? ORDER BY role').all(entryId) as
        { input_entry_id: string; role: string }[]).map((r) => ({ inputEntryId: r.input_entry_id, role: r.role }));
    },
  };
}

export type DatasetsRepo = ReturnType<typeof createDatasetsRepo>;

/** Report JSON: row-index arrays as plain lists (they are small next to the columns, and readable in the file). */
function reportReplacer(_key: string, value: unknown): unknown {
  return ArrayBuffer.isView(value) && !(value instanceof DataView) ? Array.from(value as Uint32Array) : value;
}
