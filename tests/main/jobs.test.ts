import { spawn } from 'node:child_process';
import { processStart } from '../../src-main/db/owner-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { openHistoryDb } from '../../src-main/db/connection';
import { sourceWorkerSpec } from '../../src-main/jobs/pool';
import { testCatalogue } from './fixtures/test-kinds';
import type { ApiEventMessage, JobProgressEvent } from '../../src-core/contract/events';
import type { LognormalBootstrapResult } from '../../src-core/jobs/kinds/lognormal-bootstrap';

let dir: string;
let context: AppContext;
const events: ApiEventMessage[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-jobs-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 2, worker: sourceWorkerSpec(new URL('./fixtures/test-worker.ts', import.meta.url)), catalogue: testCatalogue });
  context.subscribe((m) => events.push(m));
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

const progressOf = (jobId: string) =>
  events.filter((e): e is ApiEventMessage<'jobProgress'> => e.event === 'jobProgress' && e.payload.jobId === jobId).map((e) => e.payload as JobProgressEvent);

describe('job manager', () => {
  it('runs a seeded bootstrap across shards, reports monotone progress to 1 and stores the result', async () => {
    const config = { source: { type: 'synthetic' as const, n: 400, mu: 0.5, sigma: 0.7 }, resamples: 1000, confidence: 0.95 };
    const { jobId } = context.jobs.start({ kind: 'lognormal-bootstrap', config, seed: 42 });
    expect(await context.jobs.waitFor(jobId)).toBe('done');
    const fractions = progressOf(jobId).map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.at(-1)).toBe(1);
    const entry = context.entries.get(jobId)!;
    expect(entry.status).toBe('done');
    expect(entry.seed).toBe(42);
    expect(entry.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    const result = entry.result as LognormalBootstrapResult;
    expect(result.mu).toBeInstanceOf(Float64Array);
    expect(result.mu.length).toBe(1000);
    expect(result.ci.mu[0]).toBeLessThan(result.estimate.mu);
    expect(result.ci.mu[1]).toBeGreaterThan(result.estimate.mu);
    // The percentile interval of mu covers the true value for this seed, and its width is ~ 2 * 1.96 sigma / sqrt(n).
    expect(result.ci.mu[1] - result.ci.mu[0]).toBeCloseTo((2 * 1.96 * 0.7) / Math.sqrt(400), 1);

    // Same seed, same numbers: bit for bit, whatever the worker scheduling was.
    const again = context.jobs.start({ kind: 'lognormal-bootstrap', config, seed: 42 });
    await context.jobs.waitFor(again.jobId);
    expect(Array.from((context.entries.get(again.jobId)!.result as LognormalBootstrapResult).mu)).toEqual(Array.from(result.mu));
    expect(events.some((e) => e.event === 'jobFinished' && e.payload.jobId === jobId && (e.payload as { status: string }).status === 'done')).toBe(true);
  });

  it('cancels a job mid-way: status cancelled, workers reused', async () => {
    const spawned = context.pool.spawned;
    const config = { source: { type: 'synthetic' as const, n: 20000, mu: 0, sigma: 1 }, resamples: 200000, confidence: 0.95 };
    const { jobId } = context.jobs.start({ kind: 'lognormal-bootstrap', config, seed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 800));
    const before = progressOf(jobId).at(-1)?.fraction ?? 0;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(1);
    expect(context.jobs.cancel(jobId)).toBe(true);
    expect(await context.jobs.waitFor(jobId)).toBe('cancelled');
    expect(context.entries.summary(jobId)!.status).toBe('cancelled');
    expect(context.pool.spawned).toBe(spawned);
    expect(context.jobs.list()).toEqual([]);
  });

  it('a cancelled sweep keeps the runs that finished, merged and marked partial', async () => {
    const { jobId } = context.jobs.start({ kind: 'test-sweep' as never, config: {} });
    // Runs 0 and 1 finish at once on the two workers; 2 and 3 then spin until cancelled.
    const deadline = Date.now() + 20_000;
    while ((progressOf(jobId).at(-1)?.fraction ?? 0) < 0.5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(context.jobs.cancel(jobId)).toBe(true);
    expect(await context.jobs.waitFor(jobId)).toBe('cancelled');
    const entry = context.entries.get(jobId)!;
    expect(entry.status).toBe('cancelled');
    expect(entry.error).toBe('Cancelled by the user.');
    expect(entry.result).toEqual({ values: [10, 20, null, null], partial: { done: 2, planned: 4 } });
    expect(entry.headline).toEqual({ runs: 4 });
    // A job kind without a partial merge keeps no result when cancelled (the bootstrap test above).
  });

  it('records a failing job with its error and keeps the pool working', async () => {
    const failing = context.jobs.start({ kind: 'test-throw' as never, config: {} });
    expect(await context.jobs.waitFor(failing.jobId)).toBe('failed');
    expect(context.entries.summary(failing.jobId)!.error).toBe('deliberate failure in a shard');
    const crashing = context.jobs.start({ kind: 'test-exit' as never, config: {} });
    expect(await context.jobs.waitFor(crashing.jobId)).toBe('failed');
    expect(context.entries.summary(crashing.jobId)!.error).toMatch(/exited with code 3/);
    const ok = context.jobs.start({ kind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 50, mu: 0, sigma: 1 }, resamples: 20, confidence: 0.9 }, seed: 3 });
    expect(await context.jobs.waitFor(ok.jobId)).toBe('done');
  });
});

describe('interrupted jobs', () => {
  it('a job left running by a dead process is marked interrupted on the next start', () => {
    const path = join(dir, 'crashed.sqlite');
    const db = openHistoryDb(path);
    const repo = createEntriesRepo(db);
    const entry = repo.create({ kind: 'bootstrap', name: 'left running', status: 'running', jobKind: 'lognormal-bootstrap', config: {}, seed: 1, appVersion: '0.0.0', now: new Date() });
    // Simulate the owning process having died: pretend it was another pid that is no longer alive.
    db.prepare('UPDATE entries SET owner_pid = ? WHERE id = ?').run(2 ** 22 + 12345, entry.id);
    db.close();
    const reopened = createAppContext({ databasePath: path, workers: 1 });
    try {
      const after = reopened.entries.summary(entry.id)!;
      expect(after.status).toBe('interrupted');
      expect(after.error).toMatch(/stopped while this job was running/);
    } finally {
      void reopened.close();
    }
  });

  it('a job of a live process is left alone', () => {
    const db = openHistoryDb(':memory:');
    const repo = createEntriesRepo(db);
    const entry = repo.create({ kind: 'bootstrap', name: 'live', status: 'running', jobKind: 'x', config: {}, seed: 1, appVersion: '0', now: new Date() });
    db.prepare('UPDATE entries SET owner_pid = ?, owner_started = ? WHERE id = ?').run(process.ppid, processStart(process.ppid), entry.id);
    expect(repo.markInterrupted(new Date())).toBe(0);
    expect(repo.summary(entry.id)!.status).toBe('running');
    db.close();
  });

  it('a job whose owner crashed is interrupted even when a new process has the same PID (start times differ)', async () => {
    // A live process standing for the new owner of a reused PID; the entry records the crashed owner's start time.
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const pid = other.pid!;
      let started: string | null = null;
      for (let i = 0; i < 100 && started === null; i++) {
        started = processStart(pid);
        if (started === null) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (process.platform === 'linux') expect(started).toMatch(/^linux:[0-9a-f-]+:\d+$/);
      const db = openHistoryDb(':memory:');
      const repo = createEntriesRepo(db);
      const make = (name: string, ownerStarted: string | null) => {
        const entry = repo.create({ kind: 'bootstrap', name, status: 'running', jobKind: 'x', config: {}, seed: 1, appVersion: '0', now: new Date() });
        db.prepare('UPDATE entries SET owner_pid = ?, owner_started = ? WHERE id = ?').run(pid, ownerStarted, entry.id);
        return entry.id;
      };
      const reused = make('owner crashed, PID reused', `${started ?? 'ps:'}-earlier`);
      const same = make('owner still running', started);
      const unknown = make('written before start times were kept', null);
      expect(repo.markInterrupted(new Date())).toBe(process.platform === 'win32' ? 0 : 1);
      expect(repo.summary(reused)!.status).toBe(process.platform === 'win32' ? 'running' : 'interrupted');
      expect(repo.summary(same)!.status).toBe('running');
      expect(repo.summary(unknown)!.status).toBe('running');
      db.close();
    } finally {
      other.kill();
    }
  });
});

describe('a configuration the kind cannot plan', () => {
  it('is refused without leaving a running entry behind', async () => {
    const { createAppContext: create } = await import('../../src-main/app-context');
    const unplannable = {
      ...testCatalogue,
      'test-unplannable': { ...testCatalogue['test-throw'], plan: () => { throw new Error('cannot plan this'); } },
    };
    const local = create({ databasePath: ':memory:', workers: 1, catalogue: unplannable });
    try {
      expect(() => local.jobs.start({ kind: 'test-unplannable' as never, config: {} })).toThrow('cannot plan this');
      expect(local.entries.list({ trash: false, sort: 'created-desc', limit: 10, offset: 0 }).total).toBe(0);
    } finally {
      await local.close();
    }
  });
});
