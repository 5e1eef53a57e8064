import { createRequire } from 'node:module';
import pkg from '../package.json' with { type: 'json' };

/** The version recorded with every history entry. */
export const APP_VERSION: string = pkg.version;
export const APP_NAME: string = pkg.name;

/** Libraries whose version can change a number or a reading of a file: shown in the status bar data and in reports. */
const REPORTED_LIBRARIES = ['better-sqlite3', 'zod', 'papaparse', 'fflate'] as const;

/** Installed versions of those libraries (a library whose package.json cannot be read is left out, not guessed). */
export function libraryVersions(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = {};
  for (const name of REPORTED_LIBRARIES) {
    try {
      versions[name] = (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      // Not resolvable from this bundle (e.g. inlined by the build): nothing to report rather than a wrong figure.
    }
  }
  return versions;
}
