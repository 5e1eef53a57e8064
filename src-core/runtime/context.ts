import type { Rng } from '../random/rng';

/** What a long computation may report while it runs; the runner rate-limits it before it reaches the interface. */
export interface ProgressReport {
  /** Fraction done in [0, 1]; must never decrease within a job. */
  fraction: number;
  /** A current figure worth showing, e.g. { loss: 0.12 } or { resample: 420 }. */
  metrics?: Record<string, number>;
  /** Intermediate results (e.g. new loss-curve points); plain data only. */
  partial?: unknown;
}

/** Thrown by `checkCancelled` so a cancelled computation unwinds through its own code. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * Everything a job function gets from its runner besides its configuration. Core code never reaches for time,
 * randomness or I/O on its own: it uses these.
 */
export interface JobContext {
  /** The seeded generator for this job (stream chosen by the runner). */
  rng: Rng;
  /** Cheap to call often: the runner throttles what it forwards. */
  report(progress: ProgressReport): void;
  /** Throws CancelledError when the user cancelled; call it inside long loops. */
  checkCancelled(): void;
}

/** A context for synchronous use (tests, CLI one-shots): no reporting, never cancelled. */
export function silentContext(rng: Rng): JobContext {
  return { rng, report: () => undefined, checkCancelled: () => undefined };
}
