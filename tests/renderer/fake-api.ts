import { vi } from 'vitest';
import type { CallName, HistoryPage, PlasticityApi } from '@core/contract/api';
import type { EntryDetail, EntrySummary } from '@core/contract/entries';
import type { ApiEventMessage, JobFinishedEvent, JobProgressEvent } from '@core/contract/events';

/**
 * A PlasticityApi for component tests: every call is a vi.fn with a harmless default, and `emit` pushes events to
 * the subscribers the way the transports do.
 */
export type FakeApi = { [N in CallName]: ReturnType<typeof vi.fn> & PlasticityApi[N] } & {
  onEvent: PlasticityApi['onEvent'];
  emit(message: ApiEventMessage): void;
  progress(payload: Partial<JobProgressEvent> & { jobId: string }): void;
  finished(payload: Partial<JobFinishedEvent> & { jobId: string }): void;
  listenerCount(): number;
};

export function createFakeApi(): FakeApi {
  const listeners = new Set<(message: ApiEventMessage) => void>();
  const emptyPage: HistoryPage = { entries: [], total: 0 };
  const fake = {
    getAppInfo: vi.fn(async () => ({ name: 'plasticity-lab', version: '0.0.0-test', databasePath: '/tmp/test.sqlite', workers: 2, versions: {} })),
    listHistory: vi.fn(async () => emptyPage),
    getEntry: vi.fn(async ({ id }: { id: string }) => entryDetail({ id })),
    updateEntry: vi.fn(async ({ id, ...patch }: { id: string; name?: string; notes?: string; tags?: string[] }) => entrySummary({ id, ...patch })),
    deleteEntry: vi.fn(async ({ id }: { id: string }) => entrySummary({ id, deletedAt: '2026-01-01T00:00:00.000Z' })),
    restoreEntry: vi.fn(async ({ id }: { id: string }) => entrySummary({ id })),
    startJob: vi.fn(async () => ({ jobId: 'job-1' })),
    cancelJob: vi.fn(async () => ({ cancelled: true })),
    listJobs: vi.fn(async () => [] as JobProgressEvent[]),
    rerunEntry: vi.fn(async () => ({ jobId: 'rerun-1' })),
    compareEntries: vi.fn(async () => ({ entries: [] })),
    emptyTrash: vi.fn(async () => ({ deleted: 0 })),
    exportEntry: vi.fn(async () => ({})),
    exportBundle: vi.fn(async () => ({})),
    previewImport: vi.fn(async () => { throw new Error('previewImport not set up in this test'); }),
    importDataset: vi.fn(async () => ({ datasetId: 'ds-1', duplicateOf: [] })),
    getDataset: vi.fn(async () => { throw new Error('getDataset not set up in this test'); }),
    listDatasets: vi.fn(async () => []),
    getDatasetColumn: vi.fn(async ({ datasetId, column }: { datasetId: string; column: string }) => ({
      datasetId, column, unit: '', values: new Float64Array([1, 2, 3]), censored: new Uint8Array(3),
    })),
    listExamples: vi.fn(async () => []),
    getExample: vi.fn(async () => { throw new Error('getExample not set up in this test'); }),
    // A machine without Slurm: the sweep forms offer the export.
    clusterCapabilities: vi.fn(async () => ({ canSubmit: false, reason: 'sbatch is not on this machine: export the job and submit it on the cluster', defaultDir: '/home/test/plasticity-lab-jobs' })),
    submitClusterJob: vi.fn(async () => { throw new Error('submitClusterJob not set up in this test'); }),
    exportClusterJob: vi.fn(async () => { throw new Error('exportClusterJob not set up in this test'); }),
    clusterStatus: vi.fn(async () => { throw new Error('clusterStatus not set up in this test'); }),
    collectClusterJob: vi.fn(async () => { throw new Error('collectClusterJob not set up in this test'); }),
    resumeClusterJob: vi.fn(async () => { throw new Error('resumeClusterJob not set up in this test'); }),
    importCollected: vi.fn(async () => ({ completed: [], copied: [], skipped: [] })),
    onEvent(listener: (message: ApiEventMessage) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(message: ApiEventMessage) {
      listeners.forEach((listener) => listener(message));
    },
    progress(payload: Partial<JobProgressEvent> & { jobId: string }) {
      fake.emit({ event: 'jobProgress', payload: { kind: 'lognormal-bootstrap', name: `Job ${payload.jobId}`, fraction: 0, etaSeconds: null, metrics: {}, ...payload } });
    },
    finished(payload: Partial<JobFinishedEvent> & { jobId: string }) {
      fake.emit({ event: 'jobFinished', payload: { kind: 'lognormal-bootstrap', name: `Job ${payload.jobId}`, status: 'done', error: null, ...payload } });
    },
    listenerCount: () => listeners.size,
  };
  return fake as unknown as FakeApi;
}

export function entrySummary(patch: Partial<EntrySummary> & { id: string }): EntrySummary {
  return {
    kind: 'bootstrap', name: `Entry ${patch.id}`, status: 'done', jobKind: 'lognormal-bootstrap', seed: 7, appVersion: '0.0.0-test',
    createdAt: '2026-11-23T10:00:00.000Z', startedAt: '2026-11-23T10:00:00.000Z', finishedAt: '2026-11-23T10:00:01.500Z',
    durationMs: 1500, tags: [], notes: '', error: null, deletedAt: null, headline: { mu: 0.5, sigma: 0.8 },
    ...patch,
  };
}

export function entryDetail(patch: Partial<EntryDetail> & { id: string }): EntryDetail {
  return { ...entrySummary(patch), config: { resamples: 100 }, result: null, cluster: null, ...patch } as EntryDetail;
}
