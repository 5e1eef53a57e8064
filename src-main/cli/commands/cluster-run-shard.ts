import { parseArgs } from 'node:util';
import { CliError, type CliIo } from '../io';
import { intOption } from '../options';
import { runTask } from '../../cluster/run-task';

/**
 * `plasticity-lab cluster run-shard DIR --index N`, what every array task runs. Kept apart from the other cluster
 * commands, with few imports (no history database, no server), because bin/plasticity-lab.mjs starts it directly:
 * a thousand tasks each pay this start-up.
 */
export async function runShard(dir: string, index: string | undefined, io: CliIo): Promise<number> {
  if (index === undefined) throw new CliError('cluster run-shard needs --index N (the array task: $SLURM_ARRAY_TASK_ID)', 2);
  const task = intOption('index', index, 0, 0);
  const cpus = Number(process.env.SLURM_CPUS_PER_TASK ?? '1');
  const outcome = await runTask(dir, task, {
    workers: Number.isInteger(cpus) && cpus > 1 ? cpus : 1,
    arrayJobId: process.env.SLURM_ARRAY_JOB_ID ?? null,
    log: (line) => io.err(line),
  }).catch((error: Error) => {
    throw new CliError(`task ${task}: ${error.message}`, 1);
  });
  io.err(`task ${task}: ${outcome.ran.length} shard(s) computed, ${outcome.skipped.length} already there`);
  return 0;
}

/** The fast path of bin/plasticity-lab.mjs: `run-shard DIR --index N` without loading every other command. */
export async function runShardArgs(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { index: { type: 'string' } } });
  if (positionals.length !== 1) throw new CliError('cluster run-shard needs one job folder DIR and --index N', 2);
  return runShard(positionals[0], values.index, io);
}
