/**
 * The names of every call, without their schemas: what the sandboxed preload needs (it may load no npm module, so it
 * cannot import zod). api.ts checks at compile time that this list and the schemas name the same calls.
 */
export const callNames = [
  'getAppInfo',
  'listHistory',
  'getEntry',
  'updateEntry',
  'deleteEntry',
  'restoreEntry',
  'startJob',
  'cancelJob',
  'listJobs',
  'rerunEntry',
  'compareEntries',
  'emptyTrash',
  'exportEntry',
  'exportBundle',
  'previewImport',
  'importDataset',
  'getDataset',
  'listDatasets',
  'listExamples',
  'getExample',
  'getDatasetColumn',
  'clusterCapabilities',
  'submitClusterJob',
  'exportClusterJob',
  'clusterStatus',
  'collectClusterJob',
  'resumeClusterJob',
  'importCollected',
] as const;

export type CallName = (typeof callNames)[number];

/** The IPC channel of a call; prefixed so no other channel can be mistaken for one of ours. */
export const ipcChannel = (name: CallName): string => `plasticity:${name}`;
export const IPC_EVENT_CHANNEL = 'plasticity:event';
