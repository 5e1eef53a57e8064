import {
  applyDecisions, guessMapping, importMappingSchema, notReusedNote, previewTable, readTable, reuseEarlierMapping, validateImport,
  type CleanData, type EarlierMapping, type ImportMapping, type ImportMappingInput, type ImportWarning, type ProblemClass,
  type ProgressSink, type ReadSettings, type ReadTableResult, type TablePreview, type ValidationReport,
} from '@core/io/index';

/**
 * The work an import does on the bytes: read the table, validate it against the mapping and (for an import) apply
 * the user's decisions. Runs inside the import worker (worker.ts), so the main process stays responsive and a
 * cancelled import is stopped by terminating the thread.
 */

export interface PreviewRequest {
  type: 'preview';
  fileName: string;
  bytes: Uint8Array;
  read?: ReadSettings;
  mapping?: ImportMapping;
  /** Mappings of earlier data sets, newest first: without `mapping`, the first that fits this file is proposed. */
  earlier?: EarlierMapping[];
  positiveOnly: boolean;
  previewRows: number;
}

export interface ImportRequest {
  type: 'import';
  fileName: string;
  bytes: Uint8Array;
  mapping: ImportMapping;
  dropClasses: ProblemClass[];
  keepClasses: ProblemClass[];
  positiveOnly: boolean;
}

export type PipelineRequest = PreviewRequest | ImportRequest;

export interface PreviewOutcome {
  type: 'preview';
  format: ReadTableResult['table']['format'];
  sheets?: string[];
  warnings: ImportWarning[];
  text?: ReadTableResult['text'];
  preview: TablePreview;
  mapping: ImportMappingInput;
  notes: string[];
  report: ValidationReport | null;
}

export interface ImportOutcome {
  type: 'import';
  /** Every column of the file, mapped or not: stored with the data set so its mapping is offered only to files like it. */
  fileColumns: string[];
  warnings: ImportWarning[];
  text?: ReadTableResult['text'];
  sheet?: string;
  report: ValidationReport;
  clean: CleanData;
}

export type PipelineOutcome = PreviewOutcome | ImportOutcome;

async function read(request: PipelineRequest, read: ReadSettings | undefined, progress: ProgressSink): Promise<ReadTableResult> {
  return readTable(request.bytes, request.fileName, { ...read, progress });
}

export async function runPipeline(request: PipelineRequest, progress: ProgressSink): Promise<PipelineOutcome> {
  if (request.type === 'preview') {
    const result = await read(request, request.read ?? request.mapping?.read, progress);
    const earlier = request.earlier ?? [];
    const reused = request.mapping ? null : reuseEarlierMapping(result.table, earlier);
    const guessed = () => {
      const guess = guessMapping(result.table);
      const note = notReusedNote(result.table, earlier);
      return note ? { ...guess, notes: [note, ...guess.notes] } : guess;
    };
    const guess = request.mapping ? { mapping: request.mapping as ImportMappingInput, notes: [] } : (reused ?? guessed());
    const parsed = importMappingSchema.safeParse(guess.mapping);
    const report = parsed.success ? validateImport(result.table, parsed.data, { positiveOnly: request.positiveOnly }) : null;
    return {
      type: 'preview', format: result.table.format, sheets: result.sheets, warnings: result.warnings, text: result.text,
      preview: previewTable(result.table, request.previewRows), mapping: guess.mapping, notes: guess.notes, report,
    };
  }
  const result = await read(request, request.mapping.read, progress);
  const report = validateImport(result.table, request.mapping, { positiveOnly: request.positiveOnly });
  const clean = applyDecisions(result.table, request.mapping, report, { dropClasses: request.dropClasses, keepClasses: request.keepClasses });
  return {
    type: 'import', fileColumns: result.table.columns.map((c) => c.name), warnings: result.warnings, text: result.text,
    sheet: result.table.sheet, report, clean,
  };
}
