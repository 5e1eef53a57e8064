import { randomInt } from 'node:crypto';
import type { ApiEventMessage, JobProgressEvent } from '@core/contract/events';
import type { EntryStatus } from '@core/contract/entries';
import type { JobKind } from '@core/jobs/kind';
import type { StartJobInput } from '@core/jobs/schemas';
import type { EntriesRepo } from '../db/entries-repo';
import { ShardCancelledError, type RunningShard, type WorkerPool } from './pool';

/** How often one job's progress may reach the interface: smooth enough for a bar, light on IPC. */
const EVENT_INTERVAL_MS = 100;

interface ActiveJob {
  id: string;
  kind: string;
  name: string;
  startedAt: number;
  fractions: number[];
  metrics: Record<string, number>;
  shards: RunningShard[];
  cancelled: boolean;
  lastEmit: number;
  lastFraction: number;
  done: Promise<EntryStatus>;
}

export interface JobManagerDeps {
  pool: WorkerPool;
  entries: EntriesRepo;
  catalogue: Record<string, JobKind<never, unknown, unknown, unknown>>;
  appVersion: string;
  emit(message: ApiEventMessage): void;
  now?: () => Date;
  /** Replaces data-set references in a config by the stored values (resolve-datasets.ts); the entry keeps the references. */
  resolveInputs?: (config: unknown) => { config: unknown; inputs: { datasetId: string; role: string }[] };
  /** Records provenance: the entry was computed from the data set (entry_inputs). */
  recordInput?: (entryId: string, datasetId: string, role: string) => void;
}

type Kind = JobKind<unknown, unknown, unknown, unknown>;

/**
 * Turns a validated startJob request into a history entry and shards on the pool; aggregates shard progress into one
 * monotone fraction with an ETA; merges the parts and records the result, the error, or the cancellation.
 */
export class JobManager {
  private readonly active = new Map<string, ActiveJob>();
  private readonly now: () => Date;

  constructor(private readonly deps: JobManagerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(input: { kind: StartJobInput['kind']; config: unknown; seed?: number; name?: string }): { jobId: string } {
    const kind = this.deps.catalogue[input.kind] as Kind | undefined;
    if (!kind) throw new Error(`unknown job kind "${input.kind}"`);
    const seed = input.seed ?? randomInt(0, 2 ** 31);
    const resolved = this.deps.resolveInputs?.(input.config) ?? { config: input.config, inputs: [] };
    const config = resolved.config;
    const name = input.name ?? kind.describe(config);
    // Planned before the entry exists: a configuration the kind cannot plan is refused outright instead of leaving
    // an entry that would stay 'running' for ever.
    const shards = kind.plan(config, seed);
    const entry = this.deps.entries.create({
      kind: kind.entryKind, name, status: 'running', jobKind: input.kind, config: input.config, seed,
      appVersion: this.deps.appVersion, now: this.now(),
    });
    for (const link of resolved.inputs) this.deps.recordInput?.(entry.id, link.datasetId, link.role);
    const job: ActiveJob = {
      id: entry.id, kind: input.kind, name, startedAt: performance.now(), fractions: shards.map(() => 0), metrics: {},
      shards: [], cancelled: false, lastEmit: 0, lastFraction: 0, done: Promise.resolve('running'),
    };
    job.shards = shards.map((shard, index) =>
      this.deps.pool.run({
        kind: input.kind, shard, seed, stream: index + 1,
        onProgress: (p) => {
          job.fractions[index] = p.fraction;
          if (p.metrics) Object.assign(job.metrics, p.metrics);
          this.emitProgress(job, false, p.partial);
        },
      }),
    );
    this.active.set(job.id, job);
    job.done = this.settle(job, kind, config, seed);
    this.emitProgress(job, true);
    return { jobId: job.id };
  }

  cancel(jobId: string): boolean {
    const job = this.active.get(jobId);
    if (!job) return false;
    job.cancelled = true;
    for (const shard of job.shards) shard.cancel();
    return true;
  }

  list(): JobProgressEvent[] {
    return [...this.active.values()].map((job) => this.progressOf(job));
  }

  /** Resolves with the final status (for the CLI and tests; the interface listens to events instead). */
  async waitFor(jobId: string): Promise<EntryStatus> {
    const job = this.active.get(jobId);
    if (job) return job.done;
    return this.deps.entries.summary(jobId)?.status ?? 'failed';
  }

  private async settle(job: ActiveJob, kind: Kind, config: unknown, seed: number): Promise<EntryStatus> {
    const outcomes = await Promise.allSettled(job.shards.map((s) => s.promise));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected' && !(o.reason instanceof ShardCancelledError));
    let status: 'done' | 'failed' | 'cancelled';
    let error: string | null = null;
    try {
      if (job.cancelled || (!failure && outcomes.some((o) => o.status === 'rejected'))) {
        status = 'cancelled';
        // A sweep keeps the runs that finished: their merge, marked partial, is the cancelled entry's result.
        const finished = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : undefined));
        let result: unknown;
        try {
          result = kind.mergePartial && finished.some((p) => p !== undefined) ? kind.mergePartial(config, finished, seed) : undefined;
        } catch {
          result = undefined; // A partial merge that cannot be made leaves the cancelled entry as it always was.
        }
        this.deps.entries.finish(job.id, {
          status, error: 'Cancelled by the user.', now: this.now(), ...(result ? { result, headline: kind.headline(result) } : {}),
        });
      } else if (failure) {
        // One failed shard fails the job; stop its siblings rather than let them burn CPU for nothing.
        for (const shard of job.shards) shard.cancel();
        status = 'failed';
        error = failure.reason instanceof Error ? failure.reason.message : String(failure.reason);
        this.deps.entries.finish(job.id, { status, error, now: this.now() });
      } else {
        const parts = outcomes.map((o) => (o as PromiseFulfilledResult<unknown>).value);
        const result = kind.merge(config, parts, seed);
        status = 'done';
        job.fractions.fill(1);
        this.emitProgress(job, true);
        this.deps.entries.finish(job.id, { status, result, headline: kind.headline(result), now: this.now() });
      }
    } catch (caught) {
      status = 'failed';
      error = caught instanceof Error ? caught.message : String(caught);
      this.deps.entries.finish(job.id, { status, error, now: this.now() });
    }
    this.active.delete(job.id);
    this.deps.emit({ event: 'jobFinished', payload: { jobId: job.id, kind: job.kind, name: job.name, status, error } });
    return status;
  }

  private progressOf(job: ActiveJob): JobProgressEvent {
    const mean = job.fractions.reduce((a, b) => a + b, 0) / Math.max(1, job.fractions.length);
    job.lastFraction = Math.max(job.lastFraction, mean);
    const elapsed = (performance.now() - job.startedAt) / 1000;
    const f = job.lastFraction;
    const etaSeconds = f > 0.02 && elapsed > 0.3 ? (elapsed * (1 - f)) / f : null;
    return { jobId: job.id, kind: job.kind, name: job.name, fraction: f, etaSeconds, metrics: { ...job.metrics } };
  }

  private emitProgress(job: ActiveJob, force: boolean, partial?: unknown): void {
    const t = performance.now();
    if (!force && partial === undefined && t - job.lastEmit < EVENT_INTERVAL_MS) return;
    job.lastEmit = t;
    const payload = this.progressOf(job);
    this.deps.emit({ event: 'jobProgress', payload: partial === undefined ? payload : { ...payload, partial } });
  }
}
