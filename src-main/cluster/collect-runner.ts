import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError } from '@core/contract/errors';
import { sourceWorkerSpec, type WorkerSpec } from '../jobs/pool';
import type { MergedJob } from './collect';

export type CollectWorkerMessage = { type: 'done'; merged: MergedJob } | { type: 'failed'; name: string; message: string };

/** Where the collect worker is: beside the main bundle in a build, or the TypeScript source through tsx. */
export function defaultCollectWorkerSpec(): WorkerSpec {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return sourceWorkerSpec(new URL('./collect-worker.ts', import.meta.url));
  return { url: new URL(`file://${join(dirname(here), 'cluster-worker.js')}`), execArgv: [] };
}

/**
 * Merges a job folder in a fresh worker thread (the app's collect: reading thousands of parts must not block the
 * interface). Missing parts and refused parts come back as a conflict naming them.
 */
export function mergeInWorker(dir: string, spec: WorkerSpec = defaultCollectWorkerSpec()): Promise<MergedJob> {
  const worker = new Worker(spec.url, { execArgv: spec.execArgv, env: spec.env ?? process.env });
  return new Promise<MergedJob>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.on('message', (message: CollectWorkerMessage) => {
      if (message.type === 'done') finish(() => resolve(message.merged));
      else finish(() => reject(new ApiError({ code: ['MissingPartsError', 'PartRefusedError', 'JobDirError'].includes(message.name) ? 'conflict' : 'failed', message: message.message })));
    });
    worker.on('error', (error) => finish(() => reject(new Error(`the collect worker crashed: ${error.message}`))));
    worker.on('exit', (code) => finish(() => reject(new Error(`the collect worker exited with code ${code}`))));
    worker.postMessage(dir);
  });
}
