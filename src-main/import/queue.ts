import { ApiError } from '@core/contract/errors';
import type { PipelineOutcome, PipelineRequest } from './pipeline';
import { ImportCancelledError, runImportWorker, type ImportWorkerOptions, type RunningImport } from './runner';

/**
 * Import workers on a bounded pool: at most `size` threads (one per core by default) read files at once; further
 * requests wait in order, and a waiting one that is cancelled (the user, or the client that asked went away) never
 * starts. Without it every preview started its own thread: 200 concurrent requests held 166 threads and 3.5 GB.
 */

/** Requests that may wait at once; beyond it a request is refused at once rather than held with its bytes. */
export const MAX_WAITING_IMPORTS = 32;

interface Waiting {
  begin(): void;
  refuse(error: Error): void;
}

export class ImportQueue {
  private running = 0;
  private readonly waiting: Waiting[] = [];

  constructor(readonly size: number, private readonly options: Omit<ImportWorkerOptions, 'onProgress'> = {}) {
    if (!(size >= 1)) throw new Error(`an import queue needs at least one worker, got ${size}`);
  }

  /** Threads reading now and requests waiting for one. */
  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  run(request: PipelineRequest, onProgress?: (fraction: number) => void): RunningImport {
    let inner: RunningImport | null = null;
    let waiter: Waiting | null = null;
    let cancelled = false;
    const promise = new Promise<PipelineOutcome>((resolve, reject) => {
      const next = () => {
        this.running--;
        this.waiting.shift()?.begin();
      };
      const begin = () => {
        this.running++;
        try {
          inner = runImportWorker(request, { ...this.options, onProgress });
        } catch (error) {
          next();
          reject(error as Error);
          return;
        }
        inner.promise.then(resolve, reject).finally(next);
      };
      if (this.running < this.size) begin();
      else if (this.waiting.length >= MAX_WAITING_IMPORTS) {
        reject(new ApiError({ code: 'conflict', message: `${this.running} imports are running and ${this.waiting.length} are waiting; try again when some have finished` }));
      } else {
        waiter = { begin, refuse: reject };
        this.waiting.push(waiter);
      }
    });
    return {
      promise,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        if (inner) {
          inner.cancel();
          return;
        }
        const at = waiter ? this.waiting.indexOf(waiter) : -1;
        if (at >= 0) {
          this.waiting.splice(at, 1);
          waiter?.refuse(new ImportCancelledError());
        }
      },
    };
  }
}
