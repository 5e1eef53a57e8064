/**
 * The classes of problems an import can have, each decided as a whole by the user (drop the rows or cancel).
 * Order here is the order of the report.
 */
export const PROBLEM_CLASSES = {
  'non-numeric': { title: 'Text where a number is expected', needsDecision: true },
  empty: { title: 'Empty or missing cells (empty, n/a, NA, n.d., -)', needsDecision: true },
  'non-positive': { title: 'Zeros or negative values (a log-normal fit needs values > 0)', needsDecision: true },
  'below-limit': { title: 'Below-limit values such as <0.1 (kept as left-censored unless dropped)', needsDecision: false },
  'bad-date': { title: 'Dates that cannot be read', needsDecision: true },
  'duplicate-id': { title: 'Repeated synapse ids in paired data', needsDecision: true },
  'unknown-time-point': { title: 'Time points other than the mapped ones', needsDecision: true },
  unpaired: { title: 'Synapses without a value at every time point', needsDecision: true },
} as const;

export type ProblemClass = keyof typeof PROBLEM_CLASSES;
export const PROBLEM_CLASS_ORDER = Object.keys(PROBLEM_CLASSES) as ProblemClass[];

/** One problem cell, located as the user sees it in the file. */
export interface ImportProblem {
  class: ProblemClass;
  file: string;
  /** Worksheet, for workbooks. */
  sheet?: string;
  /** 1-based source row (header = row 1). */
  row: number;
  /** Column letter. */
  column: string;
  columnName: string;
  /** The cell's text as in the file. */
  text: string;
  message: string;
}

export interface ProblemClassReport {
  class: ProblemClass;
  title: string;
  /** False for classes kept by default (below-limit): no decision is required, dropping is allowed. */
  needsDecision: boolean;
  /** Problem cells. */
  cellCount: number;
  /** Table rows (0-based indices into the table, ascending) with at least one problem of this class: complete. */
  rowIndices: Uint32Array;
  /** The first problems in detail (all of them up to PROBLEM_DETAIL_LIMIT). */
  problems: ImportProblem[];
  /** True when `problems` lists fewer than `cellCount`; `rowIndices` still holds every affected row. */
  truncated: boolean;
}

/** Detailed problems kept per class; beyond it the report keeps the counts and every affected row number. */
export const PROBLEM_DETAIL_LIMIT = 1000;
