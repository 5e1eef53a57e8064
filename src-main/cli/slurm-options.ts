import { dispatch } from '@core/contract/dispatch';
import { slurmOptionsSchema, type ClusterSubmission, type SlurmOptionsInput } from '@core/contract/cluster';
import type { EntryDetail } from '@core/contract/entries';
import type { StartJobInput } from '@core/jobs/schemas';
import type { AppContext } from '../app-context';
import { CliError, toJson, type CliIo } from './io';
import { runJob } from './run-job';
import { numberArg, withLeading } from './options';

/**
 * `--slurm DIR` and the sbatch options, shared by every command that starts a job: spread `slurmOptionSpec` into the
 * command's parseArgs options and call `runOrSubmit` where it would call runJob. With --slurm the job goes to a
 * cluster folder (src-main/cluster/) instead of the local pool and the command prints the submission.
 */
export const slurmOptionSpec = {
  slurm: { type: 'string' },
  partition: { type: 'string' },
  time: { type: 'string' },
  'cpus-per-task': { type: 'string' },
  mem: { type: 'string' },
  'array-limit': { type: 'string' },
  account: { type: 'string' },
  'extra-sbatch': { type: 'string' },
  'max-tasks': { type: 'string' },
} as const;

export const SLURM_USAGE = `On a Slurm cluster instead of this machine (README: "On a cluster"):
  --slurm DIR            write the job into DIR (on the cluster's shared file system) with an sbatch array script,
                         and submit it when sbatch is here (else it says how); the history entry waits "on cluster"
  --partition P  --time HH:MM:SS  --cpus-per-task N  --mem 4G  --account A
  --array-limit K        at most K array tasks at once
  --max-tasks N          at most N array tasks (default 1000); more shards are grouped, dealt round-robin
  --extra-sbatch "..."   more sbatch options, as on sbatch's command line
  Then: plasticity-lab cluster status DIR | cluster collect DIR | cluster resume DIR`;

type Values = Record<string, string | boolean | undefined>;

const OPTION_OF: Record<string, string> = {
  partition: 'partition', time: 'time', cpusPerTask: 'cpus-per-task', mem: 'mem', arrayLimit: 'array-limit',
  account: 'account', extraSbatch: 'extra-sbatch', maxTasks: 'max-tasks',
};

/** The sbatch options given on the command line (each checked by the contract's schema, errors naming the option). */
export function slurmOptionsArg(values: Values): SlurmOptionsInput {
  const text = (name: string) => values[name] as string | undefined;
  const options: SlurmOptionsInput = {
    partition: text('partition'), time: text('time'), mem: text('mem'), account: text('account'), extraSbatch: text('extra-sbatch'),
    cpusPerTask: numberArg(values, 'cpus-per-task', undefined, { integer: true, min: 1, max: 1024 }),
    arrayLimit: numberArg(values, 'array-limit', undefined, { integer: true, min: 1, max: 100_000 }),
    maxTasks: numberArg(values, 'max-tasks', undefined, { integer: true, min: 1, max: 100_000 }),
  };
  const parsed = slurmOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = String(issue.path[0]);
    throw new CliError(`--${OPTION_OF[key] ?? key} ${issue.message}, got "${String(options[key as keyof SlurmOptionsInput])}"`, 2);
  }
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SlurmOptionsInput;
}

/** --slurm DIR with its options, or null when the job runs here (sbatch options without --slurm are refused). */
export function slurmRequest(values: Values): { dir: string; options: SlurmOptionsInput } | null {
  const options = slurmOptionsArg(values);
  if (values.slurm === undefined) {
    const given = Object.keys(OPTION_OF).find((key) => options[key as keyof SlurmOptionsInput] !== undefined);
    if (given) throw new CliError(`--${OPTION_OF[given]} applies to a job sent to Slurm: add --slurm DIR`, 2);
    return null;
  }
  if (typeof values.slurm !== 'string' || values.slurm.trim() === '') throw new CliError('--slurm needs the job folder DIR', 2);
  return { dir: values.slurm, options };
}

/**
 * Runs the job here (runJob) and returns its entry, or, with --slurm, plans it into a cluster folder, submits it,
 * prints the submission (JSON: { entryId, dir, arrayJobId, tasks, shards, submitCommand }) and returns null.
 */
export async function runOrSubmit(context: AppContext, input: StartJobInput, io: CliIo, values: Values): Promise<EntryDetail | null> {
  const slurm = slurmRequest(values);
  if (!slurm) return runJob(context, input, io);
  const submission = (await dispatch(context.handlers, 'submitClusterJob', { job: input, dir: slurm.dir, slurm: slurm.options, submit: true })) as ClusterSubmission;
  if (values.json) {
    io.out(toJson(withLeading(submission, ['entryId', 'dir', 'arrayJobId', 'tasks'])));
    return null;
  }
  const counts = `${submission.tasks} array task${submission.tasks === 1 ? '' : 's'}, ${submission.shards} shard${submission.shards === 1 ? '' : 's'}`;
  io.out(submission.arrayJobId !== null
    ? [
      `submitted array job ${submission.arrayJobId} (${counts})`,
      `  folder:   ${submission.dir}`,
      `  follow:   plasticity-lab cluster status ${submission.dir}`,
      `  collect:  plasticity-lab cluster collect ${submission.dir}   (when every task is done)`,
      `history entry ${submission.entryId} (on cluster)`,
    ].join('\n')
    : [
      `wrote the job folder ${submission.dir} (${counts}); history entry ${submission.entryId} (on cluster)`,
      'sbatch is not on this machine. On the cluster (this folder on its shared file system, Plasticity Lab installed:',
      'README "On a cluster"), submit it with:',
      `  ${submission.submitCommand}`,
    ].join('\n'));
  return null;
}
