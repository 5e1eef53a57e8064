import { parseArgs } from 'node:util';
import type { ClusterStatus } from '@core/contract/cluster';
import type { Command } from '../command';
import { CliError, toJson, type CliIo } from '../io';
import { withContext } from '../context';
import { slurmOptionSpec, slurmOptionsArg } from '../slurm-options';
import { runShard } from './cluster-run-shard';
import { jobStatus, describeTasks } from '../../cluster/status';
import { MissingPartsError } from '../../cluster/collect';
import { JobDirError } from '../../cluster/job-dir';
import { PartRefusedError } from '../../cluster/parts';

const USAGE = `Usage (jobs sent to Slurm with --slurm DIR; README: "On a cluster"):
  plasticity-lab cluster status DIR [--json]
    Every array task: done (all its parts written), running, pending (with Slurm's reason), failed (with the
    reason from sacct or from the task), or not submitted; from squeue/sacct and the parts in DIR/parts.
  plasticity-lab cluster collect DIR [--json] [--db PATH]
    Merges the parts with the job kind's own merge into the history entry (created from DIR/job.json when this
    history lacks it), bit for bit what the same job gives on this machine; refuses parts from another app version
    or configuration, and lists the tasks still missing. Writes DIR/collected.sqlite, a bundle of the entry to carry
    home (History: Import collected result, or history restore-backup).
  plasticity-lab cluster resume DIR [--json] [--db PATH] [sbatch options]
    Submits again only the tasks that failed or were cancelled (neither done nor queued).
  plasticity-lab cluster submit DIR [--json] [--db PATH] [sbatch options]
    Submits a folder written elsewhere (exported by the app, or --slurm where sbatch was missing): writes DIR/job.sbatch
    for this machine and submits every task not done. sbatch options override those the folder was planned with:
    --partition P --time HH:MM:SS --cpus-per-task N --mem 4G --array-limit K --account A --extra-sbatch "..."
  plasticity-lab cluster run-shard DIR --index N
    What each array task runs (N = $SLURM_ARRAY_TASK_ID): its shards, each part written atomically; exits non-zero
    on failure. Uses $SLURM_CPUS_PER_TASK worker threads when the task has several shards.`;

type Values = Record<string, string | boolean | undefined>;

const subcommands = ['status', 'collect', 'resume', 'submit', 'run-shard'] as const;

/** Errors about the folder or its parts are the user's to fix (exit 1 with the message); the rest stays an error. */
async function folderErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof JobDirError || error instanceof PartRefusedError || error instanceof MissingPartsError) throw new CliError(error.message, 1);
    throw error;
  }
}

export const clusterCommand: Command = {
  name: 'cluster',
  summary: 'Jobs on a Slurm cluster: status, collect, resume, submit a job folder, run one array task',
  usage: USAGE,
  async run(args: string[], io: CliIo) {
    const [sub, ...rest] = args;
    if (!subcommands.includes(sub as (typeof subcommands)[number])) throw new CliError(`unknown cluster command "${sub ?? ''}" (use ${subcommands.join(', ')})\n${USAGE}`, 2);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, db: { type: 'string' }, index: { type: 'string' }, ...slurmOptionSpec },
    });
    const [dir, extra] = positionals;
    if (dir === undefined) throw new CliError(`cluster ${sub} needs the job folder DIR\n${USAGE}`, 2);
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}" (one DIR only)`, 2);
    const flat = values as Values;
    if (values.slurm !== undefined) throw new CliError('--slurm belongs to the commands that start a job; here DIR is the folder', 2);
    if (sub !== 'run-shard' && values.index !== undefined) throw new CliError('--index belongs to cluster run-shard', 2);
    if ((sub === 'status' || sub === 'collect' || sub === 'run-shard') && Object.keys(slurmOptionSpec).some((o) => flat[o] !== undefined)) {
      throw new CliError(`sbatch options apply to cluster submit and resume, not to ${sub}`, 2);
    }
    switch (sub) {
      case 'run-shard':
        return runShard(dir, values.index, io);
      case 'status':
        return folderErrors(async () => {
          const status = await jobStatus(dir);
          io.out(values.json ? toJson(status) : formatStatus(status));
          return 0;
        });
      case 'collect':
        return collect(dir, flat, io);
      default:
        return resume(dir, flat, io, sub === 'submit');
    }
  },
};

async function collect(dir: string, values: Values, io: CliIo): Promise<number> {
  return withContext(values.db as string | undefined, {}, (context) => folderErrors(async () => {
    try {
      const outcome = await context.cluster.collect(dir);
      if (values.json) io.out(toJson(outcome));
      else {
        io.out([
          outcome.alreadyCollected ? `history entry ${outcome.entryId} was collected before; left as it is` : `collected into history entry ${outcome.entryId}`,
          ...Object.entries(outcome.headline).map(([k, v]) => `  ${k}: ${v}`),
          `bundle for another machine: ${outcome.bundle}`,
        ].join('\n'));
      }
      return 0;
    } catch (error) {
      if (error instanceof MissingPartsError && values.json) {
        io.out(toJson({ collected: false, missingTasks: error.missingTasks, failedTasks: error.failedTasks }));
      }
      throw error;
    }
  }));
}

async function resume(dir: string, values: Values, io: CliIo, first: boolean): Promise<number> {
  const overrides = slurmOptionsArg(values);
  return withContext(values.db as string | undefined, {}, (context) => folderErrors(async () => {
    const outcome = await context.cluster.resume(dir, overrides);
    if (values.json) io.out(toJson(outcome));
    else if (outcome.tasks.length === 0) io.out('every task is done or still queued: nothing to submit');
    else io.out(`${first ? 'submitted' : 'resubmitted'} task${outcome.tasks.length === 1 ? '' : 's'} ${describeTasks(outcome.tasks)} as array job ${outcome.arrayJobId}`);
    return 0;
  }));
}

function formatStatus(s: ClusterStatus): string {
  const c = s.counts;
  const lines = [
    `${s.name}`,
    `  folder ${s.dir}; array job${s.arrayJobIds.length === 1 ? '' : 's'} ${s.arrayJobIds.join(', ') || '(not submitted)'}`,
    `  ${s.shardsDone} of ${s.shards} shards done; tasks: ${c.done} done, ${c.running} running, ${c.pending} pending, ${c.failed} failed` +
      `${c['not-submitted'] ? `, ${c['not-submitted']} not submitted` : ''}${c.unknown ? `, ${c.unknown} unknown (no squeue here)` : ''}`,
  ];
  for (const state of ['running', 'pending', 'failed', 'not-submitted', 'unknown'] as const) {
    const tasks = s.tasks.filter((t) => t.state === state);
    if (tasks.length === 0) continue;
    if (state === 'failed') for (const t of tasks) lines.push(`  task ${t.index} failed: ${t.reason ?? 'no reason recorded'}`);
    else lines.push(`  ${state}: task${tasks.length === 1 ? '' : 's'} ${describeTasks(tasks.map((t) => t.index))}`);
  }
  lines.push(s.complete ? '  every part is there: plasticity-lab cluster collect DIR' : c.failed ? '  plasticity-lab cluster resume DIR resubmits the failed tasks' : '');
  return lines.filter(Boolean).join('\n');
}
