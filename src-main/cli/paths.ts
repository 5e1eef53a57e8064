import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The history database the CLI and serve mode use unless --db is given: PLASTICITY_LAB_DB if set, else the same file
 * the desktop app uses (Electron's userData folder for the app name), so all three see one history.
 *   Linux: $XDG_CONFIG_HOME/plasticity-lab (default ~/.config/plasticity-lab)
 *   macOS: ~/Library/Application Support/plasticity-lab
 *   Windows: %APPDATA%\plasticity-lab
 */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PLASTICITY_LAB_DB) return env.PLASTICITY_LAB_DB;
  const home = homedir();
  const base =
    platform === 'darwin' ? join(home, 'Library', 'Application Support')
      : platform === 'win32' ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'plasticity-lab', 'history.sqlite');
}
