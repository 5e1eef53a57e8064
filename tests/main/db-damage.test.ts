import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDb } from '../../src-main/db/connection';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { DatabaseDamagedError } from '../../src-main/db/integrity';
import { createAppContext } from '../../src-main/app-context';
import { refuseWritesAfterDamage } from '../../src-main/api/damage-guard';
import { main } from '../../src-main/cli/main';
import type { ApiHandlers } from '../../src-core/contract/api';

/**
 * A history file damaged in the middle (issue 15: 64 KiB of garbage in a history; `history list` and `import` went on
 * writing): found on open, refused with what to do, and never written to again. A real file of ~2 MB, bounded.
 */
let dir: string;
let sound: string;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = { code: 0, stdout: '', stderr: '' };
  r.code = await main(args, { out: (t) => { r.stdout += `${t}\n`; }, err: (t) => { r.stderr += `${t}\n`; } });
  return r;
}

/** A copy of the sound history with 64 KiB of seeded garbage written over its middle. */
function damagedCopy(name: string): string {
  const path = join(dir, name);
  copyFileSync(sound, path);
  const bytes = readFileSync(path);
  let seed = 99;
  const middle = Math.floor(bytes.length / 2 / 4096) * 4096;
  for (let i = 0; i < 64 * 1024; i++) bytes[middle + i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  writeFileSync(path, bytes);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-db-damage-'));
  sound = join(dir, 'sound.sqlite');
  const db = openHistoryDb(sound);
  const entries = createEntriesRepo(db);
  for (let k = 0; k < 40; k++) {
    const entry = entries.create({ kind: 'simulation', name: `run ${k}`, status: 'running', jobKind: 'test', config: { k }, seed: k, appVersion: '0.1.0', now: new Date() });
    entries.finish(entry.id, { status: 'done', now: new Date(), result: { weights: Float64Array.from({ length: 6000 }, (_, i) => Math.sin(i + k)) } });
  }
  db.close();
  expect(statSync(sound).size).toBeGreaterThan(1.5e6);
  expect(existsSync(`${sound}-wal`)).toBe(false);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a damaged history file', () => {
  it('is refused on open, with a message naming history restore-backup, and left byte for byte as it was', async () => {
    const path = damagedCopy('list.sqlite');
    const before = sha(path);
    expect(() => openHistoryDb(path)).toThrow(DatabaseDamagedError);
    expect(() => createAppContext({ databasePath: path, workers: 1 })).toThrow(/is damaged: SQLite found \d+ problems? .*`plasticity-lab history restore-backup BACKUP`/);
    const list = await cli(['history', 'list', '--db', path]);
    expect(list.code).toBe(1);
    expect(list.stderr).toMatch(/^error: The history database .*list\.sqlite is damaged: .*Nothing was written to it\..*history restore-backup BACKUP/);
    const csv = join(dir, 'w.csv');
    writeFileSync(csv, 'w\n0.5\n0.7\n0.9\n');
    expect((await cli(['import', csv, '--db', path])).code).toBe(1);
    expect((await cli(['history', 'backup', join(dir, 'copy.sqlite'), '--db', path])).code).toBe(1);
    expect(sha(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('is described in full by `history check` (exit 1), which reads it without writing; a sound file checks ok', async () => {
    const path = damagedCopy('check.sqlite');
    const before = sha(path);
    const damaged = await cli(['history', 'check', '--db', path]);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toMatch(/check\.sqlite is damaged: SQLite integrity_check found \d+/);
    expect(damaged.stdout).toMatch(/history restore-backup BACKUP/);
    expect(sha(path)).toBe(before);
    const ok = await cli(['history', 'check', '--db', sound, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ path: sound, ok: true, problems: [] });
  });

  it('found while the app runs makes the connection query-only and says what to do', async () => {
    const db = openHistoryDb(join(dir, 'runtime.sqlite'));
    const corrupt = Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
    const handlers = refuseWritesAfterDamage({ listHistory: () => { throw corrupt; } } as unknown as ApiHandlers, db, 'runtime.sqlite');
    expect(() => handlers.listHistory({} as never)).toThrow(/runtime\.sqlite is damaged: .*history restore-backup/);
    const failing = refuseWritesAfterDamage({ getEntry: async () => { throw corrupt; } } as unknown as ApiHandlers, db, 'runtime.sqlite');
    await expect(failing.getEntry({ id: 'x' })).rejects.toThrow(/runtime\.sqlite is damaged/);
    expect(() => db.prepare(`INSERT INTO entry_tags (entry_id, tag) VALUES ('x', 'y')`).run()).toThrow(/readonly|read-only|query_only|attempt to write/i);
    db.close();
  });
});
