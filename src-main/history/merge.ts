import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryDb } from '../db/connection';
import { allEntryIds, copyEntries, createHistoryRepo, type CopyReport } from '../db/history-repo';
import { validateEntries } from '../db/history-validate';
import { quickCheck } from '../db/integrity';
import { completeClusterEntries, createClusterRepo } from '../db/cluster-repo';
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from '../db/migrations/index';

export interface MergeReport extends CopyReport {
  path: string;
  /** Schema version of the file; when older than this app's, a temporary copy was migrated and merged instead. */
  schemaVersion: number;
  migrated: boolean;
  /** Entries waiting here for a cluster result that the file holds collected: they now have it (not in `skipped`). */
  completed: string[];
}

/** A refused merge (not a history file, or one from a newer app); the message says what to do. */
export class MergeRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeRefusedError';
  }
}

/**
 * Merges a backup or a bundle (both are history databases) into `target`: every entry whose id the target lacks is
 * copied with all its rows, byte for byte; an id already there is skipped and reported. The file itself is never
 * written: a file from an older schema is migrated in a temporary copy, one from a newer app is refused. The one
 * exception to "skipped": an entry still 'on-cluster' here that the file holds done (the bundle `cluster collect`
 * writes) takes the file's result, so a job collected on the cluster completes the entry that sent it.
 */
export async function mergeHistoryFile(target: HistoryDb, path: string, now = new Date()): Promise<MergeReport> {
  if (!existsSync(path)) throw new MergeRefusedError(`${path}: no such file`);
  let source = openReadOnly(path);
  let scratch: string | null = null;
  try {
    const version = checkHistoryFile(source, path);
    const migrated = version < LATEST_SCHEMA_VERSION;
    if (migrated) {
      scratch = mkdtempSync(join(tmpdir(), 'plasticity-merge-'));
      const copyPath = join(scratch, 'copy.sqlite');
      await source.backup(copyPath);
      source.close();
      source = new Database(copyPath);
      source.pragma('foreign_keys = ON');
      migrate(source, copyPath);
    }
    // Only entries the target lacks are copied, and entries it still waits for from a cluster take their result from
    // here; each of those must be readable before anything is written.
    const ids = allEntryIds(source);
    const incoming = new Set(missingIn(target, ids));
    const waiting = new Set(createClusterRepo(target).pending().map((p) => p.entryId));
    const problems = validateEntries(source, ids.filter((id) => incoming.has(id) || waiting.has(id)));
    if (problems.count > 0) {
      throw new MergeRefusedError(
        `${path} holds ${problems.count} problem${problems.count === 1 ? '' : 's'} that would make entries unreadable; nothing was merged:\n`
          + problems.listed.map((p) => `  ${p}`).join('\n') + (problems.count > problems.listed.length ? `\n  ... and ${problems.count - problems.listed.length} more` : ''),
      );
    }
    const report = copyEntries(source, target, ids, { interruptRunning: true, now });
    const completed = completeClusterEntries(source, target, report.skipped);
    return { path, schemaVersion: version, migrated, ...report, skipped: report.skipped.filter((id) => !completed.includes(id)), completed };
  } finally {
    source.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function openReadOnly(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new MergeRefusedError(`${path} could not be opened: ${(error as Error).message}`);
  }
}

/** The ids of `ids` that `target` does not hold. */
function missingIn(target: HistoryDb, ids: string[]): string[] {
  return createHistoryRepo(target).missing(ids);
}

function checkHistoryFile(db: Database.Database, path: string): number {
  let version: number;
  let hasEntries: boolean;
  try {
    version = schemaVersion(db);
    hasEntries = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'entries'`).get() !== undefined;
  } catch (error) {
    throw new MergeRefusedError(`${path} is not a Plasticity Lab backup or bundle (${(error as Error).message})`);
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new MergeRefusedError(
      `${path} was written by a newer version of Plasticity Lab (schema ${version}; this version understands up to ` +
        `${LATEST_SCHEMA_VERSION}). Nothing was merged: update the app to restore it.`,
    );
  }
  if (version < 1 || !hasEntries) throw new MergeRefusedError(`${path} is not a Plasticity Lab backup or bundle (it has no history tables)`);
  const damage = quickCheck(db);
  if (damage.length > 0) throw new MergeRefusedError(`${path} is damaged (SQLite found: ${damage[0]}); nothing was merged. Restore an older backup.`);
  return version;
}
