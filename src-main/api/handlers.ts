import type { ApiHandlers, AppInfo } from '@core/contract/api';
import { notFound } from '@core/contract/errors';
import type { EntriesRepo } from '../db/entries-repo';
import type { JobManager } from '../jobs/manager';
import type { HistoryDb } from '../db/connection';
import { createHistoryHandlers } from '../history/handlers';
import { createClusterHandlers } from '../cluster/handlers';
import type { ClusterService } from '../cluster/service';
import type { Importer } from '../import/importer';
import { listExamples, readExample } from '../import/examples';

export interface HandlerDeps {
  entries: EntriesRepo;
  jobs: JobManager;
  db: HistoryDb;
  importer: Importer;
  cluster: ClusterService;
  info: AppInfo;
  now?: () => Date;
}

/**
 * The implementation of every API call. Inputs arrive validated (contract/dispatch.ts); transports never call these
 * directly.
 */
export function createHandlers(deps: HandlerDeps): ApiHandlers {
  const now = deps.now ?? (() => new Date());
  const requireEntry = (id: string) => {
    const entry = deps.entries.summary(id);
    if (!entry) throw notFound(`History entry ${id}`);
    return entry;
  };
  return {
    getAppInfo: () => deps.info,
    listHistory: (input) => deps.entries.list(input),
    getEntry: ({ id }) => {
      const entry = deps.entries.get(id);
      if (!entry) throw notFound(`History entry ${id}`);
      return { ...entry, inputs: deps.importer.inputsOf(id) };
    },
    updateEntry: ({ id, ...patch }) => {
      requireEntry(id);
      return deps.entries.update(id, patch);
    },
    deleteEntry: ({ id }) => {
      requireEntry(id);
      return deps.entries.setDeleted(id, now());
    },
    restoreEntry: ({ id }) => {
      requireEntry(id);
      return deps.entries.setDeleted(id, null);
    },
    startJob: (input) => deps.jobs.start(input),
    cancelJob: ({ jobId }) => ({ cancelled: deps.jobs.cancel(jobId) || deps.importer.cancel(jobId) }),
    ...createHistoryHandlers(deps),
    ...createClusterHandlers(deps),
    listJobs: () => [...deps.jobs.list(), ...deps.importer.list()],
    previewImport: (input, call) => deps.importer.preview(input, call?.signal),
    importDataset: (input, call) => deps.importer.importDataset(input, undefined, call?.signal),
    getDataset: ({ id }) => {
      const dataset = deps.importer.get(id);
      if (!dataset) throw notFound(`Data set ${id}`);
      return dataset;
    },
    listDatasets: ({ includeTrash }) => deps.importer.listDatasets(includeTrash),
    getDatasetColumn: (input) => deps.importer.column(input),
    listExamples: () => listExamples(),
    getExample: ({ fileName }) => readExample(fileName),
  };
}
