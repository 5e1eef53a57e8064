import type { Database } from 'better-sqlite3';
import type { Migration } from './types';
import { migration001 } from './001-initial';
import { migration002 } from './002-owner-start';
import { migration003 } from './003-cluster';

/** Every migration, in order. A new schema version = a new module appended here (never edit an applied one). */
export const migrations: readonly Migration[] = [migration001, migration002, migration003];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1].version;

export class DatabaseTooNewError extends Error {
  constructor(readonly path: string, readonly found: number, readonly supported: number) {
    super(
      `The history database ${path} was written by a newer version of Plasticity Lab (schema ${found}; this version ` +
        `understands up to ${supported}). It was left untouched: update the app, or open another database with --db.`,
    );
    this.name = 'DatabaseTooNewError';
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Brings the schema up to date, one transaction per version, so a failure leaves the last good version in place. */
export function migrate(db: Database, path: string, upTo = LATEST_SCHEMA_VERSION): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > LATEST_SCHEMA_VERSION) throw new DatabaseTooNewError(path, from, LATEST_SCHEMA_VERSION);
  for (const migration of migrations) {
    if (migration.version <= schemaVersion(db) || migration.version > upTo) continue;
    // PRAGMA foreign_keys is a no-op inside a transaction, so it is switched around it.
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        migration.up(db);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`migration ${migration.version} (${migration.name}) would break ${broken.length} references; nothing was changed`);
        }
        db.pragma(`user_version = ${migration.version}`);
      })();
    } finally {
      if (migration.rebuildsTables) db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    }
  }
  return { from, to: schemaVersion(db) };
}
