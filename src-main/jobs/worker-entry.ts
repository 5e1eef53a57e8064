import { parentPort } from 'node:worker_threads';
import { createRng } from '@core/random/rng';
import { CancelledError, type JobContext, type ProgressReport } from '@core/runtime/context';
import type { JobKind } from '@core/jobs/kind';
import { WORKER_PROGRESS_INTERVAL_MS, type RunShardMessage, type WorkerMessage } from './protocol';

/**
 * The body of a pool worker: receives shards, runs them with the job kind's pure function and reports back.
 * Cancellation arrives through a SharedArrayBuffer flag because a busy worker's event loop cannot receive messages.
 */
export function startWorker(catalogue: Record<string, JobKind<never, unknown, unknown, unknown>>): void {
  const port = parentPort;
  if (!port) throw new Error('startWorker must run inside a worker thread');
  const post = (message: WorkerMessage) => port.postMessage(message);

  port.on('message', (message: RunShardMessage) => {
    if (message.type !== 'run') return;
    const kind = catalogue[message.kind] as JobKind<unknown, unknown, unknown, unknown> | undefined;
    const cancelled = new Int32Array(message.cancelFlag);
    let lastPost = 0;
    let lastFraction = 0;
    const ctx: JobContext = {
      rng: createRng(message.seed, message.stream),
      report(progress: ProgressReport) {
        // Progress is kept monotone here so no job can make a bar jump backwards.
        lastFraction = Math.max(lastFraction, Math.min(1, progress.fraction));
        const now = performance.now();
        if (now - lastPost < WORKER_PROGRESS_INTERVAL_MS && progress.partial === undefined) return;
        lastPost = now;
        post({ type: 'progress', taskId: message.taskId, fraction: lastFraction, metrics: progress.metrics, partial: progress.partial });
      },
      checkCancelled() {
        if (Atomics.load(cancelled, 0) === 1) throw new CancelledError();
      },
    };
    try {
      if (!kind) throw new Error(`unknown job kind "${message.kind}"`);
      ctx.checkCancelled();
      const part = kind.runShard(message.shard, ctx);
      post({ type: 'done', taskId: message.taskId, part });
    } catch (error) {
      const isCancel = error instanceof CancelledError;
      post({ type: 'failed', taskId: message.taskId, message: errorMessage(error), cancelled: isCancel });
    }
  });
  post({ type: 'ready' });
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
