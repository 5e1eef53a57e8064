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
 * The heap one import worker may use: Excel's largest sheet or a 200 MiB CSV needs well under it (npm run bench
 * import), and a file that would need more stops that import with a message instead of taking the machine's memory.
 */
export const IMPORT_HEAP_MB = 2048;

export interface ImportWorkerOptions {
  onProgress?: (fraction: number) => void;
  worker?: WorkerSpec;
  /** Old-generation heap limit of the worker thread in MB (default IMPORT_HEAP_MB; tests lower it). */
  heapMb?: number;
}

/**
 * Runs one parse + validate (+ decisions) request in a fresh worker thread. Imports are rare and may hold hundreds of
 * megabytes, so each gets its own thread whose memory is returned when it ends, and cancelling is terminating it.
 * How many run at once is the caller's (queue.ts); the heap of each is bounded here.
 */
export function runImportWorker(request: PipelineRequest, options: ImportWorkerOptions = {}): RunningImport {
  const spec = options.worker ?? defaultImportWorkerSpec();
  const heapMb = options.heapMb ?? IMPORT_HEAP_MB;
  const worker = new Worker(spec.url, { execArgv: spec.execArgv, env: spec.env ?? process.env, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
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
    worker.on('error', (error) => finish(() => reject(
      cancelled ? new ImportCancelledError()
        : (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(`the import needed more memory than one import may use (${heapMb} MB of heap); split the file, or save only the columns you need`)
          : new Error(`the import worker crashed: ${error.message}`),
    )));
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
