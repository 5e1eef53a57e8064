import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * The Slurm commands the app calls (sbatch, squeue, sacct), found on PATH, always with argument lists (never a shell)
 * and a timeout, so a hung controller cannot hang the app.
 */
const TIMEOUT_MS = 30_000;

export function findOnPath(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export class SlurmCommandError extends Error {
  constructor(readonly command: string, readonly stderr: string, message: string) {
    super(message);
    this.name = 'SlurmCommandError';
  }
}

function run(command: string, args: string[], options: { cwd?: string } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = (stderr || error.message).trim();
        reject(new SlurmCommandError(command, stderr, `${command} ${args.join(' ')} failed: ${detail}`));
      } else {
        resolve(stdout);
      }
    });
  });
}

/** Submits a script; returns the array job id. Extra arguments (e.g. --array=3,7) override the script's #SBATCH lines. */
export async function sbatch(script: string, options: { cwd: string; args?: string[] }): Promise<string> {
  const out = await run('sbatch', ['--parsable', ...(options.args ?? []), script], { cwd: options.cwd });
  // --parsable prints "jobid" or "jobid;cluster".
  const id = out.trim().split('\n').pop()?.split(';')[0] ?? '';
  if (!/^\d+$/.test(id)) throw new SlurmCommandError('sbatch', out, `sbatch answered "${out.trim()}" instead of a job id`);
  return id;
}

export interface QueueState {
  state: string;
  reason: string;
}

/**
 * Every array task of these array jobs that the controller still knows, in whatever state (squeue --states=all: also
 * the tasks that ended within the controller's MinJobAge, with how they ended), by "arrayJobId_task"; squeue -r lists
 * each task of a pending array separately. One query per array job: a job the controller has forgotten makes squeue
 * refuse the whole query. Null when squeue is not available here.
 */
export async function queueStates(arrayJobIds: string[]): Promise<Map<string, QueueState> | null> {
  if (!findOnPath('squeue')) return null;
  const out = new Map<string, QueueState>();
  for (const id of arrayJobIds) {
    let text: string;
    try {
      text = await run('squeue', ['--noheader', '--array', '--states=all', '--jobs', id, '--format', '%F|%K|%T|%r']);
    } catch (error) {
      if (error instanceof SlurmCommandError && /invalid job id/i.test(error.stderr)) continue;
      throw error;
    }
    for (const line of text.split('\n')) {
      const [job, task, state, reason] = line.trim().split('|');
      if (!job || task === undefined || !/^\d+$/.test(task)) continue;
      out.set(`${job}_${task}`, { state, reason: reason ?? '' });
    }
  }
  return out;
}

/** Slurm job states of a task that is running (or about to: a node being configured, output being staged). */
export const RUNNING_STATES = new Set(['RUNNING', 'CONFIGURING', 'COMPLETING', 'STAGE_OUT', 'SIGNALING', 'RESIZING']);
/** States of a task that waits to run (again). */
export const WAITING_STATES = new Set(['PENDING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD', 'REQUEUE_FED', 'RESV_DEL_HOLD', 'SPECIAL_EXIT']);

/**
 * How finished array tasks ended, from Slurm's accounting (sacct), by "arrayJobId_task"; null when accounting is not
 * available (no sacct, or accounting storage disabled, as on the single-node test cluster).
 */
export async function accountingStates(arrayJobIds: string[]): Promise<Map<string, string> | null> {
  if (arrayJobIds.length === 0 || !findOnPath('sacct')) return null;
  let text: string;
  try {
    text = await run('sacct', ['--noheader', '--parsable2', '--allocations', '--jobs', arrayJobIds.join(','), '--format', 'JobID,State']);
  } catch {
    return null;
  }
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [id, state] = line.trim().split('|');
    const m = /^(\d+)_(\d+)$/.exec(id ?? '');
    // "CANCELLED by 0" -> CANCELLED
    if (m && state) out.set(`${m[1]}_${m[2]}`, state.split(' ')[0]);
  }
  return out;
}
