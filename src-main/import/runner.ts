import { Worker } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sourceWorkerSpec, type WorkerSpec } from '../jobs/pool';
import type { PipelineOutcome, PipelineRequest } from './pipeline';
import { fromPlainError, type ImportWorkerMessage } from './protocol';

/** Rejection of an import stopped on request (its worker was terminated). */
export class ImportCancelledError extends Error {
  constructor() {
    super('The import was cancelled.');
    this.name = 'ImportCancelledError';
  }
}

/** Where the import worker is: beside the main bundle in a build, or the TypeScript source through tsx. */
export function defaultImportWorkerSpec(): WorkerSpec {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return sourceWorkerSpec(new URL('./worker.ts', import.meta.url));
  return { url: new URL(`file://${join(dirname(here), 'import-worker.js')}`), execArgv: [] };
}

export interface RunningImport {
  promise: Promise<PipelineOutcome>;
  /** Terminates the worker; the promise rejects with ImportCancelledError. */
  cancel(): void;
}

/**
 * Runs one parse + validate (+ decisions) request in a fresh worker thread. Imports are rare and may hold hundreds of
 * megabytes, so each gets its own thread whose memory is returned when it ends, and cancelling is terminating it.
 */
export function runImportWorker(request: PipelineRequest, options: { onProgress?: (fraction: number) => void; worker?: WorkerSpec } = {}): RunningImport {
  const spec = options.worker ?? defaultImportWorkerSpec();
  const worker = new Worker(spec.url, { execArgv: spec.execArgv, env: spec.env ?? process.env });
  let settled = false;
  let cancelled = false;
  const promise = new Promise<PipelineOutcome>((resolve, reject) => {
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
      void worker.terminate();
    };
    worker.on('message', (message: ImportWorkerMessage) => {
      if (message.type === 'progress') {
        if (!settled) options.onProgress?.(message.fraction);
      } else if (message.type === 'done') finish(() => resolve(message.outcome));
      else finish(() => reject(fromPlainError(message.error)));
    });
    worker.on('error', (error) => finish(() => reject(cancelled ? new ImportCancelledError() : new Error(`the import worker crashed: ${error.message}`))));
    worker.on('exit', (code) => finish(() => reject(cancelled ? new ImportCancelledError() : new Error(`the import worker exited with code ${code}`))));
  });
  worker.postMessage(request);
  return {
    promise,
    cancel() {
      if (settled) return;
      cancelled = true;
      void worker.terminate();
    },
  };
}
