/**
 * What the readers need from their caller to run inside a job: a place to report progress and a cancellation check.
 * `JobContext` (src-core/runtime/context.ts) satisfies it, so an import job passes its context straight through.
 */
export interface ProgressSink {
  report(progress: { fraction: number }): void;
  /** Throws (CancelledError) when the user cancelled. */
  checkCancelled(): void;
}

export const NO_PROGRESS: ProgressSink = { report: () => undefined, checkCancelled: () => undefined };
