import { LATEST_SCHEMA_VERSION } from '../../src-main/db/migrations/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDb, type HistoryDb } from '../../src-main/db/connection';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { copyEntries, createHistoryRepo } from '../../src-main/db/history-repo';
import { backupHistory } from '../../src-main/history/backup';
import { createBundle } from '../../src-main/history/bundle';
import { mergeHistoryFile } from '../../src-main/history/merge';
import { dumpTables, ownerOf, seedHistory, type Seeded } from './history-helpers';

let dir: string;
let source: HistoryDb;
let seeded: Seeded;
let backupPath: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pl-history-backup-'));
  source = openHistoryDb(join(dir, 'source.sqlite'));
  seeded = seedHistory(source);
  backupPath = join(dir, 'backup.sqlite');
  await backupHistory(source, backupPath);
});
afterAll(() => {
  source.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history backup', () => {
  it('writes the whole history as one self-contained SQLite file, identical row for row', () => {
    expect(existsSync(`${backupPath}-wal`)).toBe(false);
    const copy = new Database(backupPath, { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(copy.pragma('user_version', { simple: true })).toBe(source.pragma('user_version', { simple: true }));
    expect(dumpTables(copy)).toEqual(dumpTables(source));
    copy.close();
  });

  it('refuses to overwrite an existing file unless asked', async () => {
    await expect(backupHistory(source, backupPath)).rejects.toThrow(/already exists/);
  });

  it('stays consistent while the app keeps writing during the backup', async () => {
    // ~8 MB of arrays, so the backup takes many steps, and writes land between them.
    const repo = createEntriesRepo(source);
    const big = repo.create({ kind: 'simulation', name: 'big', status: 'running', jobKind: 'x', config: {}, seed: 1, appVersion: '0.1.0', now: new Date() }).id;
    repo.finish(big, { status: 'done', now: new Date(), result: { w: new Float64Array(1_000_000).map((_, i) => i) } });
    // Writes alternate between the backed-up connection and a second one (the CLI backing up while the app writes).
    const otherConnection = openHistoryDb(join(dir, 'source.sqlite'));
    const other = createEntriesRepo(otherConnection);
    let writes = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        (writes % 2 ? other : repo).create({ kind: 'simulation', name: `w${writes++}`, status: 'done', jobKind: null, config: {}, seed: null, appVersion: '0.1.0', now: new Date() });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const path = join(dir, 'during.sqlite');
    await backupHistory(source, path);
    stop = true;
    await writer;
    otherConnection.close();
    expect(writes).toBeGreaterThan(1);
    const copy = new Database(path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('foreign_key_check')).toEqual([]);
    const names = copy.prepare(`SELECT name FROM entries WHERE name LIKE 'w%'`).pluck().all() as string[];
    // A prefix of the writes: w0..wk, none missing in between (one consistent state).
    expect(names.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(names.map((_, i) => `w${i}`));
    const blob = copy.prepare(`SELECT data FROM entry_arrays WHERE entry_id = ?`).pluck().get(big) as Buffer;
    expect(new Float64Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength))[999_999]).toBe(999_999);
    copy.close();
    // Leave the source as the other tests expect it.
    source.prepare(`DELETE FROM entries WHERE name = 'big' OR name LIKE 'w%'`).run();
  });
});

describe('restore-backup (merge)', () => {
  it('restores into an empty history: every entry and BLOB byte for byte; a running job becomes interrupted', async () => {
    const target = openHistoryDb(join(dir, 'empty.sqlite'));
    const report = await mergeHistoryFile(target, backupPath, new Date('2026-02-01T00:00:00Z'));
    expect(report.copied.sort()).toEqual(Object.values(seeded).sort());
    expect(report.skipped).toEqual([]);
    expect(report.danglingRows).toBe(0);
    expect(report.migrated).toBe(false);
    expect(report.interrupted).toEqual([seeded.running]);
    const notRunning = (table: string, row: Record<string, unknown>) => ownerOf(table, row) !== seeded.running;
    expect(dumpTables(target, notRunning)).toEqual(dumpTables(source, notRunning));
    const running = target.prepare('SELECT status, error FROM entries WHERE id = ?').get(seeded.running) as { status: string; error: string };
    expect(running.status).toBe('interrupted');
    expect(running.error).toMatch(/still running when the backup was taken/);
    // Trash state, tags, notes and the data set's original bytes came along.
    expect(createEntriesRepo(target).summary(seeded.fit)!.deletedAt).not.toBeNull();
    expect(createEntriesRepo(target).summary(seeded.simulation)!.tags).toEqual(['V1', 'keep']);
    expect(target.prepare('SELECT original_bytes FROM datasets').pluck().get()).toEqual(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0x00, 0xb5]));
    // Restoring the same backup again changes nothing.
    const before = dumpTables(target);
    const again = await mergeHistoryFile(target, backupPath);
    expect(again.copied).toEqual([]);
    expect(again.skipped.length).toBe(4);
    expect(dumpTables(target)).toEqual(before);
    target.close();
  });

  it('merges into a history that already has some of the entries: those are skipped and left as they were', async () => {
    const target = openHistoryDb(join(dir, 'partial.sqlite'));
    copyEntries(source, target, [seeded.dataset, seeded.simulation], { interruptRunning: false, now: new Date() });
    createEntriesRepo(target).update(seeded.simulation, { notes: 'edited here' });
    const own = createEntriesRepo(target).create({ kind: 'fit', name: 'mine', status: 'done', jobKind: null, config: {}, seed: null, appVersion: '0.1.0', now: new Date() }).id;
    const mineBefore = dumpTables(target, (t, r) => ownerOf(t, r) === own || ownerOf(t, r) === seeded.simulation);

    const report = await mergeHistoryFile(target, backupPath);
    expect(report.skipped.sort()).toEqual([seeded.dataset, seeded.simulation].sort());
    expect(report.copied.sort()).toEqual([seeded.fit, seeded.running].sort());
    expect(dumpTables(target, (t, r) => ownerOf(t, r) === own || ownerOf(t, r) === seeded.simulation)).toEqual(mineBefore);
    const fromBackup = (t: string, r: Record<string, unknown>) => [seeded.dataset, seeded.fit].includes(ownerOf(t, r));
    expect(dumpTables(target, fromBackup)).toEqual(dumpTables(source, fromBackup));
    target.close();
  });

  it('refuses a backup from a newer schema, and a file that is not a history, leaving everything untouched', async () => {
    const newer = join(dir, 'newer.sqlite');
    copyFileSync(backupPath, newer);
    const raw = new Database(newer);
    raw.pragma('user_version = 99');
    raw.close();
    const bytes = readFileSync(newer);
    const target = openHistoryDb(join(dir, 'refuse.sqlite'));
    await expect(mergeHistoryFile(target, newer)).rejects.toThrow(new RegExp(`newer version of Plasticity Lab \\(schema 99; this version understands up to ${LATEST_SCHEMA_VERSION}\\)\\. Nothing was merged`));
    expect(readFileSync(newer)).toEqual(bytes);
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'entry,value\n1,2\n'.repeat(100));
    await expect(mergeHistoryFile(target, junk)).rejects.toThrow(/junk\.sqlite is not a Plasticity Lab backup or bundle/);
    const other = join(dir, 'other.sqlite');
    new Database(other).exec('CREATE TABLE t (x)');
    await expect(mergeHistoryFile(target, other)).rejects.toThrow(/not a Plasticity Lab backup or bundle \(it has no history tables\)/);
    await expect(mergeHistoryFile(target, join(dir, 'absent.sqlite'))).rejects.toThrow(/no such file/);
    expect(target.prepare('SELECT COUNT(*) FROM entries').pluck().get()).toBe(0);
    target.close();
  });
});

describe('bundle of selected entries', () => {
  it('holds the chosen entries plus what they were computed from, and merges like a backup', async () => {
    const bundle = createBundle(source, [seeded.fit]);
    expect(bundle.fileName).toMatch(/^plasticity-lab-bundle-\d{8}-\d{6}\.sqlite$/);
    expect(bundle.bytes).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(bundle.bytes.subarray(0, 16)).toString('latin1')).toBe('SQLite format 3\0');
    expect(bundle.entryIds.sort()).toEqual([seeded.dataset, seeded.fit].sort());
    const path = join(dir, bundle.fileName);
    writeFileSync(path, bundle.bytes);
    const target = openHistoryDb(join(dir, 'from-bundle.sqlite'));
    const report = await mergeHistoryFile(target, path);
    expect(report.copied.sort()).toEqual([seeded.dataset, seeded.fit].sort());
    const chosen = (t: string, r: Record<string, unknown>) => [seeded.dataset, seeded.fit].includes(ownerOf(t, r));
    expect(dumpTables(target)).toEqual(dumpTables(source, chosen));
    target.close();
    expect(() => createBundle(source, ['nope'])).toThrow(/not found: nope/);
  });
});

describe('empty trash', () => {
  it('keeps a trashed entry others were computed from, then removes rows and arrays when both are trashed', () => {
    const db = openHistoryDb(join(dir, 'trash.sqlite'));
    copyEntries(source, db, [seeded.dataset, seeded.fit, seeded.simulation], { interruptRunning: false, now: new Date() });
    const entries = createEntriesRepo(db);
    const history = createHistoryRepo(db);
    entries.setDeleted(seeded.fit, null); // the fit is in use, its data set goes to the trash
    entries.setDeleted(seeded.dataset, new Date());
    expect(history.emptyTrash()).toEqual({ deleted: 0, kept: [{ id: seeded.dataset, usedBy: [seeded.fit] }] });
    entries.setDeleted(seeded.fit, new Date());
    expect(history.emptyTrash()).toEqual({ deleted: 2, kept: [] });
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table} WHERE entry_id IN (?, ?)`).pluck().get(seeded.dataset, seeded.fit);
    for (const table of ['entry_arrays', 'entry_tags', 'entry_inputs', 'datasets']) expect(count(table)).toBe(0);
    expect(db.prepare('SELECT id FROM entries').pluck().all()).toEqual([seeded.simulation]);
    expect(db.prepare('SELECT COUNT(*) FROM entry_arrays').pluck().get()).toBe(7); // the simulation's: 1 config + 6 result arrays
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
