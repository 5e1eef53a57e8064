/**
 * The classes of problems an import can have, each decided as a whole by the user: drop the rows, keep them (only
 * classes that can be legitimate data: `keep` says what keeping means for later analyses), or cancel the import.
 * Order here is the order of the report.
 */
export const PROBLEM_CLASSES = {
  'non-numeric': { title: 'Text where a number is expected', needsDecision: true, keep: null },
  empty: { title: 'Empty or missing cells (empty, n/a, NA, n.d., -)', needsDecision: true, keep: null },
  'non-positive': {
    title: 'Zeros or negative values (a log-normal fit needs values > 0)', needsDecision: true,
    keep: 'Kept as measured (e.g. signed weights): the normal fit and the geometry test use them; log-normal fits and the other positive-only families will refuse this column, or leave these rows out (counted) when told to drop invalid values.',
  },
  'below-limit': {
    title: 'Below-limit values such as <0.1 (kept as left-censored unless dropped)', needsDecision: false,
    keep: 'Kept as left-censored at their limit: distribution fits account for them; comparisons leave them out (counted) and the log-normal bootstrap refuses the column.',
  },
  'bad-date': { title: 'Dates that cannot be read', needsDecision: true, keep: null },
  'duplicate-id': {
    title: 'Repeated synapse ids in paired data', needsDecision: true,
    keep: 'Kept: every row stays its own before/after pair, so the ids no longer name one synapse each.',
  },
  'unknown-time-point': { title: 'Time points other than the mapped ones', needsDecision: true, keep: null },
  unpaired: { title: 'Synapses without a value at every time point', needsDecision: true, keep: null },
} as const satisfies Record<string, { title: string; needsDecision: boolean; keep: string | null }>;

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
  /** What keeping the rows means for later analyses, or null when they cannot be kept (drop them or cancel). */
  keep: string | null;
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
