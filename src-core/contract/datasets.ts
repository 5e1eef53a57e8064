import { z } from 'zod';
import type { ImportWarning, TablePreview, ValidationReport, ImportMappingInput, DroppedRow, DropReason } from '../io/index';
// Value imports from the small modules only: the contract reaches the renderer bundle, which needs no readers.
import { importMappingSchema, readSettingsSchema } from '../io/mapping';
import { PROBLEM_CLASS_ORDER, type ProblemClass } from '../io/problems';
import type { Descriptives } from '../stats/descriptives';
import { datasetColumnSchema } from '../jobs/schemas';

/**
 * The data-set calls of the API: preview a file, import it with the user's mapping and decisions, read a stored
 * data set back. Schemas here; handlers in src-main/api/handlers.ts; the import itself in src-main/import/.
 */

const fileName = z.string().min(1).max(500);
/** The file's bytes (the interface reads the file it was given). Uint8Array over IPC and the wire format. */
const fileBytes = z.instanceof(Uint8Array);

export const problemClassSchema = z.enum(PROBLEM_CLASS_ORDER as [ProblemClass, ...ProblemClass[]]);

export const previewImportSchema = z.object({
  fileName,
  bytes: fileBytes,
  /** How to read the file (delimiter, decimal, encoding, header, sheet, .npy layout); detected when absent. */
  read: readSettingsSchema.optional(),
  /** A mapping to validate against (e.g. the one saved with an earlier data set); guessed when absent. */
  mapping: importMappingSchema.optional(),
  /** Zeros and negatives are problems (the values will be log-transformed). Default true. */
  positiveOnly: z.boolean().default(true),
  previewRows: z.number().int().min(1).max(200).default(20),
});

export const importDatasetSchema = z.object({
  fileName,
  bytes: fileBytes,
  mapping: importMappingSchema,
  /** Problem classes whose rows are dropped; every class the report says needs a decision must be here or in keepClasses. */
  dropClasses: z.array(problemClassSchema).max(20).default([]),
  /** Problem classes whose rows are kept as they are (only classes whose report has `keep`, e.g. signed weights). */
  keepClasses: z.array(problemClassSchema).max(20).default([]),
  /** Zeros and negatives are a problem class (to drop or keep). False: they are not even reported. */
  positiveOnly: z.boolean().default(true),
  name: z.string().min(1).max(200).optional(),
  /** Import even though a data set from a file with the same SHA-256 exists. */
  allowDuplicate: z.boolean().default(false),
});

export const datasetIdSchema = z.object({ id: z.string().min(1).max(64) });
export const exampleNameSchema = z.object({ fileName: z.string().min(1).max(200).regex(/^[\w.-]+$/, 'a file name from listExamples') });
/** One stored column (of one group): for plots on the Data page. */
export const datasetColumnInputSchema = datasetColumnSchema.omit({ type: true });
export const listDatasetsSchema = z.object({ includeTrash: z.boolean().default(false) });

export interface ImportPreview {
  fileName: string;
  sha256: string;
  byteSize: number;
  format: 'csv' | 'xlsx' | 'npy';
  /** .xlsx: every sheet, for the sheet picker. */
  sheets?: string[];
  warnings: ImportWarning[];
  /** What was detected for delimited text (save it in mapping.read to read the next file the same way). */
  text?: { encoding: string; delimiter: string; decimal: string };
  preview: TablePreview;
  /** The mapping validated below: the one given, or the guess (`notes` say why). */
  mapping: ImportMappingInput;
  notes: string[];
  /** Null when the mapping names no value column yet. Row indices are 0-based table rows. */
  report: ValidationReport | null;
  /** Data sets already imported from a file with the same bytes. */
  duplicates: DatasetSummary[];
}

/** What an import keeps besides the values: the validation report and every dropped row with its reasons. */
export interface ImportReport {
  validation: ValidationReport;
  dropClasses: ProblemClass[];
  /** Classes kept on purpose (absent in data sets imported before keeping existed). */
  keepClasses?: ProblemClass[];
  dropped: DroppedRow[];
  droppedCounts: Partial<Record<DropReason, number>>;
  warnings: ImportWarning[];
  /** Every column of the file, mapped or not (absent in data sets imported before it was kept). */
  fileColumns?: string[];
}

export interface DatasetSummary {
  id: string;
  name: string;
  sourceFileName: string;
  sha256: string;
  byteSize: number;
  importedAt: string;
  rowCount: number;
  /** False when the file was larger than the documented limit for keeping originals. */
  originalKept: boolean;
  deletedAt: string | null;
  /** Imported as before/after pairs of the same synapses (what the geometry test needs). */
  paired: boolean;
}

export interface DatasetColumnInfo {
  name: string;
  unit: string;
  /** Left-censored (below-limit) values: their limit is stored in the column. */
  censoredCount: number;
  /** Of the values that are not censored; null when there are fewer than two. */
  descriptives: Descriptives | null;
}

export interface DatasetDetail extends DatasetSummary {
  mapping: z.output<typeof importMappingSchema>;
  report: ImportReport;
  columns: DatasetColumnInfo[];
  groups: { column: string; levels: string[]; counts: number[] }[];
  pairs: { timePoints: string[]; count: number; hasIds: boolean } | null;
}

/** A synthetic example data set shipped with the app (resources/examples/). */
export interface ExampleFile {
  fileName: string;
  byteSize: number;
  /** From the file's header comment: that it is synthetic, and where its parameters come from. */
  description: string;
  synthetic: true;
}

export interface DatasetColumnValues {
  datasetId: string;
  column: string;
  group?: Record<string, string>;
  unit: string;
  values: Float64Array;
  /** 1 where the value is left-censored: the stored number is the detection limit. */
  censored: Uint8Array;
}
