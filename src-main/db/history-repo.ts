import type { Database } from 'better-sqlite3';
import type { HistoryDb } from './connection';

/**
 * History-wide operations that work on whole rows rather than on one entry's fields: emptying the trash, reading the
 * raw stored form of entries (for export) and copying entries between two history databases (bundles, backup merge).
 * Copies go row by row with 64-bit integers kept as BigInt and BLOBs as Buffers, so every value lands byte for byte.
 */

/** A table holding rows that belong to one entry, found from the schema so tables added later are copied too. */
interface EntryTable {
  name: string;
  /** The column naming the owning entry. */
  key: string;
  columns: string[];
}

function columnsOf(db: Database, table: string): string[] {
  return (db.pragma(`table_info(${quoteId(table)})`) as { name: string }[]).map((c) => c.name);
}

function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every table with a foreign key `entry_id` (or the first column) referencing entries(id), in schema order. */
export function entryTables(db: Database): EntryTable[] {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'entries' ORDER BY rowid`)
    .pluck()
    .all() as string[];
  const out: EntryTable[] = [];
  for (const name of tables) {
    const keys = (db.pragma(`foreign_key_list(${quoteId(name)})`) as { table: string; from: string }[]).filter((k) => k.table === 'entries');
    if (keys.length === 0) continue;
    const key = keys.find((k) => k.from === 'entry_id')?.from ?? keys[0].from;
    out.push({ name, key, columns: columnsOf(db, name) });
  }
  return out;
}

export interface StoredArrayRow {
  name: string;
  dtype: string;
  shape: number[];
  data: Buffer;
}

export interface CopyReport {
  /** Entries written to the target. */
  copied: string[];
  /** Entries already in the target (same id): left exactly as they were there. */
  skipped: string[];
  /** Rows of dependent tables not copied because an entry they refer to exists in neither database. */
  danglingRows: number;
  /** Copied entries that were queued or running in the source; they can never finish here, so they are interrupted. */
  interrupted: string[];
}

export function createHistoryRepo(db: HistoryDb) {
  return {
    /**
     * Removes every trashed entry with its tags, arrays, inputs and data set (foreign keys cascade). An entry still
     * used as an input by an entry outside the trash is kept, so no result loses its provenance.
     */
    emptyTrash(): { deleted: number; kept: { id: string; usedBy: string[] }[] } {
      return db.transaction(() => {
        // Trashed entries reachable, through inputs, from an entry outside the trash (chains included) stay.
        const keptIds = db
          .prepare(
            `WITH RECURSIVE needed(id) AS (
               SELECT i.input_entry_id FROM entry_inputs i JOIN entries u ON u.id = i.entry_id WHERE u.deleted_at IS NULL
               UNION SELECT i.input_entry_id FROM entry_inputs i JOIN needed n ON i.entry_id = n.id)
             SELECT e.id FROM entries e JOIN needed n ON n.id = e.id WHERE e.deleted_at IS NOT NULL ORDER BY e.id`,
          )
          .pluck()
          .all() as string[];
        const usersOf = db.prepare('SELECT entry_id FROM entry_inputs WHERE input_entry_id = ? ORDER BY entry_id').pluck();
        // One statement, so trashed entries that feed only other trashed entries go together (FKs checked at its end).
        const { changes } = db
          .prepare(`DELETE FROM entries WHERE deleted_at IS NOT NULL AND id NOT IN (SELECT value FROM json_each(?))`)
          .run(JSON.stringify(keptIds));
        return { deleted: changes, kept: keptIds.map((id) => ({ id, usedBy: usersOf.all(id) as string[] })) };
      })();
    },

    /** The arrays of one entry as stored (name with its "config:"/"result:" scope, dtype, shape, raw bytes). */
    arrays(entryId: string): StoredArrayRow[] {
      return (db.prepare('SELECT name, dtype, shape_json, data FROM entry_arrays WHERE entry_id = ? ORDER BY rowid').all(entryId) as
        { name: string; dtype: string; shape_json: string; data: Buffer }[])
        .map((r) => ({ name: r.name, dtype: r.dtype, shape: JSON.parse(r.shape_json) as number[], data: r.data }));
    },

    /** The stored config and result JSON (arrays as { "$array" } references), for exports that keep that form. */
    storedJson(entryId: string): { config: string; result: string | null } | null {
      const row = db.prepare('SELECT config_json, result_json FROM entries WHERE id = ?').get(entryId) as
        { config_json: string; result_json: string | null } | undefined;
      return row ? { config: row.config_json, result: row.result_json } : null;
    },

    /** What an imported data set records besides its arrays (the original bytes are described, not returned). */
    dataset(entryId: string): Record<string, unknown> | null {
      const row = db
        .prepare(
          `SELECT source_file_name, sha256, byte_size, imported_at, mapping_json, row_count, report_json,
                  length(original_bytes) AS original_bytes_kept FROM datasets WHERE entry_id = ?`,
        )
        .get(entryId) as Record<string, unknown> | undefined;
      if (!row) return null;
      return {
        sourceFileName: row.source_file_name, sha256: row.sha256, byteSize: row.byte_size, importedAt: row.imported_at,
        mapping: JSON.parse(row.mapping_json as string) as unknown, rowCount: row.row_count,
        report: JSON.parse(row.report_json as string) as unknown, originalBytesKept: row.original_bytes_kept ?? 0,
      };
    },

    /** Provenance: the entries this one was computed from. */
    inputs(entryId: string): { inputEntryId: string; role: string }[] {
      return db
        .prepare('SELECT input_entry_id AS inputEntryId, role FROM entry_inputs WHERE entry_id = ? ORDER BY role, input_entry_id')
        .all(entryId) as { inputEntryId: string; role: string }[];
    },

    /** `ids` plus, transitively, every entry they were computed from (a bundle must be complete on its own). */
    withInputs(ids: string[]): string[] {
      return (db
        .prepare(
          `WITH RECURSIVE wanted(id) AS (SELECT value FROM json_each(?)
             UNION SELECT i.input_entry_id FROM entry_inputs i JOIN wanted w ON i.entry_id = w.id)
           SELECT e.id FROM entries e JOIN wanted w ON w.id = e.id ORDER BY e.created_at, e.rowid`,
        )
        .pluck()
        .all(JSON.stringify(ids)) as string[]);
    },

    missing(ids: string[]): string[] {
      const has = db.prepare('SELECT 1 FROM entries WHERE id = ?').pluck();
      return ids.filter((id) => !has.get(id));
    },
  };
}

export type HistoryRepo = ReturnType<typeof createHistoryRepo>;

export function allEntryIds(db: Database): string[] {
  return db.prepare('SELECT id FROM entries ORDER BY created_at, rowid').pluck().all() as string[];
}

/**
 * Copies entries (all their rows in every entry-linked table) from `source` into `target`, in one transaction on the
 * target. Both databases must be at the same schema version (the caller migrates a copy first). An id already in the
 * target is skipped and reported; nothing in the target is ever overwritten.
 */
export function copyEntries(source: Database, target: Database, ids: string[], options: { interruptRunning: boolean; now: Date }): CopyReport {
  const entryColumns = columnsOf(target, 'entries');
  const missingInSource = entryColumns.filter((c) => !columnsOf(source, 'entries').includes(c));
  if (missingInSource.length) throw new Error(`the source database lacks entries columns ${missingInSource.join(', ')}`);
  const tables = entryTables(target);
  const readEntry = source.prepare(`SELECT ${entryColumns.map(quoteId).join(', ')} FROM entries WHERE id = ?`).safeIntegers(true).raw(true);
  const insertEntry = target.prepare(`INSERT INTO entries (${entryColumns.map(quoteId).join(', ')}) VALUES (${entryColumns.map(() => '?').join(', ')})`);
  const exists = target.prepare('SELECT 1 FROM entries WHERE id = ?').pluck();
  const report: CopyReport = { copied: [], skipped: [], danglingRows: 0, interrupted: [] };

  target.transaction(() => {
    for (const id of ids) {
      if (exists.get(id)) {
        report.skipped.push(id);
        continue;
      }
      const row = readEntry.get(id) as unknown[] | undefined;
      if (!row) throw new Error(`entry ${id} is not in the source database`);
      insertEntry.run(...row);
      report.copied.push(id);
    }
    // Dependent rows after every entry, so provenance between two copied entries resolves whatever their order.
    for (const table of tables) {
      const cols = table.columns.map(quoteId).join(', ');
      const read = source.prepare(`SELECT ${cols} FROM ${quoteId(table.name)} WHERE ${quoteId(table.key)} = ? ORDER BY rowid`).safeIntegers(true).raw(true);
      const insert = target.prepare(`INSERT INTO ${quoteId(table.name)} (${cols}) VALUES (${table.columns.map(() => '?').join(', ')})`);
      for (const id of report.copied) {
        for (const row of read.all(id) as unknown[][]) {
          try {
            insert.run(...row);
          } catch (error) {
            // A reference to an entry that exists in neither database (e.g. a data set deleted before the backup).
            if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') report.danglingRows++;
            else throw error;
          }
        }
      }
    }
    if (options.interruptRunning) {
      const mark = target.prepare(
        `UPDATE entries SET status = 'interrupted', finished_at = COALESCE(finished_at, ?),
           error = 'This job was still running when the backup was taken; re-run it to get a result.'
         WHERE id = ? AND status IN ('queued', 'running')`,
      );
      for (const id of report.copied) if (mark.run(options.now.toISOString(), id).changes) report.interrupted.push(id);
    }
  })();
  return report;
}
