import { randomInt, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { zipSync } from 'fflate';
import type { ClusterExport, ClusterStatus, ClusterSubmission, CollectOutcome, ResumeOutcome, SlurmOptions } from '@core/contract/cluster';
import type { EntryStatus } from '@core/contract/entries';
import { ApiError, notFound } from '@core/contract/errors';
import type { JobKind } from '@core/jobs/kind';
import type { StartJobInput } from '@core/jobs/schemas';
import type { HistoryDb } from '../db/connection';
import type { EntriesRepo } from '../db/entries-repo';
import type { ClusterRepo } from '../db/cluster-repo';
import { createBundle } from '../history/bundle';
import { addSubmission, paths, readMeta, readPlan, readSubmissions, writeAtomic, writeJobDir, type JobMeta } from './job-dir';
import type { MergedJob } from './collect';
import { arraySpec, sbatchScript, shellQuote, taskCount } from './sbatch-script';
import { findOnPath, sbatch } from './slurm';
import { jobStatus, tasksToResubmit } from './status';
import { taskRuntime } from './runtime';

/**
 * Sending jobs to Slurm and bringing them back, for every front (CLI, interface): plan a job into a folder and a
 * history entry 'on-cluster', submit its array, follow it, resume what failed, collect the merged result into the
 * entry. The entry's id travels in the folder's job.json, so a folder collected on the cluster (into that machine's
 * history) completes the same entry here when its bundle is imported.
 */
export interface ClusterServiceDeps {
  db: HistoryDb;
  entries: EntriesRepo;
  cluster: ClusterRepo;
  catalogue: Record<string, JobKind<never, unknown, unknown, unknown>>;
  appVersion: string;
  resolveInputs: (config: unknown) => { config: unknown; inputs: { datasetId: string; role: string }[] };
  recordInput: (entryId: string, datasetId: string, role: string) => void;
  /** Whether a data set is in this history (an entry collected elsewhere links only to those it has). */
  hasEntry: (id: string) => boolean;
  /** Merges a folder's parts (in-process for the CLI, in a worker thread for the app). */
  merge: (dir: string) => Promise<MergedJob>;
  now?: () => Date;
}

type Kind = JobKind<unknown, unknown, unknown, unknown>;
type ParsedJob = StartJobInput & { config: unknown };

export const submitCommandFor = (dir: string) => `plasticity-lab cluster submit ${shellQuote(dir)}`;

export function createClusterService(deps: ClusterServiceDeps) {
  const now = deps.now ?? (() => new Date());

  /** Plans the job, writes its folder and creates its entry 'on-cluster' (no sbatch yet). */
  function prepare(job: ParsedJob, dir: string, slurm: SlurmOptions, runtime: { node: string; cli: string } | null) {
    const kind = deps.catalogue[job.kind] as Kind | undefined;
    if (!kind) throw new ApiError({ code: 'invalid-input', message: `unknown job kind "${job.kind}"` });
    const seed = job.seed ?? randomInt(0, 2 ** 31);
    const resolved = deps.resolveInputs(job.config);
    // Planned first: a configuration the kind cannot plan is refused before a folder or an entry exists.
    const shards = kind.plan(resolved.config, seed);
    const tasks = taskCount(shards.length, slurm.maxTasks);
    const name = job.name ?? kind.describe(resolved.config);
    const entryId = randomUUID();
    const at = now();
    const written = writeJobDir(dir, {
      appVersion: deps.appVersion, entryId, name, jobKind: job.kind, entryKind: kind.entryKind, seed, shards: shards.length, tasks,
      createdAt: at.toISOString(), createdOn: hostname(), slurm, inputs: resolved.inputs,
    }, { jobKind: job.kind, seed, appVersion: deps.appVersion, entryConfig: job.config, config: resolved.config, shards });
    writeScript(written.dir, written.meta, runtime);
    deps.db.transaction(() => {
      deps.entries.create({ id: entryId, kind: kind.entryKind, name, status: 'on-cluster', jobKind: job.kind, config: job.config, seed, appVersion: deps.appVersion, now: at });
      deps.cluster.record(entryId, { dir: written.dir, tasks, shards: shards.length });
      for (const link of resolved.inputs) deps.recordInput(entryId, link.datasetId, link.role);
    })();
    return written;
  }

  /** job.sbatch for this machine (or, without a runtime, a script that says how to submit). */
  function writeScript(dir: string, meta: JobMeta, runtime: { node: string; cli: string } | null): void {
    const text = runtime
      ? sbatchScript({ dir, jobKind: meta.jobKind, name: meta.name, appVersion: meta.appVersion, shards: meta.shards, tasks: meta.tasks, ...runtime, options: meta.slurm })
      : ['#!/bin/bash', `# Plasticity Lab ${meta.appVersion}: ${meta.name}`, '# Written for another machine: on the cluster, run', `#   ${submitCommandFor('THIS_FOLDER')}`,
        '# which writes this script for that machine (its Node, its copy of Plasticity Lab, this folder\'s path) and submits it.',
        `echo 'submit this folder with: plasticity-lab cluster submit <this folder>' >&2`, 'exit 1', ''].join('\n');
    writeAtomic(paths.script(dir), text);
  }

  /** sbatch for `tasks` of a folder, with this machine's paths; records the array job in the folder and the history. */
  async function submitTasks(dirIn: string, tasks: number[], overrides: Partial<SlurmOptions> = {}): Promise<{ arrayJobId: string; meta: JobMeta; dir: string }> {
    const { dir, meta: stored } = readMeta(dirIn);
    const runtime = taskRuntime();
    if ('reason' in runtime) throw new ApiError({ code: 'conflict', message: `cannot submit from here: ${runtime.reason}` });
    if (!findOnPath('sbatch')) throw new ApiError({ code: 'conflict', message: `sbatch is not on this machine's PATH: run \`${submitCommandFor(dir)}\` on the cluster` });
    const meta: JobMeta = { ...stored, slurm: { ...stored.slurm, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } };
    if (JSON.stringify(meta.slurm) !== JSON.stringify(stored.slurm)) writeAtomic(paths.meta(dir), `${JSON.stringify(meta, null, 2)}\n`);
    writeScript(dir, meta, runtime);
    // Slurm does not create the folder of --output; an unpacked export may lack the empty ones.
    for (const sub of [paths.parts(dir), paths.failures(dir), paths.logs(dir)]) mkdirSync(sub, { recursive: true });
    const all = tasks.length === meta.tasks;
    const arrayJobId = await sbatch(paths.script(dir), { cwd: dir, args: all ? [] : [`--array=${arraySpec(tasks, meta.slurm.arrayLimit)}`] });
    addSubmission(dir, { arrayJobId, tasks, submittedAt: now().toISOString(), host: hostname() });
    if (deps.entries.summary(meta.entryId) && deps.cluster.get(meta.entryId)) deps.cluster.addSubmission(meta.entryId, arrayJobId, now());
    return { arrayJobId, meta, dir };
  }

  /** The folder of an entry that is on a cluster, reachable from here. */
  function folderOf(entryId: string): string {
    const info = deps.cluster.get(entryId);
    if (!info) throw deps.entries.summary(entryId) ? new ApiError({ code: 'conflict', message: `History entry ${entryId} did not run on a cluster` }) : notFound(`History entry ${entryId}`);
    if (!existsSync(paths.meta(info.dir))) {
      throw new ApiError({
        code: 'conflict',
        message: `the job folder ${info.dir} is not on this machine: on the cluster run \`plasticity-lab cluster collect <folder>\`, then import the collected.sqlite it writes (History: Import collected result)`,
      });
    }
    return info.dir;
  }

  /** The entry of a folder in this history, created from job.json and the plan when this history lacks it. */
  function ensureEntry(dir: string, meta: JobMeta): EntryStatus {
    const existing = deps.entries.summary(meta.entryId);
    if (existing) {
      if (!deps.cluster.get(meta.entryId)) deps.cluster.record(meta.entryId, { dir, tasks: meta.tasks, shards: meta.shards });
      return existing.status;
    }
    const plan = readPlan(dir, meta);
    deps.db.transaction(() => {
      deps.entries.create({
        id: meta.entryId, kind: meta.entryKind, name: meta.name, status: 'on-cluster', jobKind: meta.jobKind, config: plan.entryConfig,
        seed: meta.seed, appVersion: meta.appVersion, now: new Date(meta.createdAt),
      });
      deps.cluster.record(meta.entryId, { dir, tasks: meta.tasks, shards: meta.shards });
      for (const s of readSubmissions(dir)) deps.cluster.addSubmission(meta.entryId, s.arrayJobId, new Date(s.submittedAt));
      // Provenance only where the data set is in this history (a folder planned elsewhere names data sets of that machine).
      for (const link of meta.inputs) if (deps.hasEntry(link.datasetId)) deps.recordInput(meta.entryId, link.datasetId, link.role);
    })();
    return 'on-cluster';
  }

  /** Resubmits the tasks that are neither done nor queued (all of them when nothing was submitted yet). */
  async function resume(dirIn: string, overrides: Partial<SlurmOptions> = {}): Promise<ResumeOutcome> {
    const status = await jobStatus(dirIn);
    const tasks = tasksToResubmit(status);
    if (tasks.length === 0) return { entryId: status.entryId, arrayJobId: null, tasks };
    const { arrayJobId } = await submitTasks(status.dir, tasks, overrides);
    return { entryId: status.entryId, arrayJobId, tasks };
  }

  /**
   * Merges the parts into the entry (created from the folder when this history lacks it) and writes a bundle of it
   * into the folder. An entry already collected is left as it is.
   */
  async function collect(dirIn: string): Promise<CollectOutcome & { alreadyCollected: boolean }> {
    const { dir, meta } = readMeta(dirIn);
    const status = ensureEntry(dir, meta);
    const bundle = paths.bundle(dir);
    if (status === 'done') {
      return { entryId: meta.entryId, status: 'done', headline: deps.entries.summary(meta.entryId)!.headline, bundle, alreadyCollected: true };
    }
    if (status !== 'on-cluster') throw new ApiError({ code: 'conflict', message: `History entry ${meta.entryId} is ${status}, not waiting for a cluster result` });
    const merged = await deps.merge(dir);
    const at = now();
    deps.db.transaction(() => {
      deps.entries.finish(meta.entryId, { status: 'done', result: merged.result, headline: merged.headline, now: at });
      deps.cluster.markCollected(meta.entryId, at);
    })();
    writeAtomic(bundle, createBundle(deps.db, [meta.entryId], at).bytes);
    return { entryId: meta.entryId, status: 'done', headline: merged.headline, bundle, alreadyCollected: false };
  }

  return {
    /** `--slurm DIR` and "Run on Slurm": folder, entry, and sbatch when it is here (and `submit`). */
    async submit(input: { job: ParsedJob; dir: string; slurm: SlurmOptions; submit: boolean }): Promise<ClusterSubmission> {
      const runtime = taskRuntime();
      const written = prepare(input.job, input.dir, input.slurm, 'reason' in runtime ? null : runtime);
      const base = { entryId: written.meta.entryId, dir: written.dir, tasks: written.meta.tasks, shards: written.meta.shards, submitCommand: submitCommandFor(written.dir) };
      if (!input.submit || !findOnPath('sbatch') || 'reason' in runtime) return { ...base, arrayJobId: null };
      try {
        const { arrayJobId } = await submitTasks(written.dir, Array.from({ length: written.meta.tasks }, (_, i) => i));
        return { ...base, arrayJobId };
      } catch (error) {
        throw new ApiError({
          code: 'failed',
          message: `${error instanceof Error ? error.message : String(error)}. The folder ${written.dir} and history entry ${base.entryId} are ready: submit again with \`${base.submitCommand}\``,
        });
      }
    },

    /** "Export for Slurm": the same folder as a zip to unpack on the cluster, and the entry 'on-cluster' here. */
    exportJob(input: { job: ParsedJob; slurm: SlurmOptions }): ClusterExport {
      const scratch = mkdtempSync(join(tmpdir(), 'plasticity-export-'));
      try {
        const stamp = now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
        const folder = `plasticity-lab-${input.job.kind}-${stamp}`;
        const written = prepare(input.job, join(scratch, folder), input.slurm, null);
        // The history remembers the folder by its name: where it lands on the cluster is not known here.
        deps.cluster.setDir(written.meta.entryId, folder);
        writeAtomic(join(written.dir, 'README.txt'), exportReadme(folder));
        const files: Record<string, Uint8Array> = {};
        const walk = (path: string) => {
          for (const name of readdirSync(path, { withFileTypes: true })) {
            const full = join(path, name.name);
            if (name.isDirectory()) walk(full);
            else files[relative(scratch, full)] = new Uint8Array(readFileSync(full));
          }
        };
        walk(written.dir);
        return { entryId: written.meta.entryId, fileName: `${folder}.zip`, bytes: zipSync(files), tasks: written.meta.tasks, shards: written.meta.shards };
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },

    submitTasks,

    statusOfEntry: (entryId: string): Promise<ClusterStatus> => jobStatus(folderOf(entryId)),
    statusOfDir: (dir: string): Promise<ClusterStatus> => jobStatus(dir),

    resume,
    resumeEntry: (entryId: string) => resume(folderOf(entryId)),
    collect,
    collectEntry: (entryId: string) => collect(folderOf(entryId)),
  };
}

export type ClusterService = ReturnType<typeof createClusterService>;

function exportReadme(folder: string): string {
  return `Plasticity Lab job folder ${folder}

1. Copy this folder to the cluster's shared file system (e.g. scp -r ${folder} cluster:~/).
2. On the cluster, with Plasticity Lab installed in your home directory (README: "On a cluster"):
     plasticity-lab cluster submit ~/${folder} [--partition P] [--time HH:MM:SS] [--mem 4G]
3. Follow it:   plasticity-lab cluster status ~/${folder}
   Failed or cancelled tasks:  plasticity-lab cluster resume ~/${folder}
4. When every task is done:   plasticity-lab cluster collect ~/${folder}
   It writes ${folder}/collected.sqlite: copy that file back and import it in the app
   (History: Import collected result); the entry waiting here gets its result.
`;
}

