import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { z } from 'zod';
import type {
  DatasetColumnValues, DatasetDetail, DatasetSummary, ImportPreview, ImportReport, importDatasetSchema, previewImportSchema,
} from '@core/contract/datasets';
import { ApiError } from '@core/contract/errors';
import type { EntryInput } from '@core/contract/entries';
import type { ApiEventMessage, JobProgressEvent } from '@core/contract/events';
import { formatLocation, importMappingSchema, ImportError, UndecidedProblemsError, type EarlierMapping } from '@core/io/index';
import { describe as describeColumn } from '@core/stats/descriptives';
import { DuplicateDatasetError, type DatasetContent, type DatasetsRepo } from '../db/datasets-repo';
import type { WorkerSpec } from '../jobs/pool';
import type { ImportOutcome, PipelineRequest, PreviewOutcome } from './pipeline';
import { ImportCancelledError, type RunningImport } from './runner';
import { ImportQueue } from './queue';
import { MAX_ORIGINAL_BYTES, sha256Hex } from './file';
import { resolveOne } from '../jobs/resolve-datasets';

export type PreviewInput = z.output<typeof previewImportSchema>;
export type ImportInput = z.output<typeof importDatasetSchema>;

export interface ImporterDeps {
  datasets: DatasetsRepo;
  appVersion: string;
  emit(message: ApiEventMessage): void;
  worker?: WorkerSpec;
  /** Import workers reading at once (default: one per core); more requests wait (queue.ts). */
  concurrency?: number;
  /** Heap limit of each import worker in MB (default runner.ts's IMPORT_HEAP_MB). */
  workerHeapMb?: number;
  now?: () => Date;
  /** Largest original kept in the database (tests lower it). */
  maxOriginalBytes?: number;
}

interface ActiveImport {
  progress: JobProgressEvent;
  running: RunningImport;
}

/** How many earlier data sets' mappings a preview tries on a new file (newest first). */
const EARLIER_MAPPINGS = 20;

/** The job kind name imports carry in progress events (they are not pool jobs, but show in the same panel). */
export const IMPORT_JOB_KIND = 'import-dataset';

/** Turns reader and decision errors into API errors whose message names file, row and column. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ImportError) {
    return new ApiError({
      code: 'invalid-input', message: error.message,
      issues: error.problems.map((p) => ({ path: formatLocation(p), message: p.message })),
    });
  }
  if (error instanceof UndecidedProblemsError) {
    return new ApiError({ code: 'invalid-input', message: error.message, issues: error.undecided.map((c) => ({ path: 'dropClasses', message: `no decision for "${c}"` })) });
  }
  if (error instanceof ImportCancelledError) return new ApiError({ code: 'failed', message: error.message });
  return new ApiError({ code: 'failed', message: error instanceof Error ? error.message : String(error) });
}

function duplicateMessage(fileName: string, found: DatasetSummary[]): string {
  const list = found.map((d) => `"${d.name}" (${d.id}, imported ${d.importedAt}${d.deletedAt ? ', in the trash' : ''})`).join(', ');
  return `${fileName} was imported before, with the same SHA-256: ${list}. Import it again only if you mean to (allowDuplicate / --again).`;
}

function contentOf(outcome: ImportOutcome): DatasetContent {
  const { clean } = outcome;
  return {
    file: clean.file, unit: clean.unit, rowCount: clean.rowCount, sourceRows: clean.sourceRows,
    columns: clean.values.map((v) => ({ name: v.column, values: v.values, censored: v.censored, censoredCount: v.censored.reduce((s, c) => s + c, 0) })),
    groups: clean.groups.map((g) => ({ column: g.column, levels: g.levels, codes: g.codes })),
    dates: clean.dates,
    pairs: clean.pairs ?? null,
  };
}

/** The stored mappings that are valid for this version (others, e.g. from a damaged or foreign database, are skipped). */
function earlierMappings(datasets: DatasetsRepo): EarlierMapping[] {
  return datasets.recentMappings(EARLIER_MAPPINGS).flatMap((e) => {
    const parsed = importMappingSchema.safeParse(e.mapping);
    return parsed.success ? [{ name: e.name, importedAt: e.importedAt, mapping: parsed.data, ...(e.fileColumns ? { fileColumns: e.fileColumns } : {}) }] : [];
  });
}

/** Imports files into the history: preview, validation, decisions in a worker; storage in one transaction. */
export function createImporter(deps: ImporterDeps) {
  const now = deps.now ?? (() => new Date());
  const active = new Map<string, ActiveImport>();
  const queue = new ImportQueue(deps.concurrency ?? availableParallelism(), { worker: deps.worker, heapMb: deps.workerHeapMb });

  function start(fileName: string, request: PipelineRequest): { id: string; running: RunningImport } {
    const id = randomUUID();
    // A preview only reads and checks the file: the panel must not say a file was imported when it was not.
    const name = request.type === 'preview' ? `Preview of ${fileName} (not imported yet)` : `Import of ${fileName}`;
    const progress: JobProgressEvent = { jobId: id, kind: IMPORT_JOB_KIND, name, fraction: 0, etaSeconds: null, metrics: {} };
    const running = queue.run(request, (fraction) => {
      // Reading is most of the work; the last tenth is validation and storing.
      progress.fraction = Math.max(progress.fraction, 0.9 * fraction);
      deps.emit({ event: 'jobProgress', payload: { ...progress } });
    });
    active.set(id, { progress, running });
    deps.emit({ event: 'jobProgress', payload: { ...progress } });
    return { id, running };
  }

  function finish(id: string, status: 'done' | 'failed' | 'cancelled', error: string | null): void {
    const job = active.get(id);
    active.delete(id);
    if (!job) return;
    if (status === 'done') deps.emit({ event: 'jobProgress', payload: { ...job.progress, fraction: 1 } });
    deps.emit({ event: 'jobFinished', payload: { jobId: id, kind: IMPORT_JOB_KIND, name: job.progress.name, status, error } });
  }

  /** Runs a request on the queue; `signal` aborts it (the HTTP client or the window that asked has gone). */
  async function run<T>(fileName: string, request: PipelineRequest, onStarted?: (id: string) => void, signal?: AbortSignal): Promise<{ id: string; outcome: T }> {
    const { id, running } = start(fileName, request);
    onStarted?.(id);
    const abort = () => running.cancel();
    if (signal?.aborted) abort();
    signal?.addEventListener('abort', abort, { once: true });
    try {
      return { id, outcome: (await running.promise) as T };
    } catch (error) {
      finish(id, error instanceof ImportCancelledError ? 'cancelled' : 'failed', error instanceof Error ? error.message : String(error));
      throw toApiError(error);
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  return {
    async preview(input: PreviewInput, signal?: AbortSignal): Promise<ImportPreview> {
      const sha256 = sha256Hex(input.bytes);
      const { id, outcome } = await run<PreviewOutcome>(input.fileName, {
        type: 'preview', fileName: input.fileName, bytes: input.bytes, read: input.read, mapping: input.mapping,
        earlier: input.mapping ? undefined : earlierMappings(deps.datasets),
        positiveOnly: input.positiveOnly, previewRows: input.previewRows,
      }, undefined, signal);
      finish(id, 'done', null);
      return {
        fileName: input.fileName, sha256, byteSize: input.bytes.byteLength, format: outcome.format, sheets: outcome.sheets,
        warnings: outcome.warnings, text: outcome.text, preview: outcome.preview, mapping: outcome.mapping, notes: outcome.notes,
        report: outcome.report, duplicates: deps.datasets.findBySha256(sha256),
      };
    },

    /**
     * Imports a file: refuses a file imported before unless asked, reads and validates it in a worker, applies the
     * decisions and stores everything in one transaction. `onStarted` receives the id progress events carry.
     */
    async importDataset(input: ImportInput, onStarted?: (jobId: string) => void, signal?: AbortSignal): Promise<{ datasetId: string; duplicateOf: string[] }> {
      const sha256 = sha256Hex(input.bytes);
      const earlier = deps.datasets.findBySha256(sha256);
      if (earlier.length > 0 && !input.allowDuplicate) {
        throw new ApiError({ code: 'conflict', message: duplicateMessage(input.fileName, earlier) });
      }
      const { id, outcome } = await run<ImportOutcome>(input.fileName, {
        type: 'import', fileName: input.fileName, bytes: input.bytes, mapping: input.mapping, dropClasses: input.dropClasses,
        keepClasses: input.keepClasses, positiveOnly: input.positiveOnly,
      }, onStarted, signal);
      try {
        const content = contentOf(outcome);
        const report: ImportReport = {
          validation: outcome.report, dropClasses: input.dropClasses, keepClasses: input.keepClasses, dropped: outcome.clean.dropped,
          droppedCounts: outcome.clean.droppedCounts, warnings: outcome.warnings, fileColumns: outcome.fileColumns,
        };
        const mapping = { ...input.mapping, read: { ...outcome.text, ...(outcome.sheet ? { sheet: outcome.sheet } : {}), ...input.mapping.read } };
        const keepOriginal = input.bytes.byteLength <= (deps.maxOriginalBytes ?? MAX_ORIGINAL_BYTES);
        const datasetId = deps.datasets.store({
          name: input.name ?? input.fileName.replace(/\.[^.]+$/, ''),
          sourceFileName: input.fileName, sha256, byteSize: input.bytes.byteLength, mapping,
          config: {
            source: { fileName: input.fileName, sha256, byteSize: input.bytes.byteLength },
            mapping, dropClasses: input.dropClasses, keepClasses: input.keepClasses, positiveOnly: input.positiveOnly,
          },
          report, content, originalBytes: keepOriginal ? input.bytes : null,
          headline: { rows: content.rowCount, columns: content.columns.length, dropped: outcome.clean.dropped.length, ...(content.unit ? { unit: content.unit } : {}) },
          appVersion: deps.appVersion, now: now(),
        }, { refuseDuplicate: !input.allowDuplicate });
        finish(id, 'done', null);
        return { datasetId, duplicateOf: earlier.map((d) => d.id) };
      } catch (error) {
        // Another import of the same file stored first while this one was being read: checked again inside the
        // write transaction, so the refusal is the same as before reading.
        const refusal = error instanceof DuplicateDatasetError ? new ApiError({ code: 'conflict', message: duplicateMessage(input.fileName, error.earlier) }) : error;
        finish(id, 'failed', refusal instanceof Error ? refusal.message : String(refusal));
        throw toApiError(refusal);
      }
    },

    cancel(jobId: string): boolean {
      const job = active.get(jobId);
      if (!job) return false;
      job.running.cancel();
      return true;
    },

    /** The stored values of one column (optionally of one group), e.g. for a histogram. */
    column(ref: { datasetId: string; column: string; group?: Record<string, string> }): DatasetColumnValues {
      const resolved = resolveOne(deps.datasets, { type: 'dataset', ...ref }, 'column');
      const unit = deps.datasets.content(ref.datasetId)?.unit ?? '';
      return {
        datasetId: ref.datasetId, column: ref.column, ...(ref.group ? { group: ref.group } : {}), unit,
        values: resolved.values, censored: resolved.censored ?? new Uint8Array(resolved.values.length),
      };
    },

    listDatasets(includeTrash: boolean): DatasetSummary[] {
      return deps.datasets.list(includeTrash);
    },

    /** Import workers reading now and requests waiting for one (queue.ts). */
    load(): { running: number; waiting: number } {
      return queue.load;
    },

    /** Imports running now, as job progress (they show in the jobs panel and cancel through cancelJob). */
    list(): JobProgressEvent[] {
      return [...active.values()].map((job) => ({ ...job.progress }));
    },

    /** The data sets entry `entryId` was computed from (a data set: its own file), for reports and History. */
    inputsOf(entryId: string): EntryInput[] {
      const own = deps.datasets.summary(entryId);
      const links = own ? [{ inputEntryId: entryId, role: 'imported file' }] : deps.datasets.inputsOf(entryId);
      return links.flatMap(({ inputEntryId, role }) => {
        const d = deps.datasets.summary(inputEntryId);
        return d ? [{ role, datasetId: d.id, name: d.name, sourceFileName: d.sourceFileName, sha256: d.sha256, inTrash: d.deletedAt !== null }] : [];
      });
    },

    get(id: string): DatasetDetail | null {
      const record = deps.datasets.record(id);
      const content = deps.datasets.content(id);
      if (!record || !content) return null;
      return {
        ...record.summary, mapping: record.mapping, report: record.report,
        columns: content.columns.map((c) => ({
          name: c.name, unit: content.unit, censoredCount: c.censoredCount, descriptives: descriptivesOf(c.values, c.censored),
        })),
        groups: content.groups.map((g) => {
          const counts = new Array<number>(g.levels.length).fill(0);
          for (const code of g.codes) counts[code]++;
          return { column: g.column, levels: g.levels, counts };
        }),
        pairs: content.pairs ? { timePoints: content.pairs.timePoints, count: content.pairs.values[0]?.length ?? 0, hasIds: content.pairs.ids !== null } : null,
      };
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;

/**
 * Descriptives of the exactly known, finite values (censored ones are only bounded); null with fewer than 3. Never
 * throws: a data set stored by an older version with an infinite value must still open, so it can be seen and deleted.
 */
function descriptivesOf(values: Float64Array, censored: Uint8Array): ReturnType<typeof describeColumn> | null {
  const exact = values.filter((v, i) => censored[i] === 0 && Number.isFinite(v));
  try {
    return exact.length >= 3 ? describeColumn(exact) : null;
  } catch {
    return null;
  }
}
