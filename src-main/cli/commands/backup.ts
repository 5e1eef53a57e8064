import { existsSync, writeFileSync } from 'node:fs';
import { openHistoryDb } from '../../db/connection';
import { createHistoryRepo } from '../../db/history-repo';
import { backupHistory } from '../../history/backup';
import { createBundle } from '../../history/bundle';
import { MergeRefusedError, mergeHistoryFile } from '../../history/merge';
import { defaultDatabasePath } from '../paths';
import { CliError, toJson, type CliIo } from '../io';

/**
 * `history backup PATH`, `history restore-backup PATH` and `history bundle ID... --out FILE`. They touch only the database (no worker pool), and run
 * safely while the desktop app has the same history open: the backup is an online SQLite backup, the merge one
 * transaction.
 */
export interface BackupOptions {
  db?: string;
  json: boolean;
  force: boolean;
}

export async function backupCommand(path: string | undefined, options: BackupOptions, io: CliIo): Promise<number> {
  if (!path) throw new CliError('history backup needs the PATH of the backup file to write', 2);
  const db = openHistoryDb(options.db ?? defaultDatabasePath());
  try {
    const report = await backupHistory(db, path, { overwrite: options.force }).catch((error: Error) => {
      throw new CliError(error.message, /already exists/.test(error.message) ? 2 : 1);
    });
    io.out(options.json ? toJson(report) : `backed up ${report.entries} entries (${report.bytes} bytes) to ${report.path}`);
    return 0;
  } finally {
    db.close();
  }
}

export async function restoreBackupCommand(path: string | undefined, options: BackupOptions, io: CliIo): Promise<number> {
  if (!path) throw new CliError('history restore-backup needs the PATH of a backup or bundle file', 2);
  const db = openHistoryDb(options.db ?? defaultDatabasePath());
  try {
    const report = await mergeHistoryFile(db, path).catch((error: Error) => {
      // A file that cannot be merged (not a history, newer, damaged, unreadable rows) is a file problem: exit 1.
      throw error instanceof MergeRefusedError ? new CliError(error.message, 1) : error;
    });
    if (options.json) {
      io.out(toJson(report));
      return 0;
    }
    const lines = [`restored ${report.copied.length} entries from ${path}${report.migrated ? ` (schema ${report.schemaVersion}, migrated in a temporary copy)` : ''}`];
    if (report.completed.length) lines.push(`completed ${report.completed.length} entries that were waiting for their cluster result: ${report.completed.join(', ')}`);
    if (report.skipped.length) lines.push(`skipped ${report.skipped.length} already in this history: ${report.skipped.join(', ')}`);
    if (report.interrupted.length) lines.push(`${report.interrupted.length} were still running when the backup was taken: marked interrupted`);
    if (report.danglingRows) lines.push(`${report.danglingRows} provenance rows referred to entries in neither history and were left out`);
    io.out(lines.join('\n'));
    return 0;
  } finally {
    db.close();
  }
}

/** A shareable bundle of chosen entries (plus what they were computed from), mergeable with restore-backup. */
export async function bundleCommand(ids: string[], options: BackupOptions & { out?: string }, io: CliIo): Promise<number> {
  if (ids.length === 0) throw new CliError('history bundle needs one or more entry IDs', 2);
  if (!options.out) throw new CliError('history bundle needs --out FILE (the bundle to write)', 2);
  if (existsSync(options.out) && !options.force) throw new CliError(`${options.out} already exists; choose another name or pass --force`, 2);
  const db = openHistoryDb(options.db ?? defaultDatabasePath());
  try {
    const missing = createHistoryRepo(db).missing(ids);
    if (missing.length) throw new CliError(`history entries not found: ${missing.join(', ')}`, 2);
    const bundle = createBundle(db, ids);
    writeFileSync(options.out, bundle.bytes);
    const report = { path: options.out, bytes: bundle.bytes.length, entryIds: bundle.entryIds };
    io.out(options.json ? toJson(report) : `wrote ${bundle.entryIds.length} entries (${ids.length} chosen, the rest their inputs) to ${options.out}`);
    return 0;
  } finally {
    db.close();
  }
}
