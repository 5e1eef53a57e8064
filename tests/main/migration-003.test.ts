import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDb } from '../../src-main/db/connection';
import { migrate, migrations } from '../../src-main/db/migrations/index';
import { migration003 } from '../../src-main/db/migrations/003-cluster';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { createClusterRepo } from '../../src-main/db/cluster-repo';
import { copyOfV1History, dumpTables } from './history-helpers';

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-mig3-'));
  dirs.push(dir);
  return join(dir, 'history.sqlite');
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const rowids = (db: Database.Database) => db.prepare('SELECT rowid, id FROM entries ORDER BY rowid').all();

describe('migration 3: entries on a Slurm cluster', () => {
  it('rebuilds entries with the on-cluster status, keeping every row, rowid, reference and index of a version-2 history', () => {
    const path = copyOfV1History(tempDb());
    const v2 = new Database(path);
    v2.pragma('foreign_keys = ON');
    migrate(v2, path, 2);
    const before = dumpTables(v2);
    const order = rowids(v2);
    v2.close();

    const db = openHistoryDb(path);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const after = dumpTables(db);
    expect(after.entries).toEqual(before.entries);
    for (const table of ['entry_tags', 'entry_arrays', 'entry_inputs', 'datasets']) expect(after[table], table).toEqual(before[table]);
    expect(after.entry_cluster).toEqual([]);
    expect(rowids(db)).toEqual(order);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all())
      .toEqual(['entries_by_created', 'entries_by_kind_status']);
    // Foreign keys are on again and still point at the rebuilt table: cascades and refusals work as before.
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare(`INSERT INTO entry_inputs (entry_id, input_entry_id, role) VALUES (?, 'nope', 'x')`).run((before.entries[0] as { id: string }).id))
      .toThrow(/FOREIGN KEY/);
    const tagged = (before.entry_tags[0] as { entry_id: string }).entry_id;
    db.prepare('DELETE FROM entry_inputs WHERE entry_id = ? OR input_entry_id = ?').run(tagged, tagged);
    db.prepare('DELETE FROM entries WHERE id = ?').run(tagged);
    expect(db.prepare('SELECT COUNT(*) FROM entry_tags WHERE entry_id = ?').pluck().get(tagged)).toBe(0);
    db.close();
  });

  it('accepts on-cluster (and still refuses an unknown status); the cluster record goes with its entry', () => {
    const db = openHistoryDb(':memory:');
    const entries = createEntriesRepo(db);
    const cluster = createClusterRepo(db);
    const entry = entries.create({ kind: 'sweep', name: 'on Slurm', status: 'on-cluster', jobKind: 'rnn-sweep', config: {}, seed: 1, appVersion: '0.1.0', now: new Date('2026-01-01T00:00:00Z') });
    expect(entry.status).toBe('on-cluster');
    expect(entry.startedAt).toBe('2026-01-01T00:00:00.000Z');
    cluster.record(entry.id, { dir: '/scratch/job 1', tasks: 4, shards: 12 });
    cluster.addSubmission(entry.id, '123', new Date('2026-01-01T00:01:00Z'));
    cluster.addSubmission(entry.id, '130', new Date('2026-01-01T00:05:00Z'));
    cluster.addSubmission(entry.id, '130', new Date('2026-01-01T00:06:00Z'));
    expect(entries.get(entry.id)!.cluster).toEqual({
      dir: '/scratch/job 1', arrayJobIds: ['123', '130'], tasks: 4, shards: 12, submittedAt: '2026-01-01T00:01:00.000Z', collectedAt: null,
    });
    expect(cluster.pending()).toEqual([{ entryId: entry.id, dir: '/scratch/job 1' }]);
    // An app restart does not take a cluster job for a crashed local one.
    expect(entries.markInterrupted(new Date(), () => false)).toBe(0);
    expect(() => db.prepare(`UPDATE entries SET status = 'bogus' WHERE id = ?`).run(entry.id)).toThrow(/CHECK/);
    db.prepare('DELETE FROM entries WHERE id = ?').run(entry.id);
    expect(db.prepare('SELECT COUNT(*) FROM entry_cluster').pluck().get()).toBe(0);
    db.close();
  });

  it('a rebuild that would break a reference is rolled back: version, rows and foreign-key setting stay', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, ':memory:', 2);
    db.exec(`INSERT INTO entries (id, kind, name, status, app_version, created_at) VALUES ('a', 'fit', 'a', 'done', '0.1.0', '2026-01-01')`);
    const broken = { ...migration003, up: (d: Database.Database) => { migration003.up(d); d.exec(`DELETE FROM entries`); d.exec(`INSERT INTO entry_tags VALUES ('gone', 't')`); } };
    (migrations as unknown as (typeof broken)[])[2] = broken;
    try {
      expect(() => migrate(db, ':memory:')).toThrow(/would break 1 references/);
    } finally {
      (migrations as unknown as (typeof migration003)[])[2] = migration003;
    }
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare('SELECT id FROM entries').pluck().all()).toEqual(['a']);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    migrate(db, ':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    db.close();
  });
});
