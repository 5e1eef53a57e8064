import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseDamagedError, isDamage, quickCheck } from './integrity';
import { DatabaseTooNewError, LATEST_SCHEMA_VERSION, migrate, schemaVersion } from './migrations/index';

export type HistoryDb = Database.Database;

/**
 * Opens (creating if needed) the history database and brings its schema up to date. Refused before anything is
 * written to it: a database written by a newer app, and a damaged one (SQLite's quick_check, integrity.ts).
 */
export function openHistoryDb(path: string): HistoryDb {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: HistoryDb;
  try {
    db = new Database(path);
  } catch (error) {
    throw isDamage(error) ? new DatabaseDamagedError(path, [(error as Error).message]) : error;
  }
  try {
    let found: number;
    try {
      found = schemaVersion(db);
    } catch (error) {
      throw isDamage(error) ? new DatabaseDamagedError(path, [(error as Error).message]) : error;
    }
    if (found > LATEST_SCHEMA_VERSION) throw new DatabaseTooNewError(path, found, LATEST_SCHEMA_VERSION);
    db.pragma('busy_timeout = 5000');
    const problems = quickCheck(db);
    if (problems.length > 0) throw new DatabaseDamagedError(path, problems);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
