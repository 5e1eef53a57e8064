import type { SlurmOptions } from '@core/contract/cluster';

/**
 * The sbatch script of a job folder: one array task per group of shards, each running
 * `plasticity-lab cluster run-shard DIR --index $SLURM_ARRAY_TASK_ID` with the Node and CLI of the machine that wrote
 * it (absolute paths, so the tasks' environment needs no module system or PATH). Pure text; the folder layout is in
 * job-dir.ts.
 */

/** A word for bash (and for sbatch's own parsing of #SBATCH lines, which follows the shell's quoting). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'"'"'`)}'`;
}

/** A path inside an sbatch file-name pattern: a literal % is written %% (Slurm expands %A, %a, %j ...). */
function slurmPattern(path: string): string {
  return path.replace(/%/g, '%%');
}

/** Indices as runs of consecutive values: [0, 1, 2, 3, 7, 9, 10] -> ["0-3", "7", "9-10"]. */
export function indexRanges(indices: number[]): string[] {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j === i ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts;
}

/** Array indices as Slurm's --array value ("0-3,7,9-11"), with "%K" when at most K may run at once. */
export function arraySpec(indices: number[], limit?: number): string {
  if (indices.length === 0) throw new Error('an array job needs at least one task');
  return `${indexRanges(indices).join(',')}${limit === undefined ? '' : `%${limit}`}`;
}

/** How many array tasks a plan of `shards` shards gets: one per shard up to maxTasks, else groups. */
export function taskCount(shards: number, maxTasks: number): number {
  return Math.max(1, Math.min(shards, maxTasks));
}

/**
 * The shards task `task` runs: dealt round-robin (task t gets t, t + T, t + 2T ...), because plans often list their
 * costly shards first (the width sweep puts the widest D first) and contiguous groups would give one task all of them.
 */
export function shardsOfTask(task: number, tasks: number, shards: number): number[] {
  const out: number[] = [];
  for (let s = task; s < shards; s += tasks) out.push(s);
  return out;
}

export function taskOfShard(shard: number, tasks: number): number {
  return shard % tasks;
}

export interface ScriptInput {
  /** Absolute path of the job folder. */
  dir: string;
  jobKind: string;
  /** The history entry's name (a comment in the script). */
  name: string;
  appVersion: string;
  shards: number;
  tasks: number;
  /** Absolute paths of a Node 22 binary and of bin/plasticity-lab.mjs on the machine that runs the tasks. */
  node: string;
  cli: string;
  options: SlurmOptions;
}

export function sbatchScript(input: ScriptInput): string {
  const { dir, options: o } = input;
  if (/[\n\r]/.test(dir + input.node + input.cli)) throw new Error('paths with line breaks cannot go into an sbatch script');
  const directives = [
    `--job-name=${shellQuote(`plasticity-lab-${input.jobKind}`)}`,
    `--array=${arraySpec(Array.from({ length: input.tasks }, (_, i) => i), o.arrayLimit)}`,
    `--chdir=${shellQuote(dir)}`,
    // stdout and stderr of task a of array job A in one file.
    `--output=${shellQuote(`${slurmPattern(dir)}/logs/%A_%a.out`)}`,
    o.partition && `--partition=${shellQuote(o.partition)}`,
    o.account && `--account=${shellQuote(o.account)}`,
    o.time && `--time=${o.time}`,
    o.cpusPerTask && `--cpus-per-task=${o.cpusPerTask}`,
    o.mem && `--mem=${o.mem}`,
    o.extraSbatch?.trim(),
  ].filter((d): d is string => typeof d === 'string' && d.length > 0);
  const perTask = input.tasks === input.shards ? 'one shard per task' : `up to ${Math.ceil(input.shards / input.tasks)} shards per task`;
  return [
    '#!/bin/bash',
    `# Plasticity Lab ${input.appVersion}: ${input.name.replace(/[\n\r]/g, ' ')}`,
    `# Job kind ${input.jobKind}: ${input.shards} shard${input.shards === 1 ? '' : 's'} in ${input.tasks} array task${input.tasks === 1 ? '' : 's'} (${perTask}).`,
    `# Submitted by \`plasticity-lab cluster submit DIR\`; follow with \`cluster status DIR\`, then \`cluster collect DIR\`.`,
    ...directives.map((d) => `#SBATCH ${d}`),
    '',
    'set -eu',
    `exec ${shellQuote(input.node)} ${shellQuote(input.cli)} cluster run-shard ${shellQuote(dir)} --index "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}
