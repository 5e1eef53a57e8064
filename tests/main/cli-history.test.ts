import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { openHistoryDb } from '../../src-main/db/connection';
import { createAppContext } from '../../src-main/app-context';
import { seedHistory, type Seeded } from './history-helpers';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-history-'));
const dbPath = join(dir, 'h.sqlite');
let seeded: Seeded;
let jobId: string;
beforeAll(async () => {
  const db = openHistoryDb(dbPath);
  seeded = seedHistory(db);
  db.close();
  const context = createAppContext({ databasePath: dbPath, workers: 1 });
  jobId = context.jobs.start({ kind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 100, mu: 0, sigma: 1 }, resamples: 300, confidence: 0.9 }, seed: 5 }).jobId;
  await context.jobs.waitFor(jobId);
  await context.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}
async function run(...args: string[]) {
  const io = capture();
  const code = await main(args, io);
  return { code, ...io };
}

describe('history CLI: export, rerun, empty-trash, backup, restore-backup', () => {
  it('exports an entry as entry.json plus CSVs, refusing to overwrite without --force', async () => {
    const out = join(dir, 'export');
    const first = await run('history', 'export', seeded.simulation, '--out', out, '--json', '--db', dbPath);
    expect(first.code).toBe(0);
    const listed = JSON.parse(first.stdout) as { dir: string; files: string[] };
    expect(listed.files[0]).toBe('entry.json');
    expect(readdirSync(out).sort()).toEqual([...listed.files].sort());
    expect(JSON.parse(readFileSync(join(out, 'entry.json'), 'utf8')).entry.id).toBe(seeded.simulation);
    const again = await run('history', 'export', seeded.simulation, '--out', out, '--db', dbPath);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds entry\.json.*--force/);
    expect((await run('history', 'export', seeded.simulation, '--out', out, '--force', '--db', dbPath)).stdout).toMatch(/wrote 8 files to/);
    expect((await run('history', 'export', '--db', dbPath)).stderr).toMatch(/history export needs an entry ID/);
  });

  it('re-runs an entry and says whether the numbers match bit for bit', async () => {
    const r = await run('history', 'rerun', jobId, '--json', '--db', dbPath);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ status: 'done', reproduced: true, originalId: jobId });
    const human = await run('history', 'rerun', jobId, '--db', dbPath);
    expect(human.stdout).toMatch(/same numbers bit for bit/);
    const refused = await run('history', 'rerun', seeded.dataset, '--db', dbPath);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/nothing to re-run/);
  });

  it('backs up and restores, skipping entries already present', async () => {
    const backup = join(dir, 'backup.sqlite');
    const b = await run('history', 'backup', backup, '--json', '--db', dbPath);
    expect(b.code).toBe(0);
    expect(JSON.parse(b.stdout)).toMatchObject({ path: backup, entries: 7 });
    expect((await run('history', 'backup', backup, '--db', dbPath)).stderr).toMatch(/already exists/);

    const target = join(dir, 'target.sqlite');
    const first = await run('history', 'restore-backup', backup, '--json', '--db', target);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).copied.length).toBe(7);
    const second = await run('history', 'restore-backup', backup, '--db', target);
    expect(second.stdout).toMatch(/restored 0 entries/);
    expect(second.stdout).toMatch(/skipped 7 already in this history/);
  });

  it('writes a bundle of chosen entries with their inputs, which restore-backup merges', async () => {
    const file = join(dir, 'share.sqlite');
    const r = await run('history', 'bundle', seeded.fit, '--out', file, '--json', '--db', dbPath);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).entryIds.sort()).toEqual([seeded.dataset, seeded.fit].sort());
    expect((await run('history', 'bundle', seeded.fit, '--out', file, '--db', dbPath)).stderr).toMatch(/already exists/);
    expect((await run('history', 'bundle', 'nope', '--out', join(dir, 'x.sqlite'), '--db', dbPath)).stderr).toMatch(/not found: nope/);
    const merged = await run('history', 'restore-backup', file, '--json', '--db', join(dir, 'shared-into.sqlite'));
    expect(JSON.parse(merged.stdout).copied.length).toBe(2);
  });

  it('lists entries created in a date range (local days, both ends included)', async () => {
    const names = async (...range: string[]) => {
      const r = await run('history', 'list', '--json', '--db', dbPath, ...range);
      expect(r.code).toBe(0);
      return (JSON.parse(r.stdout) as { entries: { id: string }[] }).entries.map((e) => e.id);
    };
    const all = await names();
    expect(all.length).toBeGreaterThan(2);
    expect(await names('--since', '2000-01-01', '--until', '2999-12-31')).toEqual(all);
    expect(await names('--until', '2000-01-01')).toEqual([]);
    expect(await names('--since', '2026-01-02T03:04:06Z', '--until', '2026-01-02T03:04:06Z')).toEqual([]);
    const bad = await run('history', 'list', '--since', 'yesterday', '--db', dbPath);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since yesterday: not a date/);
  });

  it('empties the trash', async () => {
    const copy = join(dir, 'trash.sqlite');
    copyFileSync(join(dir, 'target.sqlite'), copy);
    const r = await run('history', 'empty-trash', '--json', '--db', copy);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ deleted: 1, kept: [] });
    expect((await run('history', 'show', seeded.fit, '--db', copy)).stderr).toMatch(/not found/);
  });

  it('backs up, and refuses a backup from a newer app on stderr with exit code 2', async () => {
    const newer = join(dir, 'newer.sqlite');
    const ok = await run('history', 'backup', newer, '--db', dbPath);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/backed up 7 entries/);
    const raw = new Database(newer);
    raw.pragma('user_version = 42');
    raw.close();
    const refused = await run('history', 'restore-backup', newer, '--db', join(dir, 'fresh.sqlite'));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/newer version of Plasticity Lab \(schema 42/);
    expect(existsSync(newer)).toBe(true);
  });

  it('re-runs from the installed bin, waiting for the job (the pool\'s workers do not hold the process open)', () => {
    const bin = new URL('../../bin/plasticity-lab.mjs', import.meta.url).pathname;
    const r = spawnSync(process.execPath, [bin, 'history', 'rerun', jobId, '--json', '--db', dbPath], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/unsettled/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'done', reproduced: true });
  }, 30_000);

  it('exports an imported data set with its table', async () => {
    const file = join(dir, 'spines.csv');
    writeFileSync(file, 'animal,w\na1,0.5\na2,1.25\na1,0.75\n');
    expect((await run('import', file, '--db', dbPath)).code).toBe(0);
    const listed = JSON.parse((await run('history', 'list', '--kind', 'dataset', '--query', 'spines', '--json', '--db', dbPath)).stdout);
    const out = join(dir, 'dataset-export');
    expect((await run('history', 'export', listed.entries[0].id, '--out', out, '--db', dbPath)).code).toBe(0);
    const table = readFileSync(join(out, 'data.csv'), 'utf8').split('\n');
    expect(table[0]).toMatch(/^source_row,w\b/);
    expect(table.slice(1, 4).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(['2,0.5', '3,1.25', '4,0.75']);
  });
});
