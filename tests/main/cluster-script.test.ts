import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { slurmOptionsSchema } from '../../src-core/contract/cluster';
import { arraySpec, sbatchScript, shardsOfTask, shellQuote, taskCount, taskOfShard, type ScriptInput } from '../../src-main/cluster/sbatch-script';

const input = (patch: Partial<ScriptInput> = {}): ScriptInput => ({
  dir: '/scratch/lab/job-1', jobKind: 'rnn-sweep', name: 'RNN sweep', appVersion: '0.1.0', shards: 12, tasks: 12,
  node: '/home/me/plasticity-lab/.tools/node/bin/node', cli: '/home/me/plasticity-lab/bin/plasticity-lab.mjs',
  options: slurmOptionsSchema.parse({}), ...patch,
});
const directives = (script: string) => script.split('\n').filter((l) => l.startsWith('#SBATCH ')).map((l) => l.slice(8));

describe('sbatch script generation', () => {
  it('array ranges: consecutive runs collapse, duplicates and order do not matter, a limit adds %K', () => {
    expect(arraySpec([0, 1, 2, 3])).toBe('0-3');
    expect(arraySpec([9, 3, 7, 10, 11, 3])).toBe('3,7,9-11');
    expect(arraySpec([5], 2)).toBe('5%2');
    expect(arraySpec([0, 1, 2, 4], 1)).toBe('0-2,4%1');
    expect(() => arraySpec([])).toThrow(/at least one task/);
  });

  it('grouping: at most maxTasks tasks, shards dealt round-robin, each shard in exactly one task', () => {
    expect(taskCount(12, 1000)).toBe(12);
    expect(taskCount(10_000, 1000)).toBe(1000);
    expect(taskCount(0, 1000)).toBe(1);
    for (const [shards, tasks] of [[12, 4], [10, 3], [7, 7], [10_000, 1000], [5, 1]]) {
      const seen = Array.from({ length: tasks }, (_, t) => shardsOfTask(t, tasks, shards)).flat().sort((a, b) => a - b);
      expect(seen).toEqual(Array.from({ length: shards }, (_, i) => i));
      for (let s = 0; s < shards; s += 97) expect(shardsOfTask(taskOfShard(s, tasks), tasks, shards)).toContain(s);
    }
    expect(shardsOfTask(1, 4, 12)).toEqual([1, 5, 9]);
    // The costly shards plans put first are spread over the tasks, not given to task 0 together.
    expect(shardsOfTask(0, 3, 10)).toEqual([0, 3, 6, 9]);
  });

  it('writes the array, output and working directory, and every option given (none that were not)', () => {
    expect(directives(sbatchScript(input()))).toEqual([
      '--job-name=plasticity-lab-rnn-sweep', '--array=0-11', '--chdir=/scratch/lab/job-1', '--output=/scratch/lab/job-1/logs/%A_%a.out',
    ]);
    const all = sbatchScript(input({
      tasks: 4,
      options: slurmOptionsSchema.parse({ partition: 'short,long', account: 'lab-42', time: '1-02:00:00', cpusPerTask: 8, mem: '16G', arrayLimit: 50, extraSbatch: '--qos=normal --gres=gpu:1' }),
    }));
    expect(directives(all)).toEqual([
      '--job-name=plasticity-lab-rnn-sweep', '--array=0-3%50', '--chdir=/scratch/lab/job-1', '--output=/scratch/lab/job-1/logs/%A_%a.out',
      '--partition=short,long', '--account=lab-42', '--time=1-02:00:00', '--cpus-per-task=8', '--mem=16G', '--qos=normal --gres=gpu:1',
    ]);
    expect(all).toMatch(/12 shards in 4 array tasks \(up to 3 shards per task\)/);
    expect(all.split('\n').at(-2)).toBe(
      'exec /home/me/plasticity-lab/.tools/node/bin/node /home/me/plasticity-lab/bin/plasticity-lab.mjs cluster run-shard /scratch/lab/job-1 --index "$SLURM_ARRAY_TASK_ID"',
    );
  });

  it('quotes paths with spaces, quotes and % for sbatch and for bash; the task runs the CLI with exactly these arguments', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'pl script '));
    try {
      const dir = join(scratch, "Tom's job 100%");
      const fakeNode = join(scratch, 'fake node');
      // Stands in for Node: prints each argument on its own line, so the test sees how bash split the command.
      writeFileSync(fakeNode, '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n');
      chmodSync(fakeNode, 0o755);
      const script = sbatchScript(input({ dir, node: fakeNode, cli: '/opt/pl $HOME/bin/plasticity-lab.mjs' }));
      expect(directives(script)).toContain(`--chdir='${scratch}/Tom'"'"'s job 100%'`);
      // sbatch expands %A/%a in --output: a literal % in the folder is written %%.
      expect(directives(script)).toContain(`--output='${scratch}/Tom'"'"'s job 100%%/logs/%A_%a.out'`);
      const path = join(scratch, 'job.sbatch');
      writeFileSync(path, script);
      const run = spawnSync('bash', [path], { env: { ...process.env, SLURM_ARRAY_TASK_ID: '7' }, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(run.stdout.split('\n').slice(0, -1)).toEqual(['/opt/pl $HOME/bin/plasticity-lab.mjs', 'cluster', 'run-shard', dir, '--index', '7']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('shell words: plain ones as they are, others single-quoted', () => {
    expect(shellQuote('/a/b-c_d.e:f,g=h@i%j+k')).toBe('/a/b-c_d.e:f,g=h@i%j+k');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
    expect(shellQuote('$(rm -rf ~)')).toBe("'$(rm -rf ~)'");
    expect(shellQuote('')).toBe("''");
  });

  it('options are checked before anything is written: Slurm forms of time and memory, names without shell syntax, one-line extras', () => {
    for (const time of ['30', '30:00', '02:00:00', '1-00', '1-12:00', '2-03:04:05']) expect(slurmOptionsSchema.safeParse({ time }).success, time).toBe(true);
    for (const time of ['2h', '1:2:3:4', '-1', '']) expect(slurmOptionsSchema.safeParse({ time }).success, time).toBe(false);
    for (const mem of ['4G', '500m', '2000']) expect(slurmOptionsSchema.safeParse({ mem }).success, mem).toBe(true);
    for (const mem of ['4 GB', '-1G', 'lots']) expect(slurmOptionsSchema.safeParse({ mem }).success, mem).toBe(false);
    expect(slurmOptionsSchema.safeParse({ partition: 'gpu; rm -rf ~' }).success).toBe(false);
    expect(slurmOptionsSchema.safeParse({ extraSbatch: '--qos=long\n#SBATCH --x' }).success).toBe(false);
    expect(slurmOptionsSchema.safeParse({ extraSbatch: 'qos=long' }).success).toBe(false);
    expect(slurmOptionsSchema.parse({}).maxTasks).toBe(1000);
    expect(() => sbatchScript(input({ dir: '/a\nb' }))).toThrow(/line breaks/);
  });
});
