import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { EntryKind } from '@core/contract/entries';
import type { SlurmOptions } from '@core/contract/cluster';
import { decodeData, encodeData } from './codec';

/**
 * A job folder on the cluster's shared file system: everything an array task needs (it never opens a history
 * database) and everything collect needs to rebuild the result.
 *
 *   job.json            what the job is, for people and tools (format, app version, entry, kind, seed, counts, options)
 *   plan.bin            the plan: kind, seed, app version, the configuration as stored and as run (data-set
 *                       references resolved to their values), the shards (codec.ts format, bit-exact)
 *   job.sbatch          the array script (sbatch-script.ts)
 *   submissions.json    every sbatch call: array job id and the tasks it covered
 *   parts/shard-N.part  one per finished shard, written atomically (temp file + rename)
 *   failures/task-N.json  why task N failed, written by the task itself
 *   logs/A_a.out        Slurm's output of task a of array job A
 *   collected.sqlite    after collect: a history bundle of the collected entry
 */

export const JOB_FORMAT = 'plasticity-lab-cluster-job';

export interface JobMeta {
  format: typeof JOB_FORMAT;
  formatVersion: 1;
  appVersion: string;
  entryId: string;
  name: string;
  jobKind: string;
  entryKind: EntryKind;
  seed: number;
  shards: number;
  tasks: number;
  /** SHA-256 of plan.bin. Every part carries it: a part made from another plan (configuration, seed, app) is refused. */
  fingerprint: string;
  createdAt: string;
  /** Where it was planned (the data-set inputs, if any, are in that machine's history). */
  createdOn: string;
  slurm: SlurmOptions;
  /** Data sets the configuration refers to (provenance of the history entry). */
  inputs: { datasetId: string; role: string }[];
}

export interface JobPlan {
  jobKind: string;
  seed: number;
  appVersion: string;
  /** The configuration as the history entry stores it (data-set references kept). */
  entryConfig: unknown;
  /** The configuration the kind plans and merges with (references replaced by the values). */
  config: unknown;
  shards: unknown[];
}

export interface Submission {
  arrayJobId: string;
  tasks: number[];
  submittedAt: string;
  host: string;
}

export const paths = {
  meta: (dir: string) => join(dir, 'job.json'),
  plan: (dir: string) => join(dir, 'plan.bin'),
  script: (dir: string) => join(dir, 'job.sbatch'),
  submissions: (dir: string) => join(dir, 'submissions.json'),
  parts: (dir: string) => join(dir, 'parts'),
  failures: (dir: string) => join(dir, 'failures'),
  logs: (dir: string) => join(dir, 'logs'),
  bundle: (dir: string) => join(dir, 'collected.sqlite'),
};

const pad = (n: number, total: number) => String(n).padStart(Math.max(6, String(Math.max(0, total - 1)).length), '0');
export const partFileName = (shard: number, shards: number) => `shard-${pad(shard, shards)}.part`;
export const failureFileName = (task: number, tasks: number) => `task-${pad(task, tasks)}.json`;

/** A folder that is not a readable job folder, with the reason. */
export class JobDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobDirError';
  }
}

/** Writes a file under a temporary name in the same folder, flushes it and renames it: readers see all or nothing. */
export function writeAtomic(path: string, bytes: Uint8Array | string): void {
  const temp = `${path}.tmp-${hostname()}-${process.pid}`;
  const fd = openSync(temp, 'w');
  try {
    const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

export function fingerprintOf(planBytes: Uint8Array): string {
  return createHash('sha256').update(planBytes).digest('hex');
}

/** Creates the folder (refusing one that already holds a job) and writes job.json and plan.bin. */
export function writeJobDir(dirIn: string, meta: Omit<JobMeta, 'format' | 'formatVersion' | 'fingerprint'>, plan: JobPlan): { dir: string; meta: JobMeta } {
  const dir = resolve(dirIn);
  if (existsSync(paths.meta(dir))) throw new JobDirError(`${dir} already holds a job (job.json); choose a new folder for each job`);
  for (const sub of [dir, paths.parts(dir), paths.failures(dir), paths.logs(dir)]) mkdirSync(sub, { recursive: true });
  const planBytes = encodeData(plan);
  const full: JobMeta = { format: JOB_FORMAT, formatVersion: 1, ...meta, fingerprint: fingerprintOf(planBytes) };
  writeAtomic(paths.plan(dir), planBytes);
  writeAtomic(paths.meta(dir), `${JSON.stringify(full, null, 2)}\n`);
  return { dir, meta: full };
}

export function readMeta(dirIn: string): { dir: string; meta: JobMeta } {
  const dir = resolve(dirIn);
  let text: string;
  try {
    text = readFileSync(paths.meta(dir), 'utf8');
  } catch {
    throw new JobDirError(`${dir} is not a job folder (no job.json)`);
  }
  let meta: JobMeta;
  try {
    meta = JSON.parse(text) as JobMeta;
  } catch (error) {
    throw new JobDirError(`${paths.meta(dir)} is not valid JSON (${(error as Error).message})`);
  }
  if (meta.format !== JOB_FORMAT || meta.formatVersion !== 1) throw new JobDirError(`${paths.meta(dir)} is not a Plasticity Lab job description (format ${String(meta.format)} ${String(meta.formatVersion)})`);
  return { dir, meta };
}

/** The plan, checked against the fingerprint in job.json (a plan edited or copied from another job is refused). */
export function readPlan(dir: string, meta: JobMeta): JobPlan {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(paths.plan(dir));
  } catch {
    throw new JobDirError(`${dir} has no plan.bin`);
  }
  if (fingerprintOf(bytes) !== meta.fingerprint) throw new JobDirError(`${paths.plan(dir)} does not match job.json (its fingerprint differs): the folder was altered`);
  return decodeData(bytes, paths.plan(dir)) as JobPlan;
}

export function readSubmissions(dir: string): Submission[] {
  try {
    return JSON.parse(readFileSync(paths.submissions(dir), 'utf8')) as Submission[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new JobDirError(`${paths.submissions(dir)} is unreadable (${(error as Error).message})`);
  }
}

export function addSubmission(dir: string, submission: Submission): void {
  writeAtomic(paths.submissions(dir), `${JSON.stringify([...readSubmissions(dir), submission], null, 2)}\n`);
}

/** The names in a folder of the job, none when it does not exist (yet: an unpacked export has no parts/). */
function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** Shard indices whose part file is present (a part appears only complete: it is renamed into place). */
export function partsPresent(dir: string, shards: number): Set<number> {
  const present = new Set<number>();
  for (const name of namesIn(paths.parts(dir))) {
    const m = /^shard-(\d+)\.part$/.exec(name);
    if (m && Number(m[1]) < shards) present.add(Number(m[1]));
  }
  return present;
}

export interface TaskFailure {
  task: number;
  shard: number | null;
  message: string;
  host: string;
  at: string;
  arrayJobId: string | null;
}

/** The failures tasks recorded themselves, by task. */
export function readFailures(dir: string): Map<number, TaskFailure> {
  const out = new Map<number, TaskFailure>();
  for (const name of namesIn(paths.failures(dir))) {
    if (!/^task-\d+\.json$/.test(name)) continue;
    try {
      const failure = JSON.parse(readFileSync(join(paths.failures(dir), name), 'utf8')) as TaskFailure;
      out.set(failure.task, failure);
    } catch {
      // Half-written by a task killed mid-write: the queue state says enough.
    }
  }
  return out;
}
