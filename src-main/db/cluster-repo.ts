import type { Database } from 'better-sqlite3';
import type { ClusterInfo } from '@core/contract/entries';
import type { HistoryDb } from './connection';

/** Where entries computed on a Slurm cluster ran (table entry_cluster, schema v3): the only SQL about it. */

interface ClusterRow {
  dir: string;
  array_job_ids: string;
  tasks: number;
  shards: number;
  submitted_at: string | null;
  collected_at: string | null;
}

const toInfo = (row: ClusterRow): ClusterInfo => ({
  dir: row.dir, arrayJobIds: JSON.parse(row.array_job_ids) as string[], tasks: row.tasks, shards: row.shards,
  submittedAt: row.submitted_at, collectedAt: row.collected_at,
});

/** The cluster record of one entry, or null for a local run. */
export function clusterInfoOf(db: Database, entryId: string): ClusterInfo | null {
  const row = db.prepare('SELECT * FROM entry_cluster WHERE entry_id = ?').get(entryId) as ClusterRow | undefined;
  return row ? toInfo(row) : null;
}

export function createClusterRepo(db: HistoryDb) {
  return {
    get: (entryId: string) => clusterInfoOf(db, entryId),

    record(entryId: string, info: { dir: string; tasks: number; shards: number }): void {
      db.prepare('INSERT INTO entry_cluster (entry_id, dir, tasks, shards) VALUES (?, ?, ?, ?)').run(entryId, info.dir, info.tasks, info.shards);
    },

    /** One more array job for this entry (the first submission or a resume). */
    addSubmission(entryId: string, arrayJobId: string, at: Date): void {
      db.transaction(() => {
        const info = clusterInfoOf(db, entryId);
        if (!info) throw new Error(`history entry ${entryId} has no cluster record`);
        if (info.arrayJobIds.includes(arrayJobId)) return;
        db.prepare('UPDATE entry_cluster SET array_job_ids = ?, submitted_at = COALESCE(submitted_at, ?) WHERE entry_id = ?')
          .run(JSON.stringify([...info.arrayJobIds, arrayJobId]), at.toISOString(), entryId);
      })();
    },

    /** The folder as the history names it (an exported job: its folder name, its place on the cluster unknown). */
    setDir(entryId: string, dir: string): void {
      db.prepare('UPDATE entry_cluster SET dir = ? WHERE entry_id = ?').run(dir, entryId);
    },

    markCollected(entryId: string, at: Date): void {
      db.prepare('UPDATE entry_cluster SET collected_at = ? WHERE entry_id = ?').run(at.toISOString(), entryId);
    },

    /** Entries still waiting for their cluster result, newest first. */
    pending(): { entryId: string; dir: string }[] {
      return db.prepare(
        `SELECT c.entry_id AS entryId, c.dir FROM entry_cluster c JOIN entries e ON e.id = c.entry_id
         WHERE e.status = 'on-cluster' ORDER BY e.created_at DESC`,
      ).all() as { entryId: string; dir: string }[];
    },
  };
}

export type ClusterRepo = ReturnType<typeof createClusterRepo>;

/**
 * Bringing a collected result home: among `ids` (entries a merged bundle holds that the target already has), those
 * the target still has 'on-cluster' and the source has 'done' take the source's result, headline, timings and result
 * arrays, and the cluster record's collection time; everything else of the target's entry (name, notes, tags, inputs)
 * stays. One transaction; returns the ids completed.
 */
export function completeClusterEntries(source: Database, target: Database, ids: string[]): string[] {
  const completed: string[] = [];
  const status = (db: Database, id: string) => db.prepare('SELECT status FROM entries WHERE id = ?').pluck().get(id) as string | undefined;
  const read = source.prepare('SELECT result_json, headline_json, error, started_at, finished_at, duration_ms FROM entries WHERE id = ?');
  const arrays = source.prepare(`SELECT name, dtype, shape_json, data FROM entry_arrays WHERE entry_id = ? AND name LIKE 'result:%' ORDER BY rowid`);
  const cluster = source.prepare('SELECT array_job_ids, collected_at FROM entry_cluster WHERE entry_id = ?');
  target.transaction(() => {
    for (const id of ids) {
      if (status(target, id) !== 'on-cluster' || status(source, id) !== 'done') continue;
      const row = read.get(id) as { result_json: string; headline_json: string; error: string | null; started_at: string | null; finished_at: string; duration_ms: number | null };
      target.prepare(
        `UPDATE entries SET status = 'done', result_json = ?, headline_json = ?, error = ?, started_at = COALESCE(started_at, ?),
           finished_at = ?, duration_ms = ? WHERE id = ?`,
      ).run(row.result_json, row.headline_json, row.error, row.started_at, row.finished_at, row.duration_ms, id);
      target.prepare(`DELETE FROM entry_arrays WHERE entry_id = ? AND name LIKE 'result:%'`).run(id);
      const insert = target.prepare('INSERT INTO entry_arrays (entry_id, name, dtype, shape_json, data) VALUES (?, ?, ?, ?, ?)');
      for (const a of arrays.all(id) as { name: string; dtype: string; shape_json: string; data: Buffer }[]) insert.run(id, a.name, a.dtype, a.shape_json, a.data);
      const c = cluster.get(id) as { array_job_ids: string; collected_at: string | null } | undefined;
      if (c) {
        target.prepare(`UPDATE entry_cluster SET collected_at = ?, array_job_ids = CASE WHEN array_job_ids = '[]' THEN ? ELSE array_job_ids END WHERE entry_id = ?`)
          .run(c.collected_at ?? row.finished_at, c.array_job_ids, id);
      }
      completed.push(id);
    }
  })();
  return completed;
}
