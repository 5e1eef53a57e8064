import type { Database } from 'better-sqlite3';

/** One schema version. `up` runs inside a transaction together with the user_version bump. */
export interface Migration {
  version: number;
  name: string;
  /**
   * The migration rebuilds a table other tables refer to (SQLite changes a CHECK constraint only that way): foreign
   * keys are switched off around its transaction, as SQLite's documented procedure requires, so dropping the old
   * table does not cascade to the rows that refer to it; every reference is checked before the commit.
   */
  rebuildsTables?: boolean;
  up(db: Database): void;
}
