import type { EntryStatus } from './entries';

/** Sent at a bounded rate while a job runs. */
export interface JobProgressEvent {
  jobId: string;
  kind: string;
  name: string;
  /** In [0, 1], never decreasing for one job. */
  fraction: number;
  /** Seconds left, estimated from the rate so far; null until it can be estimated. */
  etaSeconds: number | null;
  metrics: Record<string, number>;
  /** Intermediate results streamed by the job (e.g. loss-curve points), if any. */
  partial?: unknown;
}

export interface JobFinishedEvent {
  jobId: string;
  kind: string;
  name: string;
  status: Extract<EntryStatus, 'done' | 'failed' | 'cancelled'>;
  error: string | null;
}

/** Every event main pushes to the interface. */
export interface ApiEvents {
  jobProgress: JobProgressEvent;
  jobFinished: JobFinishedEvent;
}
export type ApiEventName = keyof ApiEvents;
export interface ApiEventMessage<N extends ApiEventName = ApiEventName> {
  event: N;
  payload: ApiEvents[N];
}
