import { dispatch } from '@core/contract/dispatch';
import type { EntryDetail } from '@core/contract/entries';
import type { JobProgressEvent } from '@core/contract/events';
import type { StartJobInput } from '@core/jobs/schemas';
import type { AppContext } from '../../app-context';
import { CliError, processIo, type CliIo } from '../io';

/**
 * Runs a fit or compare job through the job manager (worker pool, history entry), with a progress line on stderr
 * when stderr is a terminal and Ctrl-C cancelling the job. Returns the finished entry; a failed job becomes a
 * CliError (exit 1) carrying the job's own message.
 */
export async function runStatsJob(context: AppContext, input: StartJobInput, io: CliIo): Promise<EntryDetail> {
  const live = io === processIo && process.stderr.isTTY === true;
  let jobId: string | null = null;
  const unsubscribe = context.subscribe((message) => {
    if (!live || message.event !== 'jobProgress') return;
    const p = message.payload as JobProgressEvent;
    if (p.jobId !== jobId) return;
    const eta = p.etaSeconds === null ? '' : `  ~${Math.ceil(p.etaSeconds)} s left`;
    process.stderr.write(`\r${input.kind}: ${(100 * p.fraction).toFixed(0).padStart(3)} %${eta}\x1b[K`);
  });
  const interrupt = () => {
    if (jobId) context.jobs.cancel(jobId);
  };
  process.once('SIGINT', interrupt);
  // The pool's workers are unref'd so an idle app can exit; hold the event loop open while waiting for them.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    ({ jobId } = (await dispatch(context.handlers, 'startJob', input)) as { jobId: string });
    const status = await context.jobs.waitFor(jobId);
    if (live) process.stderr.write('\r\x1b[K');
    const entry = context.entries.get(jobId);
    if (status === 'cancelled') throw new CliError(`cancelled (history entry ${jobId})`, 130);
    if (status !== 'done' || !entry) throw new CliError(`${entry?.error ?? `${input.kind} ${status}`} (history entry ${jobId})`, 1);
    return entry;
  } finally {
    clearInterval(keepAlive);
    process.removeListener('SIGINT', interrupt);
    unsubscribe();
  }
}

/** Parses an integer option, naming the option when it is not one. */
export function intOption(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`, 2);
  return n;
}

/** Parses a finite number option. */
export function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`--${name} must be a number, got "${value}"`, 2);
  return n;
}

/** Fixed-width number for tables: 4 significant digits, exponent when far from 1. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '-';
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(3) : x.toPrecision(4);
}

/** Aligns rows of cells into columns. */
export function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}
