import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { EntryDetail } from '@core/contract/entries';
import type { JobProgressEvent } from '@core/contract/events';
import type { StartJobInput } from '@core/jobs/schemas';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { useJobsFor } from './useJobs';

export type RunPhase = 'idle' | 'starting' | 'running' | 'loading' | 'done' | 'failed' | 'cancelled';

/** What a page starts: a job kind and its config, as startJob takes them. */
export interface JobRequest {
  kind: string;
  config: unknown;
  seed?: number;
  name?: string;
}

/**
 * One job a page starts and shows: its phase, its live progress and streamed partial results, and the finished
 * entry's result once it passes the page's check. Every page with a "Run" button is one of these, so they all wait,
 * stream and report errors the same way.
 */
export interface JobRun<R, P = never> {
  phase: Ref<RunPhase>;
  jobId: Ref<string | null>;
  fraction: Ref<number>;
  etaSeconds: Ref<number | null>;
  error: Ref<ErrorInfo | null>;
  entry: ShallowRef<EntryDetail | null>;
  result: ShallowRef<R | null>;
  /** Partial results folded together as they stream in (e.g. loss points), reset at each start. */
  partial: ShallowRef<P | null>;
  start(request: JobRequest): Promise<void>;
  cancel(): Promise<void>;
}

export interface JobRunOptions<R, P> {
  /** Checks (and if needed reshapes) the finished entry's result; throws or returns null when it is not one. */
  readResult(value: unknown): R | null;
  /** Folds one progress event's `partial` into what has streamed so far. */
  foldPartial?(so: P | null, partial: unknown): P | null;
}

export function createJobRun<R, P = never>(api: PlasticityApi, options: JobRunOptions<R, P>): JobRun<R, P> {
  const jobs = useJobsFor(api);
  const phase = ref<RunPhase>('idle');
  const jobId = ref<string | null>(null);
  const fraction = ref(0);
  const etaSeconds = ref<number | null>(null);
  const error = ref<ErrorInfo | null>(null);
  const entry = shallowRef<EntryDetail | null>(null);
  const result = shallowRef<R | null>(null);
  const partial = shallowRef<P | null>(null);

  api.onEvent((message) => {
    if (message.event !== 'jobProgress') return;
    const event = message.payload as JobProgressEvent;
    if (event.jobId !== jobId.value || phase.value !== 'running') return;
    fraction.value = Math.max(fraction.value, event.fraction);
    etaSeconds.value = event.etaSeconds;
    if (options.foldPartial && event.partial !== undefined) partial.value = options.foldPartial(partial.value, event.partial);
  });

  async function start(request: JobRequest): Promise<void> {
    phase.value = 'starting';
    error.value = null;
    entry.value = null;
    result.value = null;
    partial.value = null;
    fraction.value = 0;
    etaSeconds.value = null;
    let id: string;
    try {
      // Job kinds are checked by main against startJobSchema; the page builds its config from the same schema.
      ({ jobId: id } = await api.startJob(request as StartJobInput));
    } catch (caught) {
      error.value = toErrorInfo(caught);
      phase.value = 'failed';
      return;
    }
    jobId.value = id;
    phase.value = 'running';
    const finished = await jobs.whenFinished(id);
    if (jobId.value !== id) return; // A newer run replaced this one.
    if (finished.status !== 'done') {
      phase.value = finished.status;
      if (finished.error && finished.status === 'failed') error.value = { message: finished.error, issues: [] };
      if (finished.status === 'cancelled') await keepPartial(id);
      return;
    }
    fraction.value = 1;
    phase.value = 'loading';
    try {
      const detail = await api.getEntry({ id });
      if (jobId.value !== id) return;
      entry.value = detail;
      const read = options.readResult(detail.result);
      if (read === null) throw new Error(`The finished ${request.kind} job returned a result this page cannot read.`);
      result.value = read;
      phase.value = 'done';
    } catch (caught) {
      error.value = toErrorInfo(caught);
      phase.value = 'failed';
    }
  }

  /** A cancelled sweep keeps the runs that finished: their result (marked partial) is shown like a whole one. */
  async function keepPartial(id: string): Promise<void> {
    try {
      const detail = await api.getEntry({ id });
      if (jobId.value !== id || detail.result == null) return;
      const read = options.readResult(detail.result);
      if (read === null) return;
      entry.value = detail;
      result.value = read;
    } catch {
      // Nothing kept, or not readable: "Cancelled" says enough.
    }
  }

  async function cancel(): Promise<void> {
    if (jobId.value && phase.value === 'running') await jobs.cancel(jobId.value);
  }

  return { phase, jobId, fraction, etaSeconds, error, entry, result, partial, start, cancel };
}

/** Appends streamed `{ iteration[], loss[] }` points (rnn-train, mirror-descent runs) to those received so far. */
export interface LossPoints {
  iteration: number[];
  loss: number[];
}
export function foldLossPoints(so: LossPoints | null, partial: unknown): LossPoints | null {
  const p = partial as Partial<LossPoints> | null;
  if (!p || !Array.isArray(p.iteration) || !Array.isArray(p.loss)) return so;
  return { iteration: [...(so?.iteration ?? []), ...p.iteration], loss: [...(so?.loss ?? []), ...p.loss] };
}
