import { z } from 'zod';
import type { EntryKind, EntryStatus } from './entries';

/** Calls on the history as a whole: re-run, compare, empty the trash, export, bundle (see src-main/history/). */

const idSchema = z.string().min(1).max(64);
export const compareEntriesSchema = z.object({ ids: z.array(idSchema).min(2).max(20) });
export const exportBundleSchema = z.object({ ids: z.array(idSchema).min(1).max(1000) });

/** A typed array (or a long plain array) in a side-by-side view: what it is and a few figures, not its values. */
export interface ArraySummary {
  array: { dtype: string; length: number; min: number | null; max: number | null; mean: number | null };
}
export type CompareValue = number | string | boolean | null | unknown[] | ArraySummary;

/** One row of the side-by-side table: a field path and its value in each entry (null where an entry lacks it). */
export interface CompareRow {
  path: string;
  values: CompareValue[];
  differs: boolean;
}

export interface EntryComparison {
  entries: {
    id: string; name: string; kind: EntryKind; jobKind: string | null; status: EntryStatus; seed: number | null;
    appVersion: string; createdAt: string; durationMs: number | null; tags: string[]; notes: string;
  }[];
  /** Configuration fields (plus seed and jobKind) flattened to dotted paths; `differs` marks the rows to highlight. */
  config: CompareRow[];
  /** Just the paths of the configuration rows that differ. */
  differingConfigFields: string[];
  headline: CompareRow[];
  /** Fields of the results; arrays summarised (length, min, max, mean of the finite values). */
  result: CompareRow[];
}

export interface EmptyTrashResult {
  deleted: number;
  /** Trashed entries kept because entries outside the trash were computed from them. */
  kept: { id: string; usedBy: string[] }[];
}

export interface EntryExport {
  /** The entry as JSON, every array replaced by a reference to its CSV file. */
  json: string;
  /** One CSV per stored array. */
  csv: { name: string; text: string }[];
}

export interface HistoryBundle {
  /** A suggested file name. */
  fileName: string;
  /** The bundle file: a history database (SQLite) holding only the chosen entries and what they were computed from. */
  bytes: Uint8Array;
  /** Every entry in it: the chosen ones plus, transitively, their inputs. */
  entryIds: string[];
}
