import type { ApiHandlers } from '@core/contract/api';
import { notFound } from '@core/contract/errors';
import type { EntryDetail } from '@core/contract/entries';
import type { HistoryDb } from '../db/connection';
import type { EntriesRepo } from '../db/entries-repo';
import { createHistoryRepo } from '../db/history-repo';
import type { JobManager } from '../jobs/manager';
import { createBundle } from './bundle';
import { compareEntries } from './compare';
import { exportEntry } from './export';
import { rerunRequest } from './rerun';

type HistoryCalls = 'rerunEntry' | 'compareEntries' | 'emptyTrash' | 'exportEntry' | 'exportBundle';

/** The handlers of the history-wide calls; spread into createHandlers (api/handlers.ts). */
export function createHistoryHandlers(deps: { db: HistoryDb; entries: EntriesRepo; jobs: JobManager }): Pick<ApiHandlers, HistoryCalls> {
  const repo = createHistoryRepo(deps.db);
  const detail = (id: string): EntryDetail => {
    const entry = deps.entries.get(id);
    if (!entry) throw notFound(`History entry ${id}`);
    return entry;
  };
  const requireAll = (ids: string[]) => {
    const missing = repo.missing(ids);
    if (missing.length) throw notFound(`History entr${missing.length > 1 ? 'ies' : 'y'} ${missing.join(', ')}`);
  };
  return {
    // Through the job manager like startJob, so data-set references in the config are resolved the same way.
    rerunEntry: ({ id }) => deps.jobs.start(rerunRequest(detail(id))),
    compareEntries: ({ ids }) => {
      requireAll(ids);
      return compareEntries(ids.map(detail));
    },
    emptyTrash: () => repo.emptyTrash(),
    exportEntry: ({ id }) => {
      const summary = deps.entries.summary(id);
      if (!summary) throw notFound(`History entry ${id}`);
      return exportEntry(summary, repo, summary.kind === 'dataset' ? deps.entries.get(id)?.result : undefined);
    },
    exportBundle: ({ ids }) => {
      requireAll(ids);
      return createBundle(deps.db, ids);
    },
  };
}
