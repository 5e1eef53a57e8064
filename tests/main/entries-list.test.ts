import { beforeEach, describe, expect, it } from 'vitest';
import { openHistoryDb, type HistoryDb } from '../../src-main/db/connection';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { listHistorySchema } from '../../src-core/contract/entries';

// The History page's search, filters and sort, straight on the repository (the API adds only schema validation).
let db: HistoryDb;
let repo: ReturnType<typeof createEntriesRepo>;
const ids: Record<string, string> = {};

beforeEach(() => {
  db = openHistoryDb(':memory:');
  repo = createEntriesRepo(db);
  const make = (name: string, kind: 'fit' | 'simulation' | 'dataset', at: string, durationS: number) => {
    const id = repo.create({ kind, name, status: 'running', jobKind: kind === 'dataset' ? null : `${kind}-job`, config: {}, seed: 1, appVersion: '0.1.0', now: new Date(at) }).id;
    repo.finish(id, { status: 'done', now: new Date(Date.parse(at) + durationS * 1000), result: {} });
    return id;
  };
  ids.early = make('Fit of spines 50%', 'fit', '2026-03-01T10:00:00.000Z', 5);
  ids.middle = make('Width sweep', 'simulation', '2026-03-02T23:30:00.000Z', 60);
  ids.late = make('spines.csv', 'dataset', '2026-03-05T08:00:00.000Z', 1);
  repo.update(ids.middle, { tags: ['paper-fig2'], notes: 'c = 2, long run' });
  repo.update(ids.early, { tags: ['paper-fig2', 'V1'] });
});

const list = (filter: object) => repo.list(listHistorySchema.parse(filter) as Parameters<typeof repo.list>[0]).entries.map((e) => e.id);

describe('history list: search, filters, sort', () => {
  it('searches names, notes and tags, treating % and _ literally', () => {
    expect(list({ query: 'spines' }).sort()).toEqual([ids.early, ids.late].sort());
    expect(list({ query: 'long run' })).toEqual([ids.middle]);
    expect(list({ query: 'V1' })).toEqual([ids.early]);
    expect(list({ query: '50%' })).toEqual([ids.early]);
    expect(list({ query: '5_%' })).toEqual([]);
  });

  it('filters by kind, tag and status', () => {
    expect(list({ kinds: ['simulation', 'dataset'] })).toEqual([ids.late, ids.middle]);
    expect(list({ tag: 'paper-fig2' })).toEqual([ids.middle, ids.early]);
    expect(list({ statuses: ['failed'] })).toEqual([]);
  });

  it('filters by creation date: from (inclusive) and before (exclusive), whatever the offset written', () => {
    expect(list({ createdFrom: '2026-03-02T00:00:00Z' })).toEqual([ids.late, ids.middle]);
    expect(list({ createdBefore: '2026-03-02T23:30:00.000Z' })).toEqual([ids.early]);
    // 2026-03-03T00:30+01:00 is 23:30Z on the 2nd: the same instant as the middle entry, so it is included from it.
    expect(list({ createdFrom: '2026-03-03T00:30:00+01:00', createdBefore: '2026-03-05T00:00:00Z' })).toEqual([ids.middle]);
    expect(() => listHistorySchema.parse({ createdFrom: '2 March' })).toThrow(/createdFrom/);
  });

  it('sorts by creation, name and duration, and pages', () => {
    expect(list({ sort: 'created-asc' })).toEqual([ids.early, ids.middle, ids.late]);
    expect(list({ sort: 'name-asc' })).toEqual([ids.early, ids.late, ids.middle]);
    expect(list({ sort: 'duration-desc' })).toEqual([ids.middle, ids.early, ids.late]);
    expect(list({ sort: 'created-asc', limit: 1, offset: 1 })).toEqual([ids.middle]);
  });

  it('shows the trash apart from the live entries', () => {
    repo.setDeleted(ids.middle, new Date('2026-03-06T00:00:00Z'));
    expect(list({})).toEqual([ids.late, ids.early]);
    expect(list({ trash: true })).toEqual([ids.middle]);
  });
});
