import { parseDate } from './dates';
import { formatLocation } from './errors';
import type { ImportMapping } from './mapping';
import { PROBLEM_CLASSES, type ProblemClass } from './problems';
import { CellStatus, cellText, findColumn, type Table, type TableColumn } from './table';
import type { ValidationReport } from './validation';

/**
 * The user's decisions applied: rows of the dropped problem classes are left out (each with its reasons, for the
 * import report), everything else becomes clean typed columns. A class that needs a decision and has none is an
 * error; nothing is coerced or dropped without the user having said so.
 */

export interface Decisions {
  /** Problem classes whose rows are dropped. Every class with `needsDecision` in the report must be here or in keepClasses. */
  dropClasses: ProblemClass[];
  /** Problem classes whose rows are kept as they are; only classes the report says can be kept (`keep` not null). */
  keepClasses?: ProblemClass[];
}

/** Why a row was left out: the dropped classes it had, or 'partner-dropped' for the other half of a dropped pair. */
export type DropReason = ProblemClass | 'partner-dropped';

export interface DroppedRow {
  /** 1-based source row. */
  row: number;
  reasons: DropReason[];
}

export interface CleanValueColumn {
  column: string;
  /** One value per kept row; for censored entries the limit. */
  values: Float64Array;
  /** 1 where the value is left-censored (a below-limit token): the true value lies below `values[i]`. */
  censored: Uint8Array;
}

export interface CleanGroupColumn {
  column: string;
  /** Distinct labels in order of first appearance. */
  levels: string[];
  /** Per kept row, the index into `levels`. */
  codes: Uint32Array;
}

export interface CleanPairs {
  /** Synapse ids (null for the columns layout without an id column). */
  ids: string[] | null;
  /** Time-point names: ["before", "after"] (columns layout: the two column names), or the mapped labels. */
  timePoints: string[];
  /** One array per time point, aligned with `ids`. */
  values: Float64Array[];
  censored: Uint8Array[];
  /** Source row of each value, per time point. */
  sourceRows: Uint32Array[];
}

export interface CleanData {
  file: string;
  unit: string;
  /** Kept rows. */
  rowCount: number;
  /** 1-based source row of each kept row. */
  sourceRows: Uint32Array;
  values: CleanValueColumn[];
  groups: CleanGroupColumn[];
  /** ISO dates (YYYY-MM-DD) per kept row. */
  dates: { column: string; iso: string[] }[];
  pairs?: CleanPairs;
  dropped: DroppedRow[];
  /** Dropped rows per reason (a row with two reasons counts under both). */
  droppedCounts: Partial<Record<DropReason, number>>;
}

export class UndecidedProblemsError extends Error {
  constructor(readonly undecided: ProblemClass[], message: string) {
    super(message);
    this.name = 'UndecidedProblemsError';
  }
}

function requireDecisions(report: ValidationReport, decisions: Decisions): void {
  if (report.blocking.length > 0) {
    throw new UndecidedProblemsError([], `${report.file} cannot be imported with this mapping:\n`
      + report.blocking.map((b) => `  ${formatLocation(b)}: ${b.message}`).join('\n'));
  }
  const keep = decisions.keepClasses ?? [];
  const both = keep.filter((k) => decisions.dropClasses.includes(k));
  if (both.length > 0) throw new UndecidedProblemsError(both, `${report.file}: ${both.map((k) => `"${k}"`).join(', ')} cannot be both dropped and kept`);
  const unkeepable = report.classes.filter((k) => keep.includes(k.class) && k.keep === null);
  if (unkeepable.length > 0) {
    throw new UndecidedProblemsError(
      unkeepable.map((k) => k.class),
      `${report.file}: these rows cannot be kept, drop them or cancel the import: `
        + unkeepable.map((k) => `${k.title} (${k.rowIndices.length} row(s))`).join('; '),
    );
  }
  const undecided = report.classes.filter((k) => k.needsDecision && !decisions.dropClasses.includes(k.class) && !keep.includes(k.class));
  if (undecided.length > 0) {
    throw new UndecidedProblemsError(
      undecided.map((k) => k.class),
      `${report.file}: decide for each problem class whether to drop its rows${undecided.some((k) => k.keep !== null) ? ', keep them' : ''} or cancel the import: `
        + undecided.map((k) => `${k.title} (${k.rowIndices.length} row(s))`).join('; '),
    );
  }
}

function labelsOf(column: TableColumn, keep: number[]): CleanGroupColumn {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Uint32Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    const label = cellText(column, keep[k]).trim();
    let code = index.get(label);
    if (code === undefined) {
      code = levels.length;
      levels.push(label);
      index.set(label, code);
    }
    codes[k] = code;
  }
  return { column: column.name, levels, codes };
}

function valuesOf(column: TableColumn, rows: readonly number[]): { values: Float64Array; censored: Uint8Array } {
  const values = new Float64Array(rows.length);
  const censored = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    values[k] = column.values[i];
    censored[k] = column.status[i] === CellStatus.belowLimit ? 1 : 0;
  }
  return { values, censored };
}

/** Long layout: rows -> one entry per synapse with a row at every time point; incomplete synapses are dropped. */
function pivotLong(table: Table, mapping: ImportMapping, keep: number[], reasons: Map<number, DropReason[]>): { pairs: CleanPairs; keep: number[] } {
  if (mapping.paired?.layout !== 'long') throw new Error('unreachable');
  const { idColumn, timeColumn, timePoints } = mapping.paired;
  const ids = findColumn(table, idColumn) as TableColumn;
  const times = findColumn(table, timeColumn) as TableColumn;
  const value = findColumn(table, mapping.valueColumns[0]) as TableColumn;
  const rowsById = new Map<string, number[]>();
  for (const i of keep) {
    const id = cellText(ids, i).trim();
    const slots = rowsById.get(id) ?? new Array<number>(timePoints.length).fill(-1);
    slots[timePoints.indexOf(cellText(times, i).trim())] = i;
    rowsById.set(id, slots);
  }
  const complete: [string, number[]][] = [];
  for (const [id, slots] of rowsById) {
    if (slots.every((i) => i >= 0)) complete.push([id, slots]);
    else for (const i of slots) if (i >= 0) reasons.set(i, ['partner-dropped']);
  }
  const pairs: CleanPairs = { ids: complete.map(([id]) => id), timePoints: [...timePoints], values: [], censored: [], sourceRows: [] };
  timePoints.forEach((_, t) => {
    const rows = complete.map(([, slots]) => slots[t]);
    const { values, censored } = valuesOf(value, rows);
    pairs.values.push(values);
    pairs.censored.push(censored);
    pairs.sourceRows.push(Uint32Array.from(rows, (i) => table.sourceRows[i]));
  });
  return { pairs, keep: keep.filter((i) => !reasons.has(i)) };
}

export function applyDecisions(table: Table, mapping: ImportMapping, report: ValidationReport, decisions: Decisions): CleanData {
  requireDecisions(report, decisions);
  const reasons = new Map<number, DropReason[]>();
  for (const k of report.classes) {
    if (!decisions.dropClasses.includes(k.class)) continue;
    for (const i of k.rowIndices) {
      const list = reasons.get(i);
      if (list) list.push(k.class);
      else reasons.set(i, [k.class]);
    }
  }
  const dropMask = new Uint8Array(table.rowCount);
  for (const i of reasons.keys()) dropMask[i] = 1;
  let keep: number[] = [];
  for (let i = 0; i < table.rowCount; i++) if (dropMask[i] === 0) keep.push(i);

  let pairs: CleanPairs | undefined;
  if (mapping.paired?.layout === 'long') {
    ({ pairs, keep } = pivotLong(table, mapping, keep, reasons));
  }
  const col = (name: string) => findColumn(table, name) as TableColumn;
  const values = mapping.valueColumns.map((name) => ({ column: name, ...valuesOf(col(name), keep) }));
  if (mapping.paired?.layout === 'columns') {
    const { before, after, idColumn } = mapping.paired;
    const rows = Uint32Array.from(keep, (i) => table.sourceRows[i]);
    const side = (name: string) => values.find((v) => v.column === name) as CleanValueColumn;
    pairs = {
      ids: idColumn ? keep.map((i) => cellText(col(idColumn), i).trim()) : null,
      timePoints: [before, after],
      values: [side(before).values, side(after).values],
      censored: [side(before).censored, side(after).censored],
      sourceRows: [rows, rows],
    };
  }
  const dates = mapping.dateColumns.map((name) => ({
    column: name,
    // Validation dropped or refused every unreadable date, so each kept cell parses.
    iso: keep.map((i) => { const d = parseDate(cellText(col(name), i), mapping.dateOrder); return d.ok ? d.iso : ''; }),
  }));
  const dropped: DroppedRow[] = [...reasons].sort((a, b) => a[0] - b[0]).map(([i, r]) => ({ row: table.sourceRows[i], reasons: r }));
  const droppedCounts: Partial<Record<DropReason, number>> = {};
  for (const d of dropped) for (const r of d.reasons) droppedCounts[r] = (droppedCounts[r] ?? 0) + 1;
  return {
    file: table.fileName,
    unit: mapping.unit,
    rowCount: keep.length,
    sourceRows: Uint32Array.from(keep, (i) => table.sourceRows[i]),
    values,
    groups: mapping.groupColumns.map((name) => labelsOf(col(name), keep)),
    dates,
    pairs,
    dropped,
    droppedCounts,
  };
}

/** For the interface: which classes the user must decide on (drop, keep where `keepable`, or cancel). */
export function classesNeedingDecision(report: ValidationReport): { class: ProblemClass; title: string; rows: number; keepable: boolean }[] {
  return report.classes.filter((k) => PROBLEM_CLASSES[k.class].needsDecision)
    .map((k) => ({ class: k.class, title: k.title, rows: k.rowIndices.length, keepable: k.keep !== null }));
}
