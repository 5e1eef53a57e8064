import { mkdirSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { catalogue } from '@core/jobs/catalogue';
import type { JobKind } from '@core/jobs/kind';
import { createRng } from '@core/random/rng';
import type { JobContext } from '@core/runtime/context';
import { APP_VERSION } from '../version';
import { WorkerPool } from '../jobs/pool';
import { failureFileName, paths, readMeta, readPlan, writeAtomic, type JobMeta, type TaskFailure } from './job-dir';
import { hasValidPart, writePart } from './parts';
import { shardsOfTask } from './sbatch-script';

/**
 * One array task (`plasticity-lab cluster run-shard DIR --index $SLURM_ARRAY_TASK_ID`): runs the shards dealt to it
 * with the kind's own runShard and the same random stream a local worker gives them (createRng(seed, shard + 1)), and
 * writes each part atomically as soon as it is done. Shards whose valid part is already there are skipped, so a
 * resubmitted task only does what is missing. With several CPUs (SLURM_CPUS_PER_TASK) its shards run in a worker
 * pool, the local one. On failure the reason goes to failures/task-N.json (read by `cluster status`) and the error is
 * rethrown (the CLI exits non-zero, so Slurm records the task as failed). It never opens a history database.
 */
export interface TaskOutcome {
  task: number;
  ran: number[];
  skipped: number[];
}

type Kind = JobKind<unknown, unknown, unknown, unknown>;

export class TaskFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskFailedError';
  }
}

export async function runTask(dirIn: string, task: number, options: { workers?: number; arrayJobId?: string | null; log?: (line: string) => void } = {}): Promise<TaskOutcome> {
  const { dir, meta } = readMeta(dirIn);
  // A folder unpacked from an export or copied by hand may lack the empty ones.
  for (const sub of [paths.parts(dir), paths.failures(dir)]) mkdirSync(sub, { recursive: true });
  const log = options.log ?? (() => undefined);
  const arrayJobId = options.arrayJobId ?? null;
  let current: number | null = null;
  try {
    if (meta.appVersion !== APP_VERSION) {
      throw new TaskFailedError(`this job was planned by plasticity-lab ${meta.appVersion}, this is ${APP_VERSION}: run it with the same version (its numbers could differ otherwise)`);
    }
    if (!Number.isInteger(task) || task < 0 || task >= meta.tasks) throw new TaskFailedError(`task ${task} does not exist: this job has tasks 0 to ${meta.tasks - 1}`);
    const plan = readPlan(dir, meta);
    const kind = catalogue[meta.jobKind as keyof typeof catalogue] as Kind | undefined;
    if (!kind) throw new TaskFailedError(`unknown job kind "${meta.jobKind}"`);
    const mine = shardsOfTask(task, meta.tasks, meta.shards);
    const todo = mine.filter((s) => !hasValidPart(dir, meta, s));
    const skipped = mine.filter((s) => !todo.includes(s));
    log(`task ${task} on ${hostname()}: shards ${mine.join(', ')}${skipped.length ? ` (${skipped.length} already done)` : ''}`);
    const workers = Math.max(1, Math.min(options.workers ?? 1, todo.length));
    const save = (shard: number, part: unknown, started: number) => {
      const seconds = (performance.now() - started) / 1000;
      writePart(dir, meta, shard, part, { task, seconds, arrayJobId });
      log(`  shard ${shard} done in ${seconds.toFixed(2)} s`);
    };
    if (workers === 1) {
      for (const shard of todo) {
        current = shard;
        const started = performance.now();
        save(shard, kind.runShard(plan.shards[shard], shardContext(meta, shard)), started);
      }
    } else {
      await runInPool(todo, workers, meta, plan.shards, (shard, part, started) => save(shard, part, started), (shard) => (current = shard));
    }
    rmSync(join(paths.failures(dir), failureFileName(task, meta.tasks)), { force: true });
    return { task, ran: todo, skipped };
  } catch (error) {
    const failure: TaskFailure = {
      task, shard: current, message: error instanceof Error ? error.message : String(error), host: hostname(), at: new Date().toISOString(), arrayJobId,
    };
    if (Number.isInteger(task) && task >= 0 && task < meta.tasks) writeAtomic(join(paths.failures(dir), failureFileName(task, meta.tasks)), `${JSON.stringify(failure, null, 2)}\n`);
    throw error;
  }
}

/** The context a pool worker gives a shard (worker-entry.ts): the shard's own stream; nobody to report to or cancel. */
function shardContext(meta: JobMeta, shard: number): JobContext {
  return { rng: createRng(meta.seed, shard + 1), report: () => undefined, checkCancelled: () => undefined };
}

async function runInPool(shards: number[], size: number, meta: JobMeta, planned: unknown[], save: (shard: number, part: unknown, started: number) => void, onFail: (shard: number) => void): Promise<void> {
  const pool = new WorkerPool({ size });
  try {
    const started = performance.now();
    await Promise.all(shards.map(async (shard) => {
      try {
        save(shard, await pool.run({ kind: meta.jobKind, shard: planned[shard], seed: meta.seed, stream: shard + 1 }).promise, started);
      } catch (error) {
        onFail(shard);
        throw error;
      }
    }));
  } finally {
    await pool.close();
  }
}
