/**
 * Progress of a phase inside a longer job: maps the phase's fractions [0, 1] onto [lo, hi] of the job and never lets
 * the reported fraction go backwards (JobContext requires a monotone fraction).
 */
import type { JobContext } from '../runtime/context';

export function phaseContext(ctx: JobContext | undefined, lo: number, hi: number): JobContext | undefined {
  if (!ctx) return undefined;
  let last = lo;
  return {
    rng: ctx.rng,
    checkCancelled: () => ctx.checkCancelled(),
    report: (p) => {
      last = Math.max(last, lo + (hi - lo) * Math.min(1, Math.max(0, p.fraction)));
      ctx.report({ ...p, fraction: last });
    },
  };
}
