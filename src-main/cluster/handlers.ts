import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiHandlers } from '@core/contract/api';
import { ApiError } from '@core/contract/errors';
import type { HistoryDb } from '../db/connection';
import { mergeHistoryFile, MergeRefusedError } from '../history/merge';
import { clusterCapabilities } from './runtime';
import type { ClusterService } from './service';

type ClusterCalls = 'clusterCapabilities' | 'submitClusterJob' | 'exportClusterJob' | 'clusterStatus' | 'collectClusterJob' | 'resumeClusterJob' | 'importCollected';

/** The handlers of the cluster calls; spread into createHandlers (api/handlers.ts). */
export function createClusterHandlers(deps: { db: HistoryDb; cluster: ClusterService }): Pick<ApiHandlers, ClusterCalls> {
  return {
    clusterCapabilities: () => clusterCapabilities(),
    submitClusterJob: (input) => deps.cluster.submit(input),
    exportClusterJob: (input) => deps.cluster.exportJob(input),
    clusterStatus: ({ entryId }) => deps.cluster.statusOfEntry(entryId),
    collectClusterJob: async ({ entryId }) => {
      const { alreadyCollected: _, ...outcome } = await deps.cluster.collectEntry(entryId);
      return outcome;
    },
    resumeClusterJob: ({ entryId }) => deps.cluster.resumeEntry(entryId),
    importCollected: async ({ bytes }) => {
      const scratch = mkdtempSync(join(tmpdir(), 'plasticity-collected-'));
      try {
        const path = join(scratch, 'collected.sqlite');
        writeFileSync(path, bytes);
        const report = await mergeHistoryFile(deps.db, path).catch((error: Error) => {
          throw error instanceof MergeRefusedError ? new ApiError({ code: 'invalid-input', message: error.message.replace(path, 'the file') }) : error;
        });
        return { completed: report.completed, copied: report.copied, skipped: report.skipped };
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}
