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
 * The array tasks of these array jobs that the controller still has, by "arrayJobId_task" (squeue -r lists every
 * task of a pending array separately). Null when squeue is not available here.
 */
export async function queueStates(arrayJobIds: string[]): Promise<Map<string, QueueState> | null> {
  if (!findOnPath('squeue')) return null;
  const out = new Map<string, QueueState>();
  if (arrayJobIds.length === 0) return out;
  let text: string;
  try {
    text = await run('squeue', ['--noheader', '--array', '--jobs', arrayJobIds.join(','), '--format', '%F|%K|%T|%r']);
  } catch (error) {
    // Jobs the controller has forgotten make some Slurm versions refuse the whole query: none of them is queued.
    if (error instanceof SlurmCommandError && /invalid job id/i.test(error.stderr)) return out;
    throw error;
  }
  for (const line of text.split('\n')) {
    const [job, task, state, reason] = line.trim().split('|');
    if (!job || task === undefined || !/^\d+$/.test(task)) continue;
    out.set(`${job}_${task}`, { state, reason: reason ?? '' });
  }
  return out;
}

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
