import type { Command } from './command';
import { processIo, type CliIo } from './io';
import { guarded } from './guarded';
import { historyCommand } from './commands/history';
import { serveCommand } from './commands/serve';
import { importCommand } from './commands/import';
import { fitCommand } from './commands/fit';
import { compareCommand } from './commands/compare';
import { simulateCommand } from './commands/simulate';
import { geometryCommand } from './commands/geometry';
import { rnnCommand } from './commands/rnn';
import { clusterCommand } from './commands/cluster';
import { APP_VERSION } from '../version';

/** Every command, in the order `--help` lists them. New commands: one file in commands/ and one line here. */
export const commands: Command[] = [fitCommand, compareCommand, importCommand, historyCommand, serveCommand, simulateCommand, geometryCommand, rnnCommand, clusterCommand];

export function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `plasticity-lab ${APP_VERSION}: synaptic weight distributions, geometry of plasticity, RNN local learning.`,
    '',
    'Usage: plasticity-lab <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options: --help, --version. `plasticity-lab <command> --help` shows a command\'s options.',
    'Exit codes: 0 done; 1 a file, the data or the history cannot be used as asked (the message says why); 2 the command line is wrong.',
    'The history database defaults to the desktop app\'s (PLASTICITY_LAB_DB or --db PATH to choose another).',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(APP_VERSION);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`error: unknown command "${name}"\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  return guarded(io, () => command.run(rest, io));
}
