import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseTooNewError, LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations/index';

export type HistoryDb = Database.Database;

/**
 * Opens (creating if needed) the history database and brings its schema up to date. A database written by a newer
 * app is refused before anything is written to it.
 */
export function openHistoryDb(path: string): HistoryDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    const found = schemaVersion(db);
    if (found > LATEST_SCHEMA_VERSION) throw new DatabaseTooNewError(path, found, LATEST_SCHEMA_VERSION);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
