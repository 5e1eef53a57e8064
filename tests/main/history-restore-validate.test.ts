import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDb } from '../../src-main/db/connection';
import { backupHistory } from '../../src-main/history/backup';
import { mergeHistoryFile } from '../../src-main/history/merge';
import { main } from '../../src-main/cli/main';
import { dumpTables, seedHistory, type Seeded } from './history-helpers';

/**
 * restore-backup merges only rows the app can read back (issue 15: a 7-byte float blob, invalid result_json and an
 * unknown kind were merged). Each tampered backup is refused with the reason, and the history is left as it was.
 */
let dir: string;
let backup: string;
let seeded: Seeded;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pl-restore-validate-'));
  const source = openHistoryDb(join(dir, 'source.sqlite'));
  seeded = seedHistory(source);
  backup = join(dir, 'backup.sqlite');
  await backupHistory(source, backup);
  source.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the backup changed by `sql` (run with the entries' ids as named parameters). */
function tampered(name: string, sql: string): string {
  const path = join(dir, name);
  copyFileSync(backup, path);
  const db = new Database(path);
  db.prepare(sql).run({ simulation: seeded.simulation, dataset: seeded.dataset, fit: seeded.fit });
  db.close();
  return path;
}

async function refusal(path: string): Promise<string> {
  const target = openHistoryDb(join(dir, `target-${Math.random().toString(36).slice(2)}.sqlite`));
  try {
    const before = dumpTables(target);
    const message = await mergeHistoryFile(target, path).then(() => 'merged', (e: Error) => e.message);
    expect(dumpTables(target)).toEqual(before);
    return message;
  } finally {
    target.close();
  }
}

describe('restore-backup of a file with rows the app cannot read back', () => {
  it('refuses an array blob whose length does not fit its type and shape, naming the entry and the array', async () => {
    const path = tampered('short-blob.sqlite', `UPDATE entry_arrays SET data = zeroblob(7) WHERE entry_id = :simulation AND name = 'result:loss'`);
    expect(await refusal(path)).toBe(
      `${path} holds 1 problem that would make entries unreadable; nothing was merged:\n`
      + `  entry ${seeded.simulation}: array "result:loss" holds 7 bytes, but float64 of shape [7] needs 56`,
    );
  });

  it('refuses result JSON that does not parse, an unknown kind, and a reference to a missing array', async () => {
    expect(await refusal(tampered('bad-json.sqlite', `UPDATE entries SET result_json = '{"mu": -0.1, ' WHERE id = :fit`))).toMatch(/entry .*: its result is not valid JSON$/);
    expect(await refusal(tampered('bad-kind.sqlite', `UPDATE entries SET kind = 'rootkit' WHERE id = :fit`))).toMatch(/entry .*: unknown kind "rootkit" \(known: dataset, fit, /);
    expect(await refusal(tampered('missing-array.sqlite', `DELETE FROM entry_arrays WHERE entry_id = :fit AND name = 'result:residuals'`)))
      .toMatch(/entry .*: its result refers to the array "residuals", which is missing$/);
  });

  it('refuses a damaged backup file; the command exits 1 and writes nothing', async () => {
    const path = join(dir, 'damaged-backup.sqlite');
    const bytes = readFileSync(backup);
    for (let i = 4096; i < bytes.length - 4096; i++) bytes[i] = (i * 31) & 255;
    writeFileSync(path, bytes);
    expect(await refusal(path)).toMatch(/damaged-backup\.sqlite (is damaged|is not a Plasticity Lab backup)/);
    const db = join(dir, 'cli-target.sqlite');
    const out = { stdout: '', stderr: '' };
    const code = await main(['history', 'restore-backup', tampered('cli.sqlite', `UPDATE entries SET kind = 'rootkit' WHERE id = :fit`), '--db', db], {
      out: (t) => { out.stdout += t; }, err: (t) => { out.stderr += t; },
    });
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/unknown kind "rootkit"/);
    const target = openHistoryDb(db);
    expect(target.prepare('SELECT COUNT(*) FROM entries').pluck().get()).toBe(0);
    target.close();
  });

  it('still merges a sound backup', async () => {
    const target = openHistoryDb(join(dir, 'sound-target.sqlite'));
    expect((await mergeHistoryFile(target, backup)).copied).toHaveLength(4);
    target.close();
  });
});
