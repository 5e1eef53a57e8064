import { availableParallelism } from 'node:os';
import type { ApiHandlers } from '@core/contract/api';
import type { ApiEventMessage } from '@core/contract/events';
import { catalogue } from '@core/jobs/catalogue';
import type { JobKind } from '@core/jobs/kind';
import { openHistoryDb, type HistoryDb } from './db/connection';
import { createEntriesRepo, type EntriesRepo } from './db/entries-repo';
import { createDatasetsRepo, type DatasetsRepo } from './db/datasets-repo';
import { createImporter, type Importer } from './import/importer';
import { resolveDatasets } from './jobs/resolve-datasets';
import { JobManager } from './jobs/manager';
import { WorkerPool, type WorkerSpec } from './jobs/pool';
import { createHandlers } from './api/handlers';
import { refuseWritesAfterDamage } from './api/damage-guard';
import { createClusterRepo } from './db/cluster-repo';
import { createClusterService, type ClusterService } from './cluster/service';
import { mergeInWorker } from './cluster/collect-runner';
import { mergeJobDir } from './cluster/collect';
import { APP_NAME, APP_VERSION, libraryVersions } from './version';

/**
 * Everything behind the API, wired once and shared by every front: the Electron window, the loopback server and the
 * CLI. Events go to every subscriber (IPC to windows, WebSocket to browsers).
 */
export interface AppContext {
  db: HistoryDb;
  entries: EntriesRepo;
  datasets: DatasetsRepo;
  importer: Importer;
  jobs: JobManager;
  pool: WorkerPool;
  cluster: ClusterService;
  handlers: ApiHandlers;
  databasePath: string;
  subscribe(listener: (message: ApiEventMessage) => void): () => void;
  close(): Promise<void>;
}

export interface AppContextOptions {
  databasePath: string;
  workers?: number;
  worker?: WorkerSpec;
  /** The import worker (tests substitute one that stalls, to be killed part-way). */
  importWorker?: WorkerSpec;
  /** Import workers reading at once (default one per core) and the heap limit of each in MB (tests lower both). */
  importConcurrency?: number;
  importHeapMb?: number;
  versions?: Record<string, string>;
  /** Job kinds the manager plans and merges; must match what the workers run (tests add misbehaving kinds). */
  catalogue?: Record<string, JobKind<never, unknown, unknown, unknown>>;
  /** Where a cluster collect merges: a worker thread (the app: never block the interface) or this thread (the CLI). */
  clusterMerge?: 'worker' | 'in-process';
}

export function createAppContext(options: AppContextOptions): AppContext {
  const db = openHistoryDb(options.databasePath);
  const entries = createEntriesRepo(db);
  const datasets = createDatasetsRepo(db, entries);
  entries.markInterrupted(new Date());
  const listeners = new Set<(message: ApiEventMessage) => void>();
  const pool = new WorkerPool({ size: options.workers ?? availableParallelism(), worker: options.worker });
  const jobs = new JobManager({
    pool, entries, catalogue: options.catalogue ?? catalogue, appVersion: APP_VERSION,
    emit: (message) => listeners.forEach((listener) => listener(message)),
    resolveInputs: (config) => resolveDatasets(datasets, config),
    recordInput: (entryId, datasetId, role) => datasets.recordInput(entryId, datasetId, role),
  });
  const importer = createImporter({
    datasets, appVersion: APP_VERSION, worker: options.importWorker,
    concurrency: options.importConcurrency, workerHeapMb: options.importHeapMb,
    emit: (message) => listeners.forEach((listener) => listener(message)),
  });
  const cluster = createClusterService({
    db, entries, cluster: createClusterRepo(db), catalogue: options.catalogue ?? catalogue, appVersion: APP_VERSION,
    resolveInputs: (config) => resolveDatasets(datasets, config),
    recordInput: (entryId, datasetId, role) => datasets.recordInput(entryId, datasetId, role),
    hasEntry: (id) => entries.summary(id) !== null,
    merge: options.clusterMerge === 'in-process' ? async (dir) => mergeJobDir(dir) : (dir) => mergeInWorker(dir),
  });
  const handlers = refuseWritesAfterDamage(createHandlers({
    entries, jobs, importer, db, cluster,
    info: {
      name: APP_NAME, version: APP_VERSION, databasePath: options.databasePath, workers: pool.size,
      versions: {
        node: process.versions.node, sqlite: db.prepare('SELECT sqlite_version() AS v').pluck().get() as string, ...libraryVersions(), ...options.versions,
      },
    },
  }), db, options.databasePath);
  return {
    db, entries, datasets, importer, jobs, pool, cluster, handlers, databasePath: options.databasePath,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await pool.close();
      db.close();
    },
  };
}
