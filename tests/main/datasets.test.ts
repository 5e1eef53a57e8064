import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import { ApiError } from '../../src-core/contract/errors';
import type { ApiEventMessage, JobFinishedEvent, JobProgressEvent } from '../../src-core/contract/events';
import { lognormal } from '../../src-core/stats/families/lognormal';
import { createRng } from '../../src-core/random/rng';
import { lognormalArray } from '../../src-core/random/samplers';
import type { LognormalBootstrapResult } from '../../src-core/jobs/kinds/lognormal-bootstrap';
import { sourceWorkerSpec } from '../../src-main/jobs/pool';
import { openHistoryDb } from '../../src-main/db/connection';

let dir: string;
let context: AppContext;
const events: ApiEventMessage[] = [];
const call = <T>(name: string, input: unknown) => dispatch(context.handlers, name, input) as Promise<T>;

// 60 log-normal values in two areas; area V1 holds rows 0, 2, 4, ...
const values = lognormalArray(createRng(7, 0), 60, -0.5, 0.8);
const csv = ['area,amplitude (mV)', ...Array.from(values, (v, i) => `${i % 2 === 0 ? 'V1' : 'S1'},${v}`), 'S1,<0.05'].join('\n');
const bytes = new TextEncoder().encode(csv);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-datasets-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 2 });
  context.subscribe((m) => events.push(m));
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('jobs on data-set columns', () => {
  let datasetId = '';

  it('runs a bootstrap on the stored values of one group and records the data set as its input', async () => {
    ({ datasetId } = await call<{ datasetId: string }>('importDataset', {
      fileName: 'areas.csv', bytes, mapping: { valueColumns: ['amplitude (mV)'], unit: 'mV', groupColumns: ['area'] },
    }));
    const source = { type: 'dataset', datasetId, column: 'amplitude (mV)', group: { area: 'V1' } };
    const { jobId } = await call<{ jobId: string }>('startJob', { kind: 'lognormal-bootstrap', config: { source, resamples: 20 }, seed: 3 });
    expect(await context.jobs.waitFor(jobId)).toBe('done');
    const entry = context.entries.get(jobId)!;
    // The entry keeps the reference, not a copy of the values.
    expect((entry.config as { source: unknown }).source).toEqual(source);
    const result = entry.result as LognormalBootstrapResult;
    const v1 = values.filter((_, i) => i % 2 === 0);
    expect(result.n).toBe(30);
    const fit = lognormal.fit(v1) as { mu: number; sigma: number };
    expect(result.estimate.mu).toBe(fit.mu);
    expect(result.estimate.sigma).toBe(fit.sigma);
    expect(context.datasets.inputsOf(jobId)).toEqual([{ inputEntryId: datasetId, role: 'source' }]);
  });

  it('refuses a column with below-limit values for a job that treats values as exact', async () => {
    const { jobId } = await call<{ jobId: string }>('startJob', {
      kind: 'lognormal-bootstrap', config: { source: { type: 'dataset', datasetId, column: 'amplitude (mV)' }, resamples: 10 }, seed: 1,
    });
    expect(await context.jobs.waitFor(jobId)).toBe('failed');
    expect(context.entries.get(jobId)!.error).toMatch(/1 value\(s\) of this column are below a detection limit/);
  });

  it('names what is wrong with a reference before any entry is created', async () => {
    const before = context.entries.list({ trash: false, sort: 'created-desc', limit: 1000, offset: 0 }).total;
    const start = (source: unknown) => call('startJob', { kind: 'lognormal-bootstrap', config: { source, resamples: 10 } });
    await expect(start({ type: 'dataset', datasetId: 'nope', column: 'x' })).rejects.toThrow('source: data set nope not found');
    await expect(start({ type: 'dataset', datasetId, column: 'volume' })).rejects.toThrow(/has no value column "volume" \(columns: "amplitude \(mV\)"\)/);
    await expect(start({ type: 'dataset', datasetId, column: 'amplitude (mV)', group: { area: 'M1' } })).rejects.toThrow(/"area" has no level "M1" \(levels: "V1", "S1"\)/);
    await expect(start({ type: 'dataset', datasetId, column: 'amplitude (mV)', group: { animal: 'm1' } })).rejects.toBeInstanceOf(ApiError);
    expect(context.entries.list({ trash: false, sort: 'created-desc', limit: 1000, offset: 0 }).total).toBe(before);
  });
});

describe('an import killed part-way', () => {
  it('leaves the database consistent and without a partial data set', async () => {
    // A stand-in worker that reports progress and then hangs, as a worker would mid-way through a big file.
    const stalled = createAppContext({
      databasePath: join(dir, 'h.sqlite'), workers: 1,
      importWorker: sourceWorkerSpec(new URL('./fixtures/stalling-import-worker.ts', import.meta.url)),
    });
    const seen: ApiEventMessage[] = [];
    stalled.subscribe((m) => seen.push(m));
    const count = (sql: string) => (stalled.db.prepare(sql).get() as { n: number }).n;
    const before = { entries: count('SELECT COUNT(*) AS n FROM entries'), datasets: count('SELECT COUNT(*) AS n FROM datasets'), arrays: count('SELECT COUNT(*) AS n FROM entry_arrays') };
    try {
      const importing = stalled.handlers.importDataset({
        fileName: 'big.csv', bytes: new TextEncoder().encode('x\n1\n2\n'), mapping: { valueColumns: ['x'], unit: '', groupColumns: [], dateColumns: [] },
        dropClasses: [], keepClasses: [], positiveOnly: true, allowDuplicate: false,
      });
      const outcome = Promise.resolve(importing).then(() => 'stored', (e: Error) => e.message);
      await waitUntil(() => seen.some((m) => m.event === 'jobProgress' && (m.payload as JobProgressEvent).fraction > 0));
      const jobId = (seen.find((m) => m.event === 'jobProgress')!.payload as JobProgressEvent).jobId;
      expect(stalled.handlers.listJobs({})).toEqual([expect.objectContaining({ jobId, kind: 'import-dataset' })]);
      expect(await stalled.handlers.cancelJob({ jobId })).toEqual({ cancelled: true });
      expect(await outcome).toBe('The import was cancelled.');
      const finished = seen.find((m) => m.event === 'jobFinished')!.payload as JobFinishedEvent;
      expect(finished).toMatchObject({ jobId, status: 'cancelled' });
      expect(stalled.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(stalled.db.pragma('foreign_key_check')).toEqual([]);
      expect({ entries: count('SELECT COUNT(*) AS n FROM entries'), datasets: count('SELECT COUNT(*) AS n FROM datasets'), arrays: count('SELECT COUNT(*) AS n FROM entry_arrays') }).toEqual(before);
      expect(stalled.importer.list()).toEqual([]);
    } finally {
      await stalled.close();
    }
  });
});

describe('a real import worker terminated mid-read', () => {
  it('stores nothing, and the next import of the same file succeeds', async () => {
    const rows = Array.from({ length: 400_000 }, (_, i) => `m${i % 7},${(1 + (i % 1000) / 997).toFixed(6)},${i}`);
    const big = new TextEncoder().encode(`animal,amplitude,index\n${rows.join('\n')}\n`);
    const input = { fileName: 'big.csv', bytes: big, mapping: { valueColumns: ['amplitude'], groupColumns: ['animal'] } };
    const datasetsBefore = context.datasets.list(true).length;
    const arraysBefore = (context.db.prepare('SELECT COUNT(*) AS n FROM entry_arrays').get() as { n: number }).n;
    const from = events.length;
    const outcome = call('importDataset', input).then(() => 'stored', (e: Error) => e.message);
    await waitUntil(() => events.slice(from).some((m) => m.event === 'jobProgress' && (m.payload as JobProgressEvent).fraction > 0));
    const jobId = (events.slice(from).find((m) => m.event === 'jobProgress')!.payload as JobProgressEvent).jobId;
    expect(await call('cancelJob', { jobId })).toEqual({ cancelled: true });
    expect(await outcome).toBe('The import was cancelled.');
    expect(context.datasets.list(true).length).toBe(datasetsBefore);
    expect((context.db.prepare('SELECT COUNT(*) AS n FROM entry_arrays').get() as { n: number }).n).toBe(arraysBefore);
    expect(context.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // Nothing of the cancelled attempt counts as an earlier import.
    const { datasetId } = await call<{ datasetId: string }>('importDataset', input);
    expect(context.datasets.summary(datasetId)?.rowCount).toBe(400_000);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a process killed while the data set is being written', () => {
  it('leaves no entry, no arrays and no datasets row: the store is one transaction', async () => {
    const path = join(dir, 'killed.sqlite');
    const loader = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
    const script = new URL('./fixtures/store-then-die.ts', import.meta.url).pathname;
    const child = spawn(process.execPath, ['--import', pathToFileURL(loader).href, script, path], {
      env: { ...process.env, TSX_TSCONFIG_PATH: new URL('../../tsconfig.node.json', import.meta.url).pathname },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    await waitUntil(() => out.includes('storing'), 20_000);
    // Kill once the transaction has spilled uncommitted pages to the write-ahead log: certainly mid-way.
    await waitUntil(() => out.includes('stored') || (existsSync(`${path}-wal`) && statSync(`${path}-wal`).size > 5e6), 20_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    // Killed mid-transaction: it had not finished, and it had already written uncommitted pages to the WAL.
    expect(out).not.toContain('stored');
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(5e6);
    const db = openHistoryDb(path);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect([count('entries'), count('entry_arrays'), count('datasets')]).toEqual([0, 0, 0]);
    } finally {
      db.close();
    }
  });
});
