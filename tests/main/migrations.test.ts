import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDb } from '../../src-main/db/connection';
import { DatabaseTooNewError, LATEST_SCHEMA_VERSION, migrate, migrations } from '../../src-main/db/migrations/index';
import { copyOfV1History, dumpTables, restrictedTo } from './history-helpers';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-mig-'));
  dirs.push(dir);
  return join(dir, 'history.sqlite');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('migrations', () => {
  it('are numbered 1, 2, 3 ... without gaps', () => {
    migrations.forEach((m, i) => expect(m.version).toBe(i + 1));
  });

  it('apply on an empty database and set user_version', () => {
    const db = openHistoryDb(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['datasets', 'entries', 'entry_arrays', 'entry_inputs', 'entry_tags']));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('use WAL mode on a file database and are idempotent on reopen', () => {
    const path = tempDb();
    openHistoryDb(path).close();
    const db = openHistoryDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db, path)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION });
    db.close();
  });

  it('refuse a database written by a newer app and leave it untouched', () => {
    const path = tempDb();
    const raw = new Database(path);
    raw.exec('CREATE TABLE future_table (x INTEGER)');
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openHistoryDb(path)).toThrow(DatabaseTooNewError);
    expect(() => openHistoryDb(path)).toThrow(/newer version of Plasticity Lab .*left untouched/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('roll back a failing migration, keeping the last good version', () => {
    const db = new Database(':memory:');
    const failing = { version: LATEST_SCHEMA_VERSION + 1, name: 'broken', up: () => { throw new Error('boom'); } };
    (migrations as unknown as typeof failing[]).push(failing);
    try {
      expect(() => migrate(db, ':memory:', failing.version)).toThrow('boom');
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    } finally {
      (migrations as unknown as typeof failing[]).pop();
      db.close();
    }
  });

  it('open a database written by the first schema version and bring it to the latest with nothing lost', () => {
    const path = copyOfV1History(tempDb());
    const old = new Database(path, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    const before = dumpTables(old);
    old.close();
    expect(before.entries).toHaveLength(5);
    expect(before.datasets).toHaveLength(2);
    const db = openHistoryDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    // Every row of every version-1 table, BLOBs byte for byte, integers exactly (BigInt).
    expect(restrictedTo(dumpTables(db), before)).toEqual(before);
    db.close();
  });

  it('version 2 adds the owner\'s start time, empty for rows written before (judged by their PID alone)', () => {
    const path = copyOfV1History(tempDb());
    const db = openHistoryDb(path);
    const columns = (db.pragma('table_info(entries)') as { name: string }[]).map((c) => c.name);
    expect(columns).toContain('owner_started');
    expect(db.prepare('SELECT COUNT(*) FROM entries WHERE owner_started IS NOT NULL').pluck().get()).toBe(0);
    db.close();
  });
});
