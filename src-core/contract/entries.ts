import { z } from 'zod';

/** What the history holds: one entry per data set, fit, simulation, sweep or comparison. */
export const entryKinds = ['dataset', 'fit', 'bootstrap', 'simulation', 'sweep', 'comparison', 'geometry-test'] as const;
export type EntryKind = (typeof entryKinds)[number];

/** 'on-cluster': submitted to (or written for) a Slurm cluster, result not collected yet (src-main/cluster/). */
export const entryStatuses = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted', 'on-cluster'] as const;
export type EntryStatus = (typeof entryStatuses)[number];

export interface EntrySummary {
  id: string;
  kind: EntryKind;
  name: string;
  status: EntryStatus;
  /** The job kind that produced it (null for imported data sets). */
  jobKind: string | null;
  seed: number | null;
  appVersion: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  tags: string[];
  notes: string;
  error: string | null;
  deletedAt: string | null;
  /** A few headline figures for tables (e.g. { mu: 0.1, sigma: 0.9 }). */
  headline: Record<string, number | string>;
}

export interface EntryDetail extends EntrySummary {
  config: unknown;
  /** The result with its arrays restored as typed arrays; null until the job is done. */
  result: unknown;
  /** The data sets it was computed from (a data set: its own file), so reports name them, not their ids. */
  inputs?: EntryInput[];
  /** Where it ran when it was sent to a Slurm cluster; null for local runs. */
  cluster: ClusterInfo | null;
}

/** A data set an entry was computed from, as a report names it: name, file and SHA-256 of the file's bytes. */
export interface EntryInput {
  /** Where the entry's configuration uses it (e.g. "source", "before"), or "imported file" for a data set itself. */
  role: string;
  datasetId: string;
  name: string;
  sourceFileName: string;
  sha256: string;
  inTrash: boolean;
}

/** What the history holds about an entry computed on a cluster. */
export interface ClusterInfo {
  /** The job folder (as written on the machine that submitted it). */
  dir: string;
  /** One array job per submission (resumes included), oldest first. */
  arrayJobIds: string[];
  tasks: number;
  shards: number;
  submittedAt: string | null;
  collectedAt: string | null;
}

export const listHistorySchema = z.object({
  query: z.string().max(200).optional(),
  kinds: z.array(z.enum(entryKinds)).optional(),
  statuses: z.array(z.enum(entryStatuses)).optional(),
  tag: z.string().max(100).optional(),
  /** Created at or after this instant (ISO 8601 with time zone; the interface sends the start of a local day). */
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  /** Created strictly before this instant. */
  createdBefore: z.iso.datetime({ offset: true }).optional(),
  trash: z.boolean().default(false),
  sort: z.enum(['created-desc', 'created-asc', 'name-asc', 'duration-desc']).default('created-desc'),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});

export const entryIdSchema = z.object({ id: z.string().min(1).max(64) });

export const updateEntrySchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200).optional(),
  notes: z.string().max(20_000).optional(),
  tags: z.array(z.string().min(1).max(60)).max(50).optional(),
});
