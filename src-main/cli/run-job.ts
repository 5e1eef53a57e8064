import { dispatch } from '@core/contract/dispatch';
import type { EntryDetail } from '@core/contract/entries';
import type { JobProgressEvent } from '@core/contract/events';
import type { StartJobInput } from '@core/jobs/schemas';
import type { AppContext } from '../app-context';
import { CliError, processIo, type CliIo } from './io';

/**
 * Runs one job through the app's job manager (so it uses the worker pool and is recorded in the history), shows
 * progress on stderr when stderr is a terminal, cancels it on Ctrl-C, and returns its history entry once done. A
 * failed job becomes a CliError (exit 1) carrying the job's own message. Shared by every command that computes.
 */
export async function runJob(context: AppContext, input: StartJobInput, io: CliIo): Promise<EntryDetail> {
  const live = io === processIo && process.stderr.isTTY === true;
  let jobId: string | null = null;
  const unsubscribe = context.subscribe((message) => {
    if (!live || message.event !== 'jobProgress') return;
    const p = message.payload as JobProgressEvent;
    if (p.jobId !== jobId) return;
    const eta = p.etaSeconds === null ? '' : `  ~${Math.ceil(p.etaSeconds)} s left`;
    const loss = p.metrics.loss ?? p.metrics.finalLoss;
    process.stderr.write(`\r${(100 * p.fraction).toFixed(0).padStart(3)} %${loss === undefined ? '' : `  loss ${loss.toPrecision(3)}`}${eta}\x1b[K`);
  });
  const interrupt = () => {
    if (jobId) context.jobs.cancel(jobId);
  };
  process.once('SIGINT', interrupt);
  // The pool's workers are unref'd (so an idle app can exit): something must hold the event loop open while we wait.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    ({ jobId } = (await dispatch(context.handlers, 'startJob', input)) as { jobId: string });
    const status = await context.jobs.waitFor(jobId);
    if (live) process.stderr.write('\r\x1b[K');
    const entry = context.entries.get(jobId);
    if (status === 'cancelled') throw new CliError(`cancelled (history entry ${jobId})`, 130);
    if (status !== 'done' || !entry) throw new CliError(`${input.kind} failed: ${entry?.error ?? status} (history entry ${jobId})`, 1);
    return entry;
  } finally {
    clearInterval(keepAlive);
    process.removeListener('SIGINT', interrupt);
    unsubscribe();
  }
}
