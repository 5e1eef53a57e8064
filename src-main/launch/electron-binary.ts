import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `npm start`, first step: make sure the Electron binary is there before electron-vite tries to launch it.
 *
 * Electron 45 no longer downloads its binary when it is installed; `require('electron')` downloads it lazily, but
 * electron-vite reads node_modules/electron/path.txt itself and fails with "Electron uninstall" and a stack trace on
 * every fresh machine. So this step runs Electron's own installer (the package's `install-electron` bin,
 * node_modules/electron/install.js) when the binary is missing, and when that cannot work (no network, a blocked
 * download, ELECTRON_SKIP_BINARY_DOWNLOAD) stops with a few lines saying so and pointing to `npm run serve`, which
 * runs the same app in a browser without Electron.
 */

export interface DownloadOutcome {
  ok: boolean;
  /** What the installer printed (stderr, then stdout); only its gist reaches the user. */
  output: string;
}

export interface EnsureElectronOptions {
  /** node_modules/electron of this checkout. */
  electronDir: string;
  env?: NodeJS.ProcessEnv;
  /** Fetches and unpacks the binary; Electron's installer by default (tests inject their own). */
  download?: (electronDir: string) => DownloadOutcome;
  /** Progress lines for the user ("Downloading ..."). */
  log?: (line: string) => void;
}

export type EnsureElectronResult =
  | { status: 'present'; executable: string }
  | { status: 'installed'; executable: string }
  | { status: 'unavailable'; message: string };

/** The executable the electron package points at, when it exists (path.txt names it inside dist/). */
export function installedExecutable(electronDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let relative: string;
  try {
    relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (!relative) return null;
  const base = env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist');
  const executable = join(base, relative);
  return existsSync(executable) ? executable : null;
}

/** Electron's own installer (what `npx install-electron` runs), its output captured so no stack trace reaches the user. */
export function runElectronInstaller(electronDir: string): DownloadOutcome {
  const run = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: electronDir, encoding: 'utf8', timeout: 15 * 60_000 });
  const output = `${run.stderr ?? ''}${run.stdout ?? ''}${run.error ? `\n${run.error.message}` : ''}`;
  return { ok: run.status === 0 && !run.error, output };
}

const NETWORK_PATTERNS = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|network/i;

/** The installer's first meaningful line, never a stack frame ("    at ..."), shortened. */
export function gistOf(output: string): string {
  const line = output.split('\n').map((l) => l.trim()).find((l) => l.length > 0 && !/^at\s/.test(l)) ?? '';
  return line.length > 160 ? `${line.slice(0, 157)}...` : line;
}

function unavailable(reason: string, retry: string): EnsureElectronResult {
  return {
    status: 'unavailable',
    message: [
      `Plasticity Lab: the Electron binary is not installed, and ${reason}.`,
      'Use the app in your browser instead (same app, same history, no Electron needed):',
      '',
      '    npm run serve',
      '',
      retry,
    ].join('\n'),
  };
}

export function ensureElectron(options: EnsureElectronOptions): EnsureElectronResult {
  const env = options.env ?? process.env;
  const present = installedExecutable(options.electronDir, env);
  if (present) return { status: 'present', executable: present };
  if (!existsSync(join(options.electronDir, 'package.json'))) {
    return unavailable('the electron package itself is missing from node_modules', 'Then install the packages with `source scripts/setup.sh` and run `npm start` again.');
  }
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD && env.ELECTRON_SKIP_BINARY_DOWNLOAD !== '0') {
    return unavailable('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not downloaded', 'To get the desktop window, unset ELECTRON_SKIP_BINARY_DOWNLOAD and run `npm start` again.');
  }
  const version = readVersion(options.electronDir);
  options.log?.(`Downloading the Electron ${version} binary (once, about 100 MB) into node_modules/electron/dist ...`);
  const outcome = (options.download ?? runElectronInstaller)(options.electronDir);
  const installed = installedExecutable(options.electronDir, env);
  if (outcome.ok && installed) return { status: 'installed', executable: installed };
  const gist = gistOf(outcome.output);
  const reason = NETWORK_PATTERNS.test(outcome.output)
    ? `it could not be downloaded: there is no network connection to its download server${gist ? ` (${gist})` : ''}`
    : `its download failed${gist ? `: ${gist}` : ''}`;
  return unavailable(reason, 'For the desktop window, run `npm start` again once the machine can reach the internet (or set ELECTRON_MIRROR to a reachable mirror).');
}

function readVersion(electronDir: string): string {
  try {
    return String((JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as { version?: unknown }).version ?? '');
  } catch {
    return '';
  }
}

/** The step as a command: exit code 0 when Electron can launch, 1 (after the message) when it cannot. */
export function ensureElectronCommand(electronDir: string, io: { out(line: string): void; err(line: string): void }, env: NodeJS.ProcessEnv = process.env): number {
  const result = ensureElectron({ electronDir, env, log: io.out });
  if (result.status === 'unavailable') {
    io.err(result.message);
    return 1;
  }
  if (result.status === 'installed') io.out(`Electron installed: ${result.executable}`);
  return 0;
}
