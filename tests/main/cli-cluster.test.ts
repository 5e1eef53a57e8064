import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { openHistoryDb } from '../../src-main/db/connection';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { sameNumbers } from '../../src-main/history/rerun';
import { readMeta } from '../../src-main/cluster/job-dir';
import { readPart, writePart, partPath } from '../../src-main/cluster/parts';
import { decodeData } from '../../src-main/cluster/codec';
import { createAppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import type { ClusterExport, ClusterStatus } from '../../src-core/contract/cluster';

/**
 * `--slurm DIR` on a machine without Slurm (sbatch hidden from PATH): the folder and the history entry are written and
 * the command says how to submit; the array tasks are run here the way Slurm would run them (`cluster run-shard DIR
 * --index N`), and collect gives what the same job gives locally, bit for bit. The real-Slurm test is
 * cluster-slurm.test.ts.
 */
const root = mkdtempSync(join(tmpdir(), 'pl-cli-cluster-'));
const db = join(root, 'history.sqlite');
const savedPath = process.env.PATH;
beforeAll(() => {
  mkdirSync(join(root, 'empty-bin'));
  process.env.PATH = join(root, 'empty-bin');
});
afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(root, { recursive: true, force: true });
});

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = capture();
  const code = await main(args, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}
async function json<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const r = await cli([...args, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}
function entry(id: string, path = db) {
  const connection = openHistoryDb(path);
  try {
    return createEntriesRepo(connection).get(id);
  } finally {
    connection.close();
  }
}
const runTasks = async (dir: string, tasks: number) => {
  for (let t = 0; t < tasks; t++) {
    const r = await cli(['cluster', 'run-shard', dir, '--index', String(t)]);
    expect(r.code, r.stderr).toBe(0);
  }
};

const sweep = ['rnn', 'sweep', '--task', 'delayed-xor', '--n', '8', '--iterations', '6', '--batch', '4', '--gains', '0.5,1.5', '--rules', 'bptt,eprop', '--seeds', '3', '--db', db];

describe('--slurm without Slurm here', () => {
  it('rnn sweep: writes the folder and an entry on cluster, says how to submit; tasks run with run-shard; collect equals the local run bit for bit', async () => {
    const dir = join(root, 'sweep one');
    const human = await cli([...sweep, '--slurm', dir, '--max-tasks', '5']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/wrote the job folder .*sweep one \(5 array tasks, 12 shards\)/);
    expect(human.stdout).toMatch(/sbatch is not on this machine/);
    expect(human.stdout).toContain(`plasticity-lab cluster submit '${dir}'`);
    const { meta } = readMeta(dir);
    expect(meta).toMatchObject({ jobKind: 'rnn-sweep', entryKind: 'sweep', shards: 12, tasks: 5, seed: 1, appVersion: '0.1.0' });
    for (const f of ['job.json', 'plan.bin', 'job.sbatch', 'parts', 'logs', 'failures']) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(entry(meta.entryId)).toMatchObject({ status: 'on-cluster', result: null, cluster: { dir, tasks: 5, shards: 12, arrayJobIds: [] } });

    const before = await json<ClusterStatus>(['cluster', 'status', dir]);
    expect(before.counts).toMatchObject({ 'not-submitted': 5, done: 0 });
    const early = await cli(['cluster', 'collect', dir, '--db', db]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/5 of the array tasks have not written all their parts: tasks 0-4/);
    expect(entry(meta.entryId)?.status).toBe('on-cluster');

    await runTasks(dir, 5);
    const after = await json<ClusterStatus>(['cluster', 'status', dir]);
    expect(after).toMatchObject({ complete: true, shardsDone: 12, counts: { done: 5 } });
    const collected = await json(['cluster', 'collect', dir, '--db', db]);
    expect(collected).toMatchObject({ entryId: meta.entryId, status: 'done', alreadyCollected: false, bundle: join(dir, 'collected.sqlite') });
    expect(existsSync(join(dir, 'collected.sqlite'))).toBe(true);

    const local = await json<{ entryId: string }>(sweep);
    const cluster = entry(meta.entryId)!;
    expect(cluster.status).toBe('done');
    expect(cluster.cluster?.collectedAt).not.toBeNull();
    expect(sameNumbers(cluster.result, entry(local.entryId)!.result)).toBe(true);
    expect(cluster.config).toEqual(entry(local.entryId)!.config);
    expect(cluster.headline).toEqual(entry(local.entryId)!.headline);
    const again = await cli(['cluster', 'collect', dir, '--db', db]);
    expect(again.stdout).toMatch(/was collected before; left as it is/);
  });

  it('refuses parts from another configuration or app version and an altered plan; lists missing and failed tasks by index', async () => {
    const dir = join(root, 'refusals');
    const other = join(root, 'other seed');
    const submitted = await json<{ entryId: string; tasks: number }>([...sweep, '--slurm', dir, '--max-tasks', '4']);
    expect(submitted.tasks).toBe(4);
    await json([...sweep, '--seed', '2', '--slurm', other, '--max-tasks', '4']);
    await runTasks(dir, 4);
    await runTasks(other, 1);
    const { meta } = readMeta(dir);

    // A part of the same shard of another job (seed 2 instead of 1) is refused by name.
    const own = readFileSync(partPath(dir, meta, 0));
    copyFileSync(partPath(other, readMeta(other).meta, 0), partPath(dir, meta, 0));
    const foreign = await cli(['cluster', 'collect', dir, '--db', db]);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/shard-000000\.part: written for another job \(configuration, seed or kind differ/);
    // A rerun of its task replaces the foreign part with its own (the same bytes as before).
    const rerun = await cli(['cluster', 'run-shard', dir, '--index', '0']);
    expect(rerun.stderr).toMatch(/task 0: 1 shard\(s\) computed, 2 already there/);
    expect(sameNumbers(readPart(dir, meta, 0).part, (decodeData(own) as { part: unknown }).part)).toBe(true);

    // A part from another app version is refused even for this very job.
    const { part } = readPart(dir, meta, 4);
    writePart(dir, { ...meta, appVersion: '9.9.9' }, 4, part, { task: 0, seconds: 0, arrayJobId: null });
    const version = await cli(['cluster', 'collect', dir, '--db', db]);
    expect(version.stderr).toMatch(/shard-000004\.part: written by plasticity-lab 9\.9\.9, but this job was planned by 0\.1\.0/);
    writePart(dir, meta, 4, part, { task: 0, seconds: 0, arrayJobId: null });

    // A task whose plan was altered fails, says why, and collect lists it as failed; missing tasks are named.
    rmSync(partPath(dir, meta, 1));
    rmSync(partPath(dir, meta, 3));
    appendFileSync(join(dir, 'plan.bin'), 'x');
    const failed = await cli(['cluster', 'run-shard', dir, '--index', '1']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/task 1: .*plan\.bin does not match job\.json/);
    const listed = await cli(['cluster', 'collect', dir, '--db', db, '--json']);
    expect(listed.code).toBe(1);
    expect(JSON.parse(listed.stdout)).toMatchObject({ collected: false, missingTasks: [1, 3], failedTasks: [{ task: 1, message: expect.stringMatching(/does not match/) }] });
    expect(listed.stderr).toMatch(/tasks 1, 3; failed: task 1 \(/);
    writeFileSync(join(dir, 'plan.bin'), readFileSync(join(dir, 'plan.bin')).subarray(0, -1));
    await runTasks(dir, 4);
    expect(existsSync(join(dir, 'failures', 'task-000001.json'))).toBe(false);
    expect((await json(['cluster', 'collect', dir, '--db', db])).status).toBe('done');
  });

  it('checks the options: sbatch options need --slurm, values are Slurm forms, a folder holds one job', async () => {
    const bad = async (args: string[], message: RegExp) => {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    await bad([...sweep, '--partition', 'short'], /--partition applies to a job sent to Slurm: add --slurm DIR/);
    await bad([...sweep, '--slurm', join(root, 'x'), '--time', '2h'], /--time a Slurm time such as 02:00:00/);
    await bad([...sweep, '--slurm', join(root, 'x'), '--cpus-per-task', '0'], /--cpus-per-task must be an integer between 1 and 1024/);
    await bad([...sweep, '--slurm', join(root, 'x'), '--extra-sbatch', 'qos=long'], /--extra-sbatch sbatch options starting with -/);
    await bad(['cluster', 'status', join(root, 'x'), '--partition', 'p'], /sbatch options apply to cluster submit and resume/);
    await bad(['cluster', 'run-shard', join(root, 'x')], /needs --index N/);
    const taken = await cli([...sweep, '--slurm', join(root, 'sweep one')]);
    expect(taken.code).not.toBe(0);
    expect(taken.stderr).toMatch(/already holds a job/);
    const missing = await cli(['cluster', 'status', join(root, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nowhere is not a job folder \(no job.json\)/);
  });

  it('width sweep (simulate md --task width-sweep --slurm) equals the local run', async () => {
    const dir = join(root, 'width');
    const args = ['simulate', 'md', '--task', 'width-sweep', '--min-dim', '20', '--max-dim', '40', '--widths', '2', '--seeds', '2', '--potentials', 'negative-entropy,euclidean', '--db', db];
    const submitted = await json<{ entryId: string; tasks: number; arrayJobId: null }>([...args, '--slurm', dir]);
    expect(submitted).toMatchObject({ tasks: 4, arrayJobId: null });
    await runTasks(dir, 4);
    await json(['cluster', 'collect', dir, '--db', db]);
    const local = await json<{ entryId: string }>(args);
    expect(sameNumbers(entry(submitted.entryId)!.result, entry(local.entryId)!.result)).toBe(true);
  });

  it('the RNN mirror-descent experiment (simulate md --task rnn --slurm, one shard per rate) equals the local run', async () => {
    const dir = join(root, 'md-rnn');
    const args = ['simulate', 'md', '--task', 'rnn', '--potential', 'negative-entropy', '--hidden', '8', '--image-size', '8', '--training-set', '4',
      '--pretrain-iterations', '5', '--pretrain-batch', '8', '--steps', '5', '--learning-rates', '0.01,0.1', '--seed', '3', '--db', db];
    const submitted = await json<{ entryId: string; tasks: number; shards: number; arrayJobId: null }>([...args, '--slurm', dir]);
    expect(submitted).toMatchObject({ tasks: 2, shards: 2, arrayJobId: null });
    await runTasks(dir, 2);
    await json(['cluster', 'collect', dir, '--db', db]);
    const local = await json<{ entryId: string }>(args);
    expect(sameNumbers(entry(submitted.entryId)!.result, entry(local.entryId)!.result)).toBe(true);
  });

  it('export for a cluster (a zip), collected there into its own history, imported back: the waiting entry gets the result', async () => {
    const desktop = createAppContext({ databasePath: join(root, 'desktop.sqlite'), workers: 1, clusterMerge: 'in-process' });
    try {
      const job = { kind: 'md-identification', config: { synapses: 50, repeats: 3, truePotentials: [{ kind: 'euclidean' }, { kind: 'p-norm', p: 3 }], seed: 4 }, seed: 4 };
      const exported = (await dispatch(desktop.handlers, 'exportClusterJob', { job })) as ClusterExport;
      expect(exported.fileName).toMatch(/^plasticity-lab-md-identification-\d{8}-\d{6}\.zip$/);
      const waiting = desktop.entries.get(exported.entryId)!;
      expect(waiting).toMatchObject({ status: 'on-cluster', cluster: { dir: exported.fileName.replace(/\.zip$/, ''), tasks: 2 } });
      // On the cluster: unpack, run the tasks, collect into the cluster's own history.
      const clusterHome = join(root, 'cluster home');
      for (const [name, bytes] of Object.entries(unzipSync(exported.bytes))) {
        mkdirSync(join(clusterHome, name, '..'), { recursive: true });
        writeFileSync(join(clusterHome, name), bytes);
      }
      const dir = join(clusterHome, exported.fileName.replace(/\.zip$/, ''));
      expect(readFileSync(join(dir, 'job.sbatch'), 'utf8')).toMatch(/plasticity-lab cluster submit/);
      await runTasks(dir, 2);
      const collected = await json<{ bundle: string }>(['cluster', 'collect', dir, '--db', join(clusterHome, 'history.sqlite')]);
      // Back home: the bundle completes the entry that was waiting, and it equals the same job run here.
      const imported = await dispatch(desktop.handlers, 'importCollected', { bytes: new Uint8Array(readFileSync(collected.bundle)) });
      expect(imported).toEqual({ completed: [exported.entryId], copied: [], skipped: [] });
      const done = desktop.entries.get(exported.entryId)!;
      expect(done.status).toBe('done');
      const { jobId } = (await dispatch(desktop.handlers, 'startJob', job)) as { jobId: string };
      await desktop.jobs.waitFor(jobId);
      expect(sameNumbers(done.result, desktop.entries.get(jobId)!.result)).toBe(true);
    } finally {
      await desktop.close();
    }
  });
});
