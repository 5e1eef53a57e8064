import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Command } from '../command';
import { CliError, toJson, type CliIo } from '../io';
import { withContext } from '../context';
import { lyapunovCommand, LYAPUNOV_USAGE } from './rnn-lyapunov';
import { trainCommand, TRAIN_USAGE } from './rnn-train';
import { sweepCommand, SWEEP_USAGE } from './rnn-sweep';
import { runOrSubmit, slurmOptionSpec, SLURM_USAGE } from '../slurm-options';
import type { StartJobInput } from '@core/jobs/schemas';

const USAGE = `Usage:
${LYAPUNOV_USAGE}

${TRAIN_USAGE}

${SWEEP_USAGE}

Every run is recorded in the history as a job (see \`plasticity-lab history list\`). With --json, stdout carries only
the JSON document (with the history entry's id as "entryId"); progress goes to stderr when it is a terminal.
Options for all: --db PATH  the history database (default: the desktop app's)
Negative numbers go with an equals sign: --floss-target=-0.1
${SLURM_USAGE}`;

/** What a subcommand does with its parsed options: the job to run, how to print it, and how many workers it can use. */
export interface RnnSubcommand {
  options: ParseArgsConfig['options'];
  /** Turns parsed option values into the job (throws CliError with exit code 2 on bad values). */
  job(values: Record<string, string | boolean | undefined>): StartJobInput;
  /** One worker for single-shard jobs (no idle thread to start); undefined = one per core. */
  workers(values: Record<string, string | boolean | undefined>): number | undefined;
  /** The human-readable report (without --json). */
  format(result: unknown): string;
  /** The JSON document (the result with its headline figures first). */
  json(result: unknown): object;
  /** A warning about the configuration (printed to stderr before the job runs), or null. */
  warning?(config: unknown): string | null;
  /** Work after the job, e.g. writing a requested file. */
  afterRun?(result: unknown, values: Record<string, string | boolean | undefined>, io: CliIo): Promise<void>;
}

const subcommands: Record<string, RnnSubcommand> = { lyapunov: lyapunovCommand, train: trainCommand, sweep: sweepCommand };

export const rnnCommand: Command = {
  name: 'rnn',
  summary: 'Recurrent networks: Lyapunov exponents, training with BPTT / e-prop / RFLO, gain sweeps',
  usage: USAGE,
  async run(args: string[], io: CliIo) {
    const [sub, ...rest] = args;
    const command = sub === undefined ? undefined : subcommands[sub];
    if (!command) throw new CliError(`unknown rnn command "${sub ?? ''}" (use lyapunov, train or sweep)\n${USAGE}`, 2);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { ...command.options, ...slurmOptionSpec, json: { type: 'boolean', default: false }, db: { type: 'string' } },
    });
    if (positionals.length > 0) throw new CliError(`rnn ${sub}: unexpected argument "${positionals[0]}" (options start with --)`, 2);
    const flat = values as Record<string, string | boolean | undefined>;
    const input = command.job(flat);
    const warning = command.warning?.(input.config);
    if (warning) io.err(`warning: ${warning}`);
    return withContext(values.db as string | undefined, { workers: command.workers(flat) }, async (context) => {
      const entry = await runOrSubmit(context, input, io, flat);
      if (!entry) return 0;
      await command.afterRun?.(entry.result, flat, io);
      if (values.json) io.out(toJson({ ...command.json(entry.result), entryId: entry.id }));
      else io.out(`${command.format(entry.result)}\nhistory entry: ${entry.id}`);
      return 0;
    });
  },
};
