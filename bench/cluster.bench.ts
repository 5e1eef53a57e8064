/**
 * Jobs on Slurm (issue 16). Run: npm run bench cluster [overhead|memory]
 *
 * 1. Overhead per task on the local single-node Slurm (scripts/start-slurm.sh): a 100-task RNN sweep (100 tiny
 *    training runs, one shard per array task) from `--slurm` to the collected entry, against the same sweep on this
 *    machine's worker pool. The per-task overhead is the node's CPU time not spent in the shards, per task: starting
 *    Node and the CLI through tsx, reading the plan, writing the part, and Slurm's own scheduling.
 * 2. Collect's memory as the number of parts grows: RNN-sweep folders of 100, 1000 and 4000 parts (2 gains x 2 rules
 *    x 25 / 250 / 1000 seeds, a 1000-point loss curve each, ~19 kB a part), merged in a fresh child process by
 *    collect's streaming merge and, for contrast, with every part read into memory first. The parts are written
 *    directly (synthetic figures of the right shape), because the merge, not the training, is measured here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../src-main/cli/main';
import type { CliIo } from '../src-main/cli/io';
import { createAppContext } from '../src-main/app-context';
import { dispatch } from '../src-core/contract/dispatch';
import type { ClusterSubmission } from '../src-core/contract/cluster';
import { findOnPath } from '../src-main/cluster/slurm';
import { jobStatus } from '../src-main/cluster/status';
import { readMeta, readPlan } from '../src-main/cluster/job-dir';
import { readPart, writePart } from '../src-main/cluster/parts';
import type { RnnSweepTask, RnnSweepTaskResult } from '../src-core/rnn/sweep';
import { createRng } from '../src-core/random/rng';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pl-bench-cluster-'));
const quiet: CliIo = { out: () => undefined, err: () => undefined };
async function cliJson<T>(args: string[]): Promise<T> {
  let text = '';
  const code = await main([...args, '--json'], { out: (t) => { text += t; }, err: () => undefined });
  if (code !== 0) throw new Error(`plasticity-lab ${args.join(' ')} exited ${code}`);
  return JSON.parse(text) as T;
}

async function overheadPerTask(): Promise<void> {
  if (!findOnPath('sbatch')) {
    console.log('skipped: sbatch is not on PATH (install slurm-wlm and munge, then sudo scripts/start-slurm.sh)');
    return;
  }
  const db = join(dir, 'overhead.sqlite');
  const sweep = ['rnn', 'sweep', '--task', 'delayed-xor', '--n', '8', '--iterations', '20', '--batch', '4', '--gains', '1', '--rules', 'bptt,eprop', '--seeds', '50', '--db', db];
  const jobDir = join(dir, 'hundred');
  const t0 = performance.now();
  const submitted = await cliJson<ClusterSubmission>([...sweep, '--slurm', jobDir]);
  const tSubmit = performance.now();
  for (;;) {
    const s = await jobStatus(jobDir);
    if (s.complete) break;
    if (s.counts.failed) {
      const failed = s.tasks.filter((t) => t.state === 'failed');
      const log = join(jobDir, 'logs', `${submitted.arrayJobId}_${failed[0].index}.out`);
      throw new Error(`${failed.length} tasks failed (${failed[0].reason}); task ${failed[0].index}'s log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const tDone = performance.now();
  await cliJson(['cluster', 'collect', jobDir, '--db', db]);
  const tCollected = performance.now();
  const { meta } = readMeta(jobDir);
  const compute = Array.from({ length: meta.shards }, (_, i) => readPart(jobDir, meta, i).header.seconds).reduce((a, b) => a + b, 0);
  const t1 = performance.now();
  await main(sweep, quiet);
  const local = (performance.now() - t1) / 1000;
  const wall = (tCollected - t0) / 1000;
  const node = cpus().length;
  // The fixed cost of one task, without Slurm: the same command on a task whose part is there (nothing to compute).
  const startups = [0, 1, 2].map(() => {
    const t = performance.now();
    execFileSync(process.execPath, [join(root, 'bin/plasticity-lab.mjs'), 'cluster', 'run-shard', jobDir, '--index', '0'], { stdio: 'ignore' });
    return (performance.now() - t) / 1000;
  }).sort((a, b) => a - b);
  console.log(`100-task array job ${submitted.arrayJobId} (RNN sweep, 100 runs of N = 8, 20 iterations) on a ${node}-CPU node`);
  console.log(`  submit (plan, folder, entry, sbatch)    ${((tSubmit - t0) / 1000).toFixed(2)} s`);
  console.log(`  submit to every part written           ${((tDone - t0) / 1000).toFixed(1)} s`);
  console.log(`  collect (merge 100 parts, store)       ${((tCollected - tDone) / 1000).toFixed(2)} s`);
  console.log(`  submit to collected                    ${wall.toFixed(1)} s   (the same sweep on this machine's pool: ${local.toFixed(1)} s)`);
  console.log(`  shard compute, summed over tasks       ${compute.toFixed(1)} s`);
  console.log(`  overhead per task                      ${(((tDone - t0) / 1000) * node / 100 - compute / 100).toFixed(2)} CPU-s   (node CPU time not spent in shards / 100)`);
  console.log(`    of which starting the task's CLI     ${startups[1].toFixed(2)} s   (median of 3: run-shard on a task already done)`);
  console.log(`  load average during the run            ${loadavg()[0].toFixed(1)} on ${node} CPUs   (figures above scale with it)`);
}

function syntheticPart(task: RnnSweepTask, rng: ReturnType<typeof createRng>, length: number): RnnSweepTaskResult {
  const loss = Array.from({ length }, (_, i) => Math.exp(-i / 300) * (1 + 0.1 * rng.normal()));
  const lam = () => rng.normal() * 0.05;
  return {
    index: task.index, gain: task.gain, rule: task.rule, schedule: task.schedule, gradient: task.gradient, seed: task.seed, lossCurve: loss,
    finalLoss: loss[length - 1], finalAccuracy: rng.uniform(), solved: rng.uniform() < 0.5, iterationsToCriterion: Math.floor(rng.uniform() * length), learningCurveArea: rng.uniform(),
    lambdaMaxBefore: lam(), lambdaMaxAfterFlossing: null, lambdaMaxAfter: lam(), lambdaMaxAutonomousBefore: lam(), lambdaMaxAutonomousAfterFlossing: null,
    lambdaMaxAutonomousAfter: lam(), lambdaMaxDrivenBefore: lam(), lambdaMaxDrivenAfterFlossing: null, lambdaMaxDrivenAfter: lam(),
    weightChange: rng.uniform(), weightChangeTraining: rng.uniform(), diverged: false,
  };
}

interface ChildFigures { seconds: number; peakRssMiB: number; peakHeapMiB: number; resultMiB: number }
function child(jobDir: string, mode: 'stream' | 'all' | 'none'): ChildFigures {
  const loader = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', pathToFileURL(loader).href, join(root, 'bench/cluster-collect-child.ts'), jobDir, mode], {
    encoding: 'utf8', env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json') }, maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildFigures;
}

async function collectMemory(): Promise<void> {
  const context = createAppContext({ databasePath: join(dir, 'memory.sqlite'), workers: 1, clusterMerge: 'in-process' });
  const ITERATIONS = 999;
  console.log('parts  on disk    streaming collect:                 its result   all parts in memory first:');
  console.log('                  live heap / peak RSS / time                      live heap / peak RSS / time');
  try {
    for (const seeds of [25, 250, 1000]) {
      const jobDir = join(dir, `memory-${seeds}`);
      await dispatch(context.handlers, 'submitClusterJob', {
        job: { kind: 'rnn-sweep', seed: 1, config: { base: { model: { n: 8 }, task: { kind: 'delayed-xor' }, iterations: ITERATIONS }, gains: [0.5, 1.5], rules: ['bptt', 'eprop'], seeds, firstSeed: 1 } },
        dir: jobDir, slurm: { maxTasks: 1000 }, submit: false,
      });
      const { meta } = readMeta(jobDir);
      const plan = readPlan(jobDir, meta);
      const rng = createRng(5, 1);
      (plan.shards as RnnSweepTask[]).forEach((task, i) => writePart(jobDir, meta, i, syntheticPart(task, rng, ITERATIONS + 1), { task: i % meta.tasks, seconds: 0, arrayJobId: null }));
      const bytes = readdirSync(join(jobDir, 'parts')).reduce((s, f) => s + statSync(join(jobDir, 'parts', f)).size, 0);
      const base = child(jobDir, 'none');
      const stream = child(jobDir, 'stream');
      const all = child(jobDir, 'all');
      const fmt = (f: ChildFigures) => `${(f.peakHeapMiB - base.peakHeapMiB).toFixed(1).padStart(5)} MiB / ${f.peakRssMiB.toFixed(0).padStart(3)} MiB / ${f.seconds.toFixed(2).padStart(5)} s`;
      console.log(`${String(meta.shards).padStart(5)}  ${(bytes / 2 ** 20).toFixed(0).padStart(4)} MiB   ${fmt(stream)}   ${stream.resultMiB.toFixed(1).padStart(4)} MiB     ${fmt(all)}`);
      rmSync(jobDir, { recursive: true, force: true });
    }
    console.log('(live heap: the largest heap after a garbage collection, sampled ~20 times during the merge, above the same');
    console.log(' process with the configuration loaded and nothing merged; its result: what the merged result holds, the');
    console.log(' per-seed figures of every run included; peak RSS of the whole process; time without the sampling)');
  } finally {
    await context.close();
  }
}

const only = process.argv[3];
try {
  if (only !== 'memory') {
    console.log('### overhead per task on the local Slurm');
    await overheadPerTask();
  }
  if (only !== 'overhead') {
    console.log('\n### collect memory as the parts grow');
    await collectMemory();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
