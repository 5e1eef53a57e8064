import { afterAll, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Migration } from '../../src-main/db/migrations/types';
import { copyOfV1History, dumpTables, ownerOf, restrictedTo, seedHistory } from './history-helpers';

// A schema version one past the app's real latest, adding a column, so "a backup from an older schema" exists.
vi.mock('../../src-main/db/migrations/index', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src-main/db/migrations/index')>();
  const next: Migration = {
    version: real.LATEST_SCHEMA_VERSION + 1,
    name: 'test: a rating per entry',
    up: (db) => db.exec('ALTER TABLE entries ADD COLUMN rating INTEGER NOT NULL DEFAULT 3'),
  };
  const migrations = [...real.migrations, next];
  return {
    ...real,
    migrations,
    LATEST_SCHEMA_VERSION: next.version,
    migrate(db: Database.Database, path: string, upTo = next.version) {
      const from = real.schemaVersion(db);
      // The real migrations as the app runs them (some rebuild tables with foreign keys off), then the test's own.
      if (from < real.LATEST_SCHEMA_VERSION) real.migrate(db, path, Math.min(upTo, real.LATEST_SCHEMA_VERSION));
      if (upTo >= next.version && real.schemaVersion(db) < next.version) {
        db.transaction(() => {
          next.up(db);
          db.pragma(`user_version = ${next.version}`);
        })();
      }
      return { from, to: real.schemaVersion(db) };
    },
  };
});

const { openHistoryDb } = await import('../../src-main/db/connection');
const { migrate, LATEST_SCHEMA_VERSION } = await import('../../src-main/db/migrations/index');
const { mergeHistoryFile } = await import('../../src-main/history/merge');

const dir = mkdtempSync(join(tmpdir(), 'pl-history-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('restore-backup from an older schema', () => {
  it('migrates a temporary copy, never the file, and merges every entry', async () => {
    const oldPath = join(dir, 'old.sqlite');
    const old = new Database(oldPath);
    old.pragma('foreign_keys = ON');
    migrate(old, oldPath, LATEST_SCHEMA_VERSION - 1);
    const seeded = seedHistory(old);
    old.pragma('journal_mode = DELETE');
    const before = dumpTables(old);
    old.close();
    const bytes = readFileSync(oldPath);

    const target = openHistoryDb(join(dir, 'new.sqlite'));
    expect(target.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const report = await mergeHistoryFile(target, oldPath);
    expect(report.migrated).toBe(true);
    expect(report.schemaVersion).toBe(LATEST_SCHEMA_VERSION - 1);
    expect(report.copied.length).toBe(4);
    expect(readFileSync(oldPath)).toEqual(bytes);

    // Everything the old file held is there unchanged; the new column has its migration default.
    const after = dumpTables(target, (t, r) => ownerOf(t, r) !== seeded.running);
    expect(after.entries.every((r) => r.rating === 3n)).toBe(true);
    for (const row of after.entries) delete row.rating;
    const expected = Object.fromEntries(Object.entries(before).map(([t, rows]) => [t, rows.filter((r) => ownerOf(t, r) !== seeded.running)]));
    expect(after).toEqual(expected);
    target.close();
  });

  it('opens a database written by the first schema version, migrates it in place and loses nothing', async () => {
    const path = copyOfV1History(join(dir, 'v1.sqlite'));
    const old = new Database(path, { readonly: true });
    const before = dumpTables(old);
    old.close();
    const db = openHistoryDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const after = dumpTables(db);
    expect(after.entries.every((r) => r.rating === 3n)).toBe(true);
    expect(restrictedTo(after, before)).toEqual(before);
    // The migrated history still reads through the app's own code: a data set and its typed arrays.
    const { createEntriesRepo } = await import('../../src-main/db/entries-repo');
    const { createDatasetsRepo } = await import('../../src-main/db/datasets-repo');
    const datasets = createDatasetsRepo(db, createEntriesRepo(db));
    const epsp = datasets.list(true).find((d) => d.name === 'EPSPs (v1)')!;
    expect([...datasets.content(epsp.id)!.columns[0].values]).toEqual([1.25, 0.75, 0.1, 0.25]);
    db.close();
  });
});
