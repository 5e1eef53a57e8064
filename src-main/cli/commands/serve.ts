import { parseArgs } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { CliError } from '../io';
import { createAppContext } from '../../app-context';
import { startLoopbackServer } from '../../server/loopback';
import { defaultDatabasePath } from '../paths';

const USAGE = `Usage: plasticity-lab serve [--port N] [--db PATH] [--workers N]
Serves the app on http://127.0.0.1 (loopback only) and prints the URL with its one-time token.
Needs the built interface (npm run build; \`npm run serve\` builds it for you).`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the app in a browser through the loopback server',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: { port: { type: 'string' }, db: { type: 'string' }, workers: { type: 'string' }, renderer: { type: 'string' } },
    });
    const rendererDir = values.renderer ?? fileURLToPath(new URL('../../../out/renderer', import.meta.url));
    if (!existsSync(`${rendererDir}/index.html`)) throw new CliError(`The interface is not built (${rendererDir}): run \`npm run build\` first.`);
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be an integer 0-65535, got "${values.port}"`, 2);
    const workers = values.workers === undefined ? undefined : Number(values.workers);
    const context = createAppContext({ databasePath: values.db ?? defaultDatabasePath(), workers });
    const server = await startLoopbackServer({ context, rendererDir, port });
    io.out(`Plasticity Lab is serving on ${server.url}`);
    io.err(`History: ${context.databasePath}. Press Ctrl+C to stop.`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await context.close();
    return 0;
  },
};
