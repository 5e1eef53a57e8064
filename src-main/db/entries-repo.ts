import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { EntryDetail, EntryKind, EntryStatus, EntrySummary } from '@core/contract/entries';
import type { HistoryDb } from './connection';
import { decodeArray, joinArrays, splitArrays } from './arrays';
import { ownProcessStart, ownerIsAlive, processIsAlive, processStart } from './owner-process';
import { clusterInfoOf } from './cluster-repo';

/** Repository of history entries: the only place SQL about entries is written. */

interface EntryRow {
  id: string; kind: EntryKind; name: string; status: EntryStatus; job_kind: string | null; config_json: string;
  seed: number | null; app_version: string; created_at: string; started_at: string | null; finished_at: string | null;
  duration_ms: number | null; result_json: string | null; headline_json: string; error: string | null; notes: string;
  deleted_at: string | null;
}

export interface NewEntry {
  /** Given when the entry already exists elsewhere (a cluster job collected into another machine's history). */
  id?: string;
  kind: EntryKind;
  name: string;
  status: EntryStatus;
  jobKind: string | null;
  config: unknown;
  seed: number | null;
  appVersion: string;
  now: Date;
}

export interface ListFilter {
  query?: string;
  kinds?: EntryKind[];
  statuses?: EntryStatus[];
  tag?: string;
  createdFrom?: string;
  createdBefore?: string;
  trash: boolean;
  sort: 'created-desc' | 'created-asc' | 'name-asc' | 'duration-desc';
  limit: number;
  offset: number;
}

const ORDER: Record<ListFilter['sort'], string> = {
  'created-desc': 'e.created_at DESC, e.rowid DESC',
  'created-asc': 'e.created_at ASC, e.rowid ASC',
  'name-asc': 'e.name COLLATE NOCASE ASC',
  'duration-desc': 'e.duration_ms DESC NULLS LAST',
};

export function createEntriesRepo(db: HistoryDb) {
  const tagsOf = db.prepare<[string], { tag: string }>('SELECT tag FROM entry_tags WHERE entry_id = ? ORDER BY tag');
  const byId = db.prepare<[string], EntryRow>('SELECT * FROM entries WHERE id = ?');
  const arraysOf = db.prepare<[string], { name: string; dtype: string; data: Buffer }>(
    'SELECT name, dtype, data FROM entry_arrays WHERE entry_id = ?',
  );
  const insertArray = db.prepare('INSERT OR REPLACE INTO entry_arrays (entry_id, name, dtype, shape_json, data) VALUES (?, ?, ?, ?, ?)');

  const toSummary = (row: EntryRow): EntrySummary => ({
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    jobKind: row.job_kind,
    seed: row.seed,
    appVersion: row.app_version,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    tags: tagsOf.all(row.id).map((t) => t.tag),
    notes: row.notes,
    error: row.error,
    deletedAt: row.deleted_at,
    headline: JSON.parse(row.headline_json) as Record<string, number | string>,
  });

  function requireRow(id: string): EntryRow {
    const row = byId.get(id);
    if (!row) throw new Error(`history entry ${id} not found`);
    return row;
  }

  return {
    create(entry: NewEntry): EntrySummary {
      const id = entry.id ?? randomUUID();
      const { json, arrays } = splitArrays(entry.config);
      db.transaction(() => {
        db.prepare(
          `INSERT INTO entries (id, kind, name, status, job_kind, config_json, seed, app_version, created_at, started_at,
                                owner_pid, owner_host, owner_started)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(id, entry.kind, entry.name, entry.status, entry.jobKind, json, entry.seed, entry.appVersion,
          entry.now.toISOString(), entry.status === 'running' || entry.status === 'on-cluster' ? entry.now.toISOString() : null, process.pid, hostname(), ownProcessStart());
        for (const a of arrays) insertArray.run(id, `config:${a.name}`, a.dtype, JSON.stringify(a.shape), a.data);
      })();
      return toSummary(requireRow(id));
    },

    /** Final state of a job: result (typed arrays stored as BLOBs) or error, and timings. */
    finish(id: string, outcome: { status: Exclude<EntryStatus, 'queued' | 'running'>; result?: unknown; headline?: Record<string, number | string>; error?: string | null; now: Date }) {
      const row = requireRow(id);
      const started = row.started_at ? Date.parse(row.started_at) : Date.parse(row.created_at);
      const split = outcome.result === undefined ? null : splitArrays(outcome.result);
      db.transaction(() => {
        db.prepare(
          `UPDATE entries SET status = ?, result_json = ?, headline_json = ?, error = ?, finished_at = ?, duration_ms = ? WHERE id = ?`,
        ).run(outcome.status, split?.json ?? null, JSON.stringify(outcome.headline ?? {}), outcome.error ?? null,
          outcome.now.toISOString(), outcome.now.getTime() - started, id);
        for (const a of split?.arrays ?? []) insertArray.run(id, `result:${a.name}`, a.dtype, JSON.stringify(a.shape), a.data);
      })();
    },

    get(id: string): EntryDetail | null {
      const row = byId.get(id);
      if (!row) return null;
      const config = new Map<string, Float64Array>();
      const result = new Map<string, Float64Array>();
      for (const a of arraysOf.all(id)) {
        const [scope, ...rest] = a.name.split(':');
        (scope === 'config' ? config : result).set(rest.join(':'), decodeArray(a) as Float64Array);
      }
      return {
        ...toSummary(row),
        config: joinArrays(row.config_json, config),
        result: row.result_json === null ? null : joinArrays(row.result_json, result),
        cluster: clusterInfoOf(db, id),
      };
    },

    summary(id: string): EntrySummary | null {
      const row = byId.get(id);
      return row ? toSummary(row) : null;
    },

    list(filter: ListFilter): { entries: EntrySummary[]; total: number } {
      const where: string[] = [filter.trash ? 'e.deleted_at IS NOT NULL' : 'e.deleted_at IS NULL'];
      const params: unknown[] = [];
      if (filter.query) {
        where.push(`(e.name LIKE ? ESCAPE '\\' OR e.notes LIKE ? ESCAPE '\\' OR e.job_kind LIKE ? ESCAPE '\\' OR e.id = ?
                    OR EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag LIKE ? ESCAPE '\\'))`);
        const like = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        params.push(like, like, like, filter.query, like);
      }
      if (filter.kinds?.length) {
        where.push(`e.kind IN (${filter.kinds.map(() => '?').join(',')})`);
        params.push(...filter.kinds);
      }
      if (filter.statuses?.length) {
        where.push(`e.status IN (${filter.statuses.map(() => '?').join(',')})`);
        params.push(...filter.statuses);
      }
      if (filter.tag) {
        where.push('EXISTS (SELECT 1 FROM entry_tags t WHERE t.entry_id = e.id AND t.tag = ?)');
        params.push(filter.tag);
      }
      // created_at is stored as ISO 8601 UTC ('...Z'); bounds are normalised to the same form so text order is time order.
      if (filter.createdFrom) {
        where.push('e.created_at >= ?');
        params.push(new Date(filter.createdFrom).toISOString());
      }
      if (filter.createdBefore) {
        where.push('e.created_at < ?');
        params.push(new Date(filter.createdBefore).toISOString());
      }
      const clause = where.join(' AND ');
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM entries e WHERE ${clause}`).get(...params) as { n: number }).n;
      const rows = db
        .prepare(`SELECT e.* FROM entries e WHERE ${clause} ORDER BY ${ORDER[filter.sort]} LIMIT ? OFFSET ?`)
        .all(...params, filter.limit, filter.offset) as EntryRow[];
      return { entries: rows.map(toSummary), total };
    },

    update(id: string, patch: { name?: string; notes?: string; tags?: string[] }): EntrySummary {
      requireRow(id);
      db.transaction(() => {
        if (patch.name !== undefined) db.prepare('UPDATE entries SET name = ? WHERE id = ?').run(patch.name, id);
        if (patch.notes !== undefined) db.prepare('UPDATE entries SET notes = ? WHERE id = ?').run(patch.notes, id);
        if (patch.tags !== undefined) {
          db.prepare('DELETE FROM entry_tags WHERE entry_id = ?').run(id);
          const insert = db.prepare('INSERT OR IGNORE INTO entry_tags (entry_id, tag) VALUES (?, ?)');
          for (const tag of patch.tags) insert.run(id, tag.trim());
        }
      })();
      return toSummary(requireRow(id));
    },

    setDeleted(id: string, deletedAt: Date | null): EntrySummary {
      requireRow(id);
      db.prepare('UPDATE entries SET deleted_at = ? WHERE id = ?').run(deletedAt?.toISOString() ?? null, id);
      return toSummary(requireRow(id));
    },

    /**
     * At start-up: jobs left queued or running by a process that no longer exists can never finish. Jobs of a live
     * process on this machine (the app, while the CLI runs beside it) are left alone; a live PID whose process
     * started at another time than the owner's is a new process that reused the PID (owner-process.ts).
     */
    markInterrupted(now: Date, isAlive: (pid: number) => boolean = processIsAlive, startOf: (pid: number) => string | null = processStart): number {
      const stale = (db.prepare(`SELECT id, owner_pid, owner_host, owner_started FROM entries WHERE status IN ('queued', 'running')`).all() as
        { id: string; owner_pid: number | null; owner_host: string | null; owner_started: string | null }[])
        .filter((row) => row.owner_pid === null || row.owner_host !== hostname() || row.owner_pid === process.pid
          || !ownerIsAlive(row.owner_pid, row.owner_started, isAlive, startOf));
      const mark = db.prepare(
        `UPDATE entries SET status = 'interrupted', finished_at = ?,
           error = 'The app stopped while this job was running; re-run it to get a result.' WHERE id = ?`,
      );
      db.transaction(() => stale.forEach((row) => mark.run(now.toISOString(), row.id)))();
      return stale.length;
    },
  };
}

export type EntriesRepo = ReturnType<typeof createEntriesRepo>;
