import type { Migration } from './types';

/**
 * Version 1: the history. Every data set, fit, simulation, sweep and comparison is an `entries` row; numeric arrays
 * (columns of a data set, weights, curves) live in `entry_arrays` as raw little-endian typed-array bytes with their
 * dtype and shape, never as JSON text. `datasets` adds what only an import has (file hash, mapping, report, the
 * original bytes so an import can be redone).
 */
export const migration001: Migration = {
  version: 1,
  name: 'initial history schema',
  up(db) {
    db.exec(`
      CREATE TABLE entries (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL,
        name          TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('queued','running','done','failed','cancelled','interrupted')),
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
        -- The process running the job, so a second process (CLI next to the app) can tell a live job from a dead one.
        owner_pid     INTEGER,
        owner_host    TEXT
      );
      CREATE INDEX entries_by_created ON entries (created_at);
      CREATE INDEX entries_by_kind_status ON entries (kind, status);

      CREATE TABLE entry_tags (
        entry_id TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        tag      TEXT NOT NULL,
        PRIMARY KEY (entry_id, tag)
      );
      CREATE INDEX entry_tags_by_tag ON entry_tags (tag);

      CREATE TABLE entry_arrays (
        entry_id   TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        name       TEXT NOT NULL,
        dtype      TEXT NOT NULL CHECK (dtype IN ('float64','float32','int32','uint32','int16','uint16','int8','uint8')),
        shape_json TEXT NOT NULL,
        data       BLOB NOT NULL,
        PRIMARY KEY (entry_id, name)
      );

      -- Provenance: which entries (data sets, earlier runs) an entry was computed from.
      CREATE TABLE entry_inputs (
        entry_id       TEXT NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
        input_entry_id TEXT NOT NULL REFERENCES entries (id),
        role           TEXT NOT NULL,
        PRIMARY KEY (entry_id, input_entry_id, role)
      );

      CREATE TABLE datasets (
        entry_id         TEXT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
        source_file_name TEXT NOT NULL,
        sha256           TEXT NOT NULL,
        byte_size        INTEGER NOT NULL,
        imported_at      TEXT NOT NULL,
        mapping_json     TEXT NOT NULL,
        row_count        INTEGER NOT NULL,
        report_json      TEXT NOT NULL,
        original_bytes   BLOB
      );
      CREATE INDEX datasets_by_sha256 ON datasets (sha256);
    `);
  },
};
