import { z } from 'zod';
import { entryIdSchema, listHistorySchema, updateEntrySchema, type EntryDetail, type EntrySummary } from './entries';
import { startJobSchema } from '../jobs/schemas';
import { compareEntriesSchema, exportBundleSchema, type EmptyTrashResult, type EntryComparison, type EntryExport, type HistoryBundle } from './history';
import {
  datasetColumnInputSchema, datasetIdSchema, exampleNameSchema, importDatasetSchema, listDatasetsSchema, previewImportSchema,
  type DatasetColumnValues, type DatasetDetail, type DatasetSummary, type ExampleFile, type ImportPreview,
} from './datasets';
import {
  clusterEntrySchema, exportClusterJobSchema, importCollectedSchema, submitClusterJobSchema,
  type ClusterCapabilities, type ClusterExport, type ClusterStatus, type ClusterSubmission, type CollectOutcome, type ImportCollectedOutcome, type ResumeOutcome,
} from './cluster';
import type { JobProgressEvent } from './events';
import type { ApiEventMessage } from './events';
import type { CallName } from './channels';

export { callNames, ipcChannel, IPC_EVENT_CHANNEL, type CallName } from './channels';

/**
 * THE API. Every call the interface can make: its name, the schema its input must satisfy and its result type.
 * Electron's ipcMain registration, the preload bridge, the loopback server and the renderer's client are all derived
 * from this object, so a call cannot exist in one transport and not in the other, and main validates every input
 * against these schemas before any handler runs.
 */
function call<Input extends z.ZodType, Result>(input: Input, description: string): CallSpec<Input, Result> {
  return { input, description } as CallSpec<Input, Result>;
}
export interface CallSpec<Input extends z.ZodType, Result> {
  input: Input;
  description: string;
  /** Phantom field carrying the result type; never set at run time. */
  readonly __result?: Result;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Where the history lives (shown in the status bar so users know what they are looking at). */
  databasePath: string;
  workers: number;
  versions: Record<string, string>;
}

export interface HistoryPage {
  entries: EntrySummary[];
  total: number;
}

const empty = z.object({}).strict();

export const apiCalls = {
  getAppInfo: call<typeof empty, AppInfo>(empty, 'Versions, database path and worker count.'),
  listHistory: call<typeof listHistorySchema, HistoryPage>(listHistorySchema, 'Search, filter and sort history entries.'),
  getEntry: call<typeof entryIdSchema, EntryDetail>(entryIdSchema, 'One entry with its configuration and result.'),
  updateEntry: call<typeof updateEntrySchema, EntrySummary>(updateEntrySchema, 'Rename, annotate or tag an entry.'),
  deleteEntry: call<typeof entryIdSchema, EntrySummary>(entryIdSchema, 'Move an entry to the trash.'),
  restoreEntry: call<typeof entryIdSchema, EntrySummary>(entryIdSchema, 'Bring an entry back from the trash.'),
  startJob: call<typeof startJobSchema, { jobId: string }>(startJobSchema, 'Start a computation in the worker pool.'),
  cancelJob: call<z.ZodObject<{ jobId: z.ZodString }>, { cancelled: boolean }>(
    z.object({ jobId: z.string().min(1).max(64) }),
    'Cancel a queued or running job.',
  ),
  listJobs: call<typeof empty, JobProgressEvent[]>(empty, 'The jobs running now, with their latest progress.'),
  rerunEntry: call<typeof entryIdSchema, { jobId: string }>(entryIdSchema, 'Run an entry again: same job kind, configuration and seed.'),
  compareEntries: call<typeof compareEntriesSchema, EntryComparison>(compareEntriesSchema, 'Configurations, headlines and results of entries side by side.'),
  emptyTrash: call<typeof empty, EmptyTrashResult>(empty, 'Delete the entries in the trash for good (with their arrays).'),
  exportEntry: call<typeof entryIdSchema, EntryExport>(entryIdSchema, 'An entry as JSON plus its arrays as CSV.'),
  exportBundle: call<typeof exportBundleSchema, HistoryBundle>(exportBundleSchema, 'A shareable bundle file (SQLite) of entries and their inputs.'),
  previewImport: call<typeof previewImportSchema, ImportPreview>(previewImportSchema, 'Read a file: first rows, guessed mapping, sheets, validation report.'),
  importDataset: call<typeof importDatasetSchema, { datasetId: string; duplicateOf: string[] }>(importDatasetSchema, 'Import a file with a mapping and decisions into the history.'),
  getDataset: call<typeof datasetIdSchema, DatasetDetail>(datasetIdSchema, 'A data set: summary, mapping, import report, columns with descriptives.'),
  listDatasets: call<typeof listDatasetsSchema, DatasetSummary[]>(listDatasetsSchema, 'Every imported data set.'),
  getDatasetColumn: call<typeof datasetColumnInputSchema, DatasetColumnValues>(datasetColumnInputSchema, 'The stored values of one data-set column (of one group), for plots.'),
  listExamples: call<typeof empty, ExampleFile[]>(empty, 'The synthetic example data sets shipped with the app.'),
  getExample: call<typeof exampleNameSchema, { fileName: string; bytes: Uint8Array }>(exampleNameSchema, 'The bytes of one example file, to preview and import.'),
  clusterCapabilities: call<typeof empty, ClusterCapabilities>(empty, 'Whether jobs can be submitted to Slurm from here (sbatch on PATH), and a default job folder.'),
  submitClusterJob: call<typeof submitClusterJobSchema, ClusterSubmission>(submitClusterJobSchema, 'Plan a job into a folder and a history entry on the cluster, and submit its array with sbatch.'),
  exportClusterJob: call<typeof exportClusterJobSchema, ClusterExport>(exportClusterJobSchema, 'A job folder as a zip to submit on a cluster; its history entry waits here for the result.'),
  clusterStatus: call<typeof clusterEntrySchema, ClusterStatus>(clusterEntrySchema, 'Where every array task of an entry on the cluster stands (squeue, sacct, parts written).'),
  collectClusterJob: call<typeof clusterEntrySchema, CollectOutcome>(clusterEntrySchema, 'Merge the parts of an entry on the cluster into its result.'),
  resumeClusterJob: call<typeof clusterEntrySchema, ResumeOutcome>(clusterEntrySchema, 'Submit again the array tasks of an entry that failed or were cancelled.'),
  importCollected: call<typeof importCollectedSchema, ImportCollectedOutcome>(importCollectedSchema, 'Import the bundle `cluster collect` wrote: entries waiting for that result get it.'),
} as const;

export type ApiCalls = typeof apiCalls;
// Compile-time guard: channels.ts lists exactly the calls declared here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatch: Same<keyof ApiCalls, CallName> = true;
void namesMatch;

export type CallInput<N extends CallName> = z.input<ApiCalls[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<ApiCalls[N]['input']>;
export type CallResult<N extends CallName> = ApiCalls[N] extends CallSpec<z.ZodType, infer R> ? R : never;

/** What the renderer holds: one async function per call, plus an event subscription. */
export type PlasticityApi = { [N in CallName]: (input: CallInput<N>) => Promise<CallResult<N>> } & {
  /** Subscribes to every event main pushes; returns the unsubscribe function. */
  onEvent(listener: (message: ApiEventMessage) => void): () => void;
};

/**
 * What a transport knows about one call besides its input: `signal` aborts when whoever asked has gone (the HTTP
 * client closed the request, the window that called was closed or reloaded), so long work for it can stop.
 */
export interface CallContext {
  signal?: AbortSignal;
}

/** What main implements: one handler per call, receiving already-validated input. */
export type ApiHandlers = { [N in CallName]: (input: ParsedInput<N>, call?: CallContext) => Promise<CallResult<N>> | CallResult<N> };
