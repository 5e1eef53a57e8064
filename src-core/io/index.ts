/**
 * Bytes -> tables -> checked, clean columns. The import flow:
 *   readTable(bytes, fileName, options)        -> { table, sheets?, warnings, text? }   (async; .xlsx reading is)
 *   previewTable(table) / guessMapping(table)  -> what the mapping step shows
 *   importMappingSchema.parse(userChoice)      -> ImportMapping (saved with the data set, reusable)
 *   validateImport(table, mapping, options)    -> ValidationReport (every problem with file, row, column)
 *   applyDecisions(table, mapping, report, { dropClasses }) -> CleanData (typed arrays + dropped rows)
 */
export { readTable, detectFormat, MAX_IMPORT_BYTES, type ReadTableOptions, type ReadTableResult, type TableFormat } from './read-table';
export { CellStatus, cellText, columnLetter, describeColumn, findColumn, type ImportWarning, type Table, type TableColumn } from './table';
export { ImportError, formatLocation, type ImportErrorCode, type LocatedMessage, type SourceLocation } from './errors';
export { DEFAULT_MISSING_TOKENS, overflowsDouble, type DecimalSeparator } from './cell-parsing';
export { nameList, printable } from './printable';
export type { Delimiter } from './delimiter-detection';
export type { TextEncoding } from './text-decoding';
export type { HeaderMode } from './header';
export type { NpyLayout } from './npy-reader';
export { parseNpy, type NpyArray } from './npy-parser';
export type { ProgressSink } from './progress';
export {
  importMappingSchema, readSettingsSchema, mappedColumns, mappingMismatches,
  type ImportMapping, type ImportMappingInput, type ReadSettings,
} from './mapping';
export { guessMapping, type MappingGuess } from './mapping-guess';
export { notReusedNote, reuseEarlierMapping, type EarlierMapping } from './mapping-reuse';
export { previewTable, profileColumn, type TablePreview, type ColumnProfile, type ColumnKind } from './preview';
export { validateImport, type ValidationOptions, type ValidationReport } from './validation';
export { PROBLEM_CLASSES, PROBLEM_CLASS_ORDER, PROBLEM_DETAIL_LIMIT, type ProblemClass, type ImportProblem, type ProblemClassReport } from './problems';
export {
  applyDecisions, classesNeedingDecision, UndecidedProblemsError,
  type CleanData, type CleanPairs, type CleanValueColumn, type CleanGroupColumn, type Decisions, type DroppedRow, type DropReason,
} from './apply-decisions';
export { parseDate, type DateOrder } from './dates';
