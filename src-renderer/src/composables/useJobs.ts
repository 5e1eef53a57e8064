import { computed, reactive, ref, type ComputedRef, type Ref } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { JobFinishedEvent, JobProgressEvent } from '@core/contract/events';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** One row of the jobs panel: the latest progress of a job, and its outcome once it ended. */
export interface JobView {
  jobId: string;
  kind: string;
  name: string;
  fraction: number;
  etaSeconds: number | null;
  metrics: Record<string, number>;
  status: JobStatus;
  error: string | null;
  cancelling: boolean;
  cancelError: ErrorInfo | null;
}

export interface JobsStore {
  jobs: ComputedRef<JobView[]>;
  running: ComputedRef<JobView[]>;
  loadError: Ref<ErrorInfo | null>;
  cancel(jobId: string): Promise<void>;
  /** Resolves when the job ends (at once if it already has), for pages waiting on a result. */
  whenFinished(jobId: string): Promise<JobFinishedEvent>;
  /** Called for every job that ends; returns the unsubscribe function. */
  onFinished(listener: (event: JobFinishedEvent) => void): () => void;
  dispose(): void;
}

/** How long a finished job stays in the panel so its outcome can be read. */
export const FINISHED_LINGER_MS = 8000;
/**
 * While jobs run, how often the panel checks listJobs against what it shows: an event lost to a dropped connection
 * (laptop sleep, server restart) would otherwise leave a job "running" here forever.
 */
export const RECONCILE_MS = 3000;

export function createJobsStore(api: PlasticityApi, options: { lingerMs?: number; reconcileMs?: number } = {}): JobsStore {
  const lingerMs = options.lingerMs ?? FINISHED_LINGER_MS;
  const reconcileMs = options.reconcileMs ?? RECONCILE_MS;
  const byId = reactive(new Map<string, JobView>());
  const order = ref<string[]>([]);
  const loadError = ref<ErrorInfo | null>(null);
  const finished = new Map<string, JobFinishedEvent>();
  const waiters = new Map<string, ((event: JobFinishedEvent) => void)[]>();
  const listeners = new Set<(event: JobFinishedEvent) => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  const upsert = (event: JobProgressEvent) => {
    // A late progress event must not resurrect a job whose end we already know.
    if (finished.has(event.jobId)) return;
    const current = byId.get(event.jobId);
    if (current) {
      current.fraction = Math.max(current.fraction, event.fraction);
      current.etaSeconds = event.etaSeconds;
      current.metrics = event.metrics;
      return;
    }
    byId.set(event.jobId, {
      jobId: event.jobId, kind: event.kind, name: event.name, fraction: event.fraction, etaSeconds: event.etaSeconds,
      metrics: event.metrics, status: 'running', error: null, cancelling: false, cancelError: null,
    });
    order.value = [...order.value, event.jobId];
    scheduleReconcile();
  };

  const finish = (event: JobFinishedEvent) => {
    // Reconciling may have ended the job before its (delayed) event arrived; an end is reported once.
    if (finished.has(event.jobId)) return;
    finished.set(event.jobId, event);
    const view = byId.get(event.jobId);
    if (view) {
      view.status = event.status;
      view.error = event.error;
      view.cancelling = false;
      view.etaSeconds = null;
      if (event.status === 'done') view.fraction = 1;
      const timer = setTimeout(() => {
        timers.delete(timer);
        byId.delete(event.jobId);
        order.value = order.value.filter((id) => id !== event.jobId);
      }, lingerMs);
      timers.add(timer);
    }
    waiters.get(event.jobId)?.forEach((resolve) => resolve(event));
    waiters.delete(event.jobId);
    listeners.forEach((listener) => listener(event));
  };

  let reconcileTimer: ReturnType<typeof setTimeout> | null = null;
  const isRunning = () => [...byId.values()].some((job) => job.status === 'running');
  function scheduleReconcile(): void {
    if (reconcileTimer || !isRunning()) return;
    reconcileTimer = setTimeout(() => {
      reconcileTimer = null;
      void reconcile().finally(scheduleReconcile);
    }, reconcileMs);
  }
  /** Ends, with the status the history recorded, every job shown as running that main no longer runs. */
  async function reconcile(): Promise<void> {
    try {
      const live = new Set((await api.listJobs({})).map((job) => job.jobId));
      const lost = [...byId.values()].filter((job) => job.status === 'running' && !live.has(job.jobId));
      for (const job of lost) {
        const entry = await api.getEntry({ id: job.jobId });
        if (entry.status === 'done' || entry.status === 'failed' || entry.status === 'cancelled') {
          finish({ jobId: job.jobId, kind: job.kind, name: job.name, status: entry.status, error: entry.error });
        }
      }
    } catch {
      // The next round tries again; a transport failure is not the job's failure.
    }
  }

  const unsubscribe = api.onEvent((message) => {
    if (message.event === 'jobProgress') upsert(message.payload as JobProgressEvent);
    else if (message.event === 'jobFinished') finish(message.payload as JobFinishedEvent);
  });

  // Jobs started before this window opened (or by another window) show up too.
  void api.listJobs({}).then(
    (list) => list.forEach(upsert),
    (error: unknown) => { loadError.value = toErrorInfo(error); },
  );

  const jobs = computed(() => order.value.map((id) => byId.get(id)).filter((job): job is JobView => job !== undefined));

  return {
    jobs,
    running: computed(() => jobs.value.filter((job) => job.status === 'running')),
    loadError,
    async cancel(jobId) {
      const view = byId.get(jobId);
      if (view) {
        view.cancelling = true;
        view.cancelError = null;
      }
      try {
        await api.cancelJob({ jobId });
      } catch (error) {
        if (view) {
          view.cancelling = false;
          view.cancelError = toErrorInfo(error);
        }
      }
    },
    whenFinished(jobId) {
      const known = finished.get(jobId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]));
    },
    onFinished(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      unsubscribe();
      timers.forEach(clearTimeout);
      timers.clear();
      if (reconcileTimer) clearTimeout(reconcileTimer);
    },
  };
}

/** The jobs store of an API (for other stores, which are created outside setup). */
export const useJobsFor = perApi((api) => createJobsStore(api));

/** The app's jobs: one store per API, shared by the jobs panel and every page that starts jobs. */
export function useJobs(): JobsStore {
  return useJobsFor(useLabApi());
}
