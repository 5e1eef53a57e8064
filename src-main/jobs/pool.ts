import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import type { RunShardMessage, WorkerMessage } from './protocol';

export interface ShardProgress {
  fraction: number;
  metrics?: Record<string, number>;
  partial?: unknown;
}

export interface ShardTask {
  kind: string;
  shard: unknown;
  seed: number;
  stream: number;
  onProgress?: (progress: ShardProgress) => void;
}

export interface RunningShard {
  promise: Promise<unknown>;
  cancel(): void;
}

/** Rejection reason of a shard that was cancelled (distinguishes "stopped on request" from "failed"). */
export class ShardCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ShardCancelledError';
  }
}

export interface WorkerSpec {
  url: URL;
  execArgv: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * A worker entry run from TypeScript source through tsx, with the project's path aliases. The loader is named by its
 * file URL: a bare `--import tsx` would be resolved from the current directory, and the CLI may run from anywhere.
 */
export function sourceWorkerSpec(url: URL): WorkerSpec {
  const tsconfig = fileURLToPath(new URL('../../tsconfig.node.json', import.meta.url));
  const loader = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
  return {
    url,
    execArgv: ['--import', pathToFileURL(loader).href],
    env: { ...process.env, TSX_TSCONFIG_PATH: process.env.TSX_TSCONFIG_PATH ?? tsconfig },
  };
}

/**
 * Where the worker entry is: beside the bundle in a build (out/main/worker.js), or the TypeScript source run through
 * tsx when main itself runs from source (CLI, serve mode, tests).
 */
export function defaultWorkerSpec(): WorkerSpec {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return sourceWorkerSpec(new URL('./worker.ts', import.meta.url));
  const bundled = join(dirname(here), 'worker.js');
  return { url: new URL(`file://${bundled}`), execArgv: [] };
}

interface Pending {
  id: number;
  task: ShardTask;
  cancelFlag: SharedArrayBuffer;
  resolve(part: unknown): void;
  reject(error: Error): void;
  cancelRequested: boolean;
  killTimer?: ReturnType<typeof setTimeout>;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
}

/** How long a cancelled shard may keep computing before its worker is terminated and replaced. */
const CANCEL_GRACE_MS = 750;

/**
 * A fixed set of worker threads (one per core by default, started with the first shard) running job shards. A worker that throws or dies fails only
 * the shard it was running; the pool replaces it and goes on with the queue.
 */
export class WorkerPool {
  readonly size: number;
  private readonly spec: WorkerSpec;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  /** Workers started over the pool's life (size at start, more after crashes). */
  spawned = 0;

  constructor(options: { size?: number; worker?: WorkerSpec } = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.spec = options.worker ?? defaultWorkerSpec();
  }

  run(task: ShardTask): RunningShard {
    if (this.closed) throw new Error('worker pool is closed');
    let pending!: Pending;
    const promise = new Promise<unknown>((resolve, reject) => {
      pending = { id: this.nextId++, task, cancelFlag: new SharedArrayBuffer(4), resolve, reject, cancelRequested: false };
    });
    this.queue.push(pending);
    this.pump();
    return { promise, cancel: () => this.cancel(pending) };
  }

  /** Shards waiting plus shards running. */
  get load(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.slots.filter((s) => s.current).length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new ShardCancelledError());
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private cancel(pending: Pending): void {
    const queuedAt = this.queue.indexOf(pending);
    if (queuedAt >= 0) {
      this.queue.splice(queuedAt, 1);
      pending.reject(new ShardCancelledError());
      return;
    }
    const slot = this.slots.find((s) => s.current === pending);
    if (!slot || pending.cancelRequested) return;
    pending.cancelRequested = true;
    Atomics.store(new Int32Array(pending.cancelFlag), 0, 1);
    // A computation that never checks the flag is stopped the hard way.
    pending.killTimer = setTimeout(() => {
      if (slot.current !== pending) return;
      slot.current = null;
      pending.reject(new ShardCancelledError());
      this.replace(slot);
    }, CANCEL_GRACE_MS);
  }

  private pump(): void {
    // Workers start with the first shard, so a process that never computes (a CLI command that only reads the
    // history, or submits to a cluster) never pays for them.
    while (this.slots.length < this.size && !this.closed) this.slots.push(this.spawn());
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.current) continue;
      const pending = this.queue.shift()!;
      slot.current = pending;
      const message: RunShardMessage = {
        type: 'run',
        taskId: pending.id,
        kind: pending.task.kind,
        shard: pending.task.shard,
        seed: pending.task.seed,
        stream: pending.task.stream,
        cancelFlag: pending.cancelFlag,
      };
      // A busy worker keeps the process alive (a CLI awaiting a job needs that); an idle one does not.
      slot.worker.ref();
      slot.worker.postMessage(message);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.spec.url, { execArgv: this.spec.execArgv, env: this.spec.env ?? process.env });
    this.spawned++;
    const slot: Slot = { worker, current: null };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onDeath(slot, `the worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closed) this.onDeath(slot, `the worker exited with code ${code}`);
    });
    worker.unref();
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    const pending = slot.current;
    if (message.type === 'ready' || !pending || message.taskId !== pending.id) return;
    if (message.type === 'progress') {
      pending.task.onProgress?.({ fraction: message.fraction, metrics: message.metrics, partial: message.partial });
      return;
    }
    clearTimeout(pending.killTimer);
    slot.current = null;
    slot.worker.unref();
    if (message.type === 'done') pending.resolve(message.part);
    else if (message.cancelled) pending.reject(new ShardCancelledError());
    else pending.reject(new Error(message.message));
    this.pump();
  }

  private onDeath(slot: Slot, reason: string): void {
    if (!this.slots.includes(slot)) return; // already replaced
    const pending = slot.current;
    slot.current = null;
    if (pending) {
      clearTimeout(pending.killTimer);
      pending.reject(pending.cancelRequested ? new ShardCancelledError() : new Error(reason));
    }
    this.replace(slot);
  }

  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    const old = slot.worker;
    this.slots[index] = this.spawn();
    old.removeAllListeners();
    old.on('error', () => undefined);
    void old.terminate();
    this.pump();
  }
}
