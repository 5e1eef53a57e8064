import type { Migration } from './types';

/**
 * Version 3: jobs on a Slurm cluster. An entry can be 'on-cluster' (its array job was submitted, or its folder written
 * for submission elsewhere, and its result is not collected yet), and `entry_cluster` records where: the job folder,
 * the array job ids (one per submission, resumes included), the task and shard counts, and when it was submitted and
 * collected. SQLite changes a CHECK constraint only by rebuilding the table, so `entries` is copied into a new table
 * with the wider status list, row for row (same rowids, so history order is kept), and its indexes are made again.
 */
export const migration003: Migration = {
  version: 3,
  name: 'entries on a Slurm cluster',
  rebuildsTables: true,
  up(db) {
    db.exec(`
      CREATE TABLE entries_v3 (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted','on-cluster')),
        job_kind      TEXT,
        config_json   TEXT NOT NULL DEFAULT '{}',
        seed          INTEGER,
        app_version   TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        started_at    TEXT,
        finished_at   TEXT,
        duration_ms   REAL,
        result_json   TEXT,
        headline_json TEXT NOT NULL DEFAULT '{}',
        error         TEXT,
        notes         TEXT NOT NULL DEFAULT '',
        deleted_at    TEXT,
        owner_pid     INTEGER,
        owner_host    TEXT,
        owner_started TEXT
      );
      INSERT INTO entries_v3 (rowid, id, kind, name, status, job_kind, config_json, seed, app_version, created_at, started_at,
                              finished_at, duration_ms, result_json, headline_json, error, notes, deleted_at, owner_pid, owner_host, owner_started)
        SELECT rowid, id, kind, name, status, job_kind, config_json, seed, app_version, created_at, started_at,
               finished_at, duration_ms, result_json, headline_json, error, notes, deleted_at, owner_pid, owner_host, owner_started FROM entries;
      DROP TABLE entries;
      ALTER TABLE entries_v3 RENAME TO entries;
      CREATE INDEX entries_by_created ON entries (created_at);
      CREATE INDEX entries_by_kind_status ON entries (kind, status);

      CREATE TABLE entry_cluster (
        entry_id       TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        dir            TEXT NOT NULL,
        array_job_ids  TEXT NOT NULL DEFAULT '[]',
        tasks          INTEGER NOT NULL,
        shards         INTEGER NOT NULL,
        submitted_at   TEXT,
        collected_at   TEXT
      );
    `);
  },
};
