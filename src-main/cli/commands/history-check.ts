import { integrityCheck } from '../../db/integrity';
import { defaultDatabasePath } from '../paths';
import { CliError, toJson, type CliIo } from '../io';

/**
 * `history check`: SQLite's full integrity_check of the history file (every page, b-tree and index), read-only, so it
 * works on a damaged file that the other commands refuse to open. Exit 0 when sound, 1 when damaged.
 */
export function checkCommand(options: { db?: string; json: boolean }, io: CliIo): number {
  const path = options.db ?? defaultDatabasePath();
  let report: ReturnType<typeof integrityCheck>;
  try {
    report = integrityCheck(path);
  } catch (error) {
    throw new CliError(`${path} cannot be checked: ${(error as Error).message}`, 1);
  }
  if (options.json) {
    io.out(toJson(report));
    return report.ok ? 0 : 1;
  }
  if (report.ok) {
    io.out(`${path}: ok (SQLite integrity_check found no problem)`);
    return 0;
  }
  io.out([
    `${path} is damaged: SQLite integrity_check found ${report.problems.length >= 100 ? '100 or more problems' : `${report.problems.length} problem(s)`}:`,
    ...report.problems.map((p) => `  ${p}`),
    'Nothing was written to it. Move it aside and keep it (`sqlite3 FILE .recover` can salvage rows), then restore your last',
    'backup into a new history with `plasticity-lab history restore-backup BACKUP`.',
  ].join('\n'));
  return 1;
}
