/** Messages between the pool (main thread) and its workers. Plain data only: they are structured-cloned. */
export interface RunShardMessage {
  type: 'run';
  taskId: number;
  kind: string;
  shard: unknown;
  seed: number;
  /** Stream of the seeded generator for this shard (shard index + 1; stream 0 is reserved for shared draws). */
  stream: number;
  /** Int32Array view target: element 0 becomes 1 when the task is cancelled (read without the event loop). */
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; taskId: number; fraction: number; metrics?: Record<string, number>; partial?: unknown }
  | { type: 'done'; taskId: number; part: unknown }
  | { type: 'failed'; taskId: number; message: string; cancelled: boolean };

/** Minimum interval between progress messages from one worker: enough for a smooth bar, cheap for the thread. */
export const WORKER_PROGRESS_INTERVAL_MS = 50;
