import Database from 'better-sqlite3';
import { basename } from 'node:path';

/**
 * Damage to the history file (a disk error, a crash of the file system, a copy made while it was written): found by
 * SQLite's own checks, reported with what to do, and never written to again, so the damage cannot spread.
 * `quick_check` (every page and b-tree, O(size)) runs whenever the history is opened; `integrity_check` (also every
 * index against its table) on demand, through `plasticity-lab history check`.
 */

/** How many of SQLite's problem lines are kept (a badly damaged file has thousands). */
const PROBLEMS_KEPT = 100;

export class DatabaseDamagedError extends Error {
  constructor(readonly path: string, readonly problems: string[]) {
    const name = basename(path);
    super(
      `The history database ${path} is damaged: SQLite found ${problems.length >= PROBLEMS_KEPT ? `${PROBLEMS_KEPT} or more problems` : `${problems.length} problem${problems.length === 1 ? '' : 's'}`} `
        + `(first: ${problems[0]}). Nothing was written to it. To go on: move the file aside and keep it (\`sqlite3 ${name} .recover\` `
        + 'can salvage its rows), then restore your last backup into a new history with `plasticity-lab history restore-backup BACKUP`. '
        + '`plasticity-lab history check` lists every problem.',
    );
    this.name = 'DatabaseDamagedError';
  }
}

/** SQLite's error codes for a file that is not (or no longer) a readable database. */
export function isDamage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'));
}

function check(db: Database.Database, pragma: 'quick_check' | 'integrity_check'): string[] {
  try {
    const rows = db.pragma(`${pragma}(${PROBLEMS_KEPT})`, { simple: false }) as Record<string, string>[];
    const lines = rows.map((r) => String(Object.values(r)[0]));
    return lines.length === 1 && lines[0] === 'ok' ? [] : lines;
  } catch (error) {
    if (isDamage(error)) return [(error as Error).message];
    throw error;
  }
}

/** The problems `PRAGMA quick_check` finds ([] for a sound file). Reads every page; writes nothing. */
export function quickCheck(db: Database.Database): string[] {
  return check(db, 'quick_check');
}

/**
 * `PRAGMA integrity_check` of a history file, opened read-only (falling back to a plain open when a WAL file needs
 * its shared-memory index created), without migrating or marking anything: safe on a damaged file.
 */
export function integrityCheck(path: string): { path: string; ok: boolean; problems: string[] } {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    if (isDamage(error)) return { path, ok: false, problems: [(error as Error).message] };
    if ((error as { code?: string }).code !== 'SQLITE_CANTOPEN') throw error;
    db = new Database(path, { fileMustExist: true });
  }
  try {
    const problems = check(db, 'integrity_check');
    return { path, ok: problems.length === 0, problems };
  } finally {
    db.close();
  }
}
