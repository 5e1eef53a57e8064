import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { sourceWorkerSpec } from '../../src-main/jobs/pool';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback';
import { toWire } from '../../src-core/contract/wire';
import { ipcChannel } from '../../src-core/contract/api';
import type { Envelope } from '../../src-core/contract/envelope';
import { registerIpc } from '../../src-main/ipc/register';

/**
 * Runaway import workers (issue 15: 200 concurrent requests held 166 threads and 3.5 GB, and kept reading after the
 * clients had gone). Imports run on a bounded pool, a request whose client goes away is cancelled, and a worker that
 * would take all memory is stopped by its heap limit. Bounded loops, loopback traffic only.
 */
const stalling = sourceWorkerSpec(new URL('./fixtures/stalling-import-worker.ts', import.meta.url));
const hungry = sourceWorkerSpec(new URL('./fixtures/hungry-import-worker.ts', import.meta.url));
const preview = (name: string) => ({ fileName: name, bytes: new TextEncoder().encode('x\n1\n2\n') });

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-import-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('import workers', () => {
  it('run at most one per core (here 2); the rest wait in order and a waiting one cancelled never starts', async () => {
    const context = createAppContext({ databasePath: join(dir, 'a.sqlite'), workers: 1, importWorker: stalling, importConcurrency: 2 });
    const started = new Set<string>();
    context.subscribe((m) => {
      if (m.event === 'jobProgress' && (m.payload as { fraction: number }).fraction > 0) started.add((m.payload as { jobId: string }).jobId);
    });
    try {
      const outcomes = Array.from({ length: 6 }, (_, i) => Promise.resolve(context.handlers.previewImport({ ...preview(`f${i}.csv`), positiveOnly: true, previewRows: 5 })).then(() => 'done', (e: Error) => e.message));
      await until(() => started.size === 2, 'two workers reading');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(started.size).toBe(2);
      expect(context.importer.load()).toEqual({ running: 2, waiting: 4 });
      const jobs = context.importer.list();
      expect(jobs).toHaveLength(6);
      const waiting = jobs.find((j) => !started.has(j.jobId))!;
      expect(await context.handlers.cancelJob({ jobId: waiting.jobId })).toEqual({ cancelled: true });
      await until(() => context.importer.load().waiting === 3, 'the cancelled request leaves the queue');
      for (const job of context.importer.list()) await context.handlers.cancelJob({ jobId: job.jobId });
      expect(await Promise.all(outcomes)).toEqual(Array(6).fill('The import was cancelled.'));
      expect(context.importer.load()).toEqual({ running: 0, waiting: 0 });
      expect(started.has(waiting.jobId)).toBe(false);
    } finally {
      await context.close();
    }
  });

  it('stop when the HTTP client that asked closes its request, queued or reading', async () => {
    const context: AppContext = createAppContext({ databasePath: join(dir, 'b.sqlite'), workers: 1, importWorker: stalling, importConcurrency: 2 });
    const server: LoopbackServer = await startLoopbackServer({ context, rendererDir: dir });
    const requests: ClientRequest[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const body = toWire(preview(`h${i}.csv`));
        const req = request({
          host: '127.0.0.1', port: server.port, path: '/api/previewImport', method: 'POST',
          headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        });
        req.on('error', () => undefined); // destroyed below on purpose
        req.end(body);
        requests.push(req);
      }
      await until(() => context.importer.load().running === 2 && context.importer.load().waiting === 4, 'two reading, four waiting');
      for (const req of requests) req.destroy();
      await until(() => context.importer.list().length === 0, 'every import stopped');
      expect(context.importer.load()).toEqual({ running: 0, waiting: 0 });
    } finally {
      await server.close();
      await context.close();
    }
  });

  it('stop when the window that asked over IPC is closed or loads another page (not when it changes route)', async () => {
    const context = createAppContext({ databasePath: join(dir, 'd.sqlite'), workers: 1, importWorker: stalling, importConcurrency: 2 });
    type Handler = (event: unknown, input: unknown) => Promise<Envelope>;
    const channels = new Map<string, Handler>();
    registerIpc({ handle: (channel: string, handler: Handler) => channels.set(channel, handler) } as never, context.handlers, () => true);
    try {
      for (const [event, args] of [['destroyed', []], ['did-start-navigation', [{ isSameDocument: false, isMainFrame: true }]]] as const) {
        const sender = new EventEmitter();
        const answer = channels.get(ipcChannel('previewImport'))!({ senderFrame: { url: 'app://renderer/index.html', parent: null }, sender }, preview('w.csv'));
        await until(() => context.importer.load().running === 1, 'the preview reading');
        sender.emit('did-start-navigation', { isSameDocument: true, isMainFrame: true }); // a route change in the app
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(context.importer.load().running).toBe(1);
        sender.emit(event, ...args);
        expect(await answer).toMatchObject({ ok: false, error: { message: 'The import was cancelled.' } });
        expect(context.importer.load()).toEqual({ running: 0, waiting: 0 });
        expect(sender.listenerCount('destroyed') + sender.listenerCount('did-start-navigation')).toBe(0);
      }
    } finally {
      await context.close();
    }
  });

  it('have a heap limit: a worker that would take all memory fails its own import, with the reason', async () => {
    const context = createAppContext({ databasePath: join(dir, 'c.sqlite'), workers: 1, importWorker: hungry, importConcurrency: 1, importHeapMb: 64 });
    try {
      await expect(Promise.resolve(context.handlers.previewImport({ ...preview('huge.csv'), positiveOnly: true, previewRows: 5 })))
        .rejects.toThrow('the import needed more memory than one import may use (64 MB of heap); split the file, or save only the columns you need');
      expect(context.importer.load()).toEqual({ running: 0, waiting: 0 });
    } finally {
      await context.close();
    }
  });
});
