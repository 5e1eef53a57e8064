import Database from 'better-sqlite3';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import type { HistoryDb } from '../db/connection';
import { allEntryIds } from '../db/history-repo';

export interface BackupReport {
  path: string;
  bytes: number;
  entries: number;
}

/**
 * The whole history as one SQLite file, through SQLite's online backup API: pages are copied in steps while the app
 * goes on writing, and the copy restarts if another connection changes the source, so the file is always one
 * consistent state. It is written under a temporary name and renamed at the end, so a crash leaves no half backup
 * under the name asked for. The copy is switched to a rollback journal so it is one self-contained file.
 */
export async function backupHistory(db: HistoryDb, path: string, options: { overwrite?: boolean } = {}): Promise<BackupReport> {
  if (existsSync(path) && !options.overwrite) throw new Error(`${path} already exists; choose another name (nothing was written)`);
  const partial = `${path}.partial-${process.pid}`;
  try {
    // Another connection writing restarts the copy at its next step; a steady writer (the app, while the CLI backs
    // up) could restart it forever, so after a few restarts the rest is copied in one step.
    let last = Infinity;
    let restarts = 0;
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > last) restarts++;
        last = remainingPages;
        return restarts >= 3 ? Math.max(totalPages, 1) : 100;
      },
    });
    const copy = new Database(partial);
    let entries: number;
    try {
      copy.pragma('journal_mode = DELETE');
      entries = allEntryIds(copy).length;
    } finally {
      copy.close();
    }
    renameSync(partial, path);
    return { path, bytes: statSync(path).size, entries };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${partial}${suffix}`, { force: true });
  }
}
