import { overflowsDouble } from './cell-parsing';
import { nameList, printable } from './printable';
import { parseDate } from './dates';
import type { LocatedMessage } from './errors';
import { mappingMismatches, type ImportMapping } from './mapping';
import {
  PROBLEM_CLASSES, PROBLEM_CLASS_ORDER, PROBLEM_DETAIL_LIMIT, type ImportProblem, type ProblemClass,
  type ProblemClassReport,
} from './problems';
import { CellStatus, cellText, findColumn, type Table, type TableColumn } from './table';

/**
 * Checks a table against a mapping and lists every problem with file, row and column, grouped into classes the
 * user decides as a whole. Nothing is changed here; `applyDecisions` acts on the user's decisions.
 */

export interface ValidationOptions {
  /** The values will be log-transformed (log-normal fit): zeros and negatives are problems. */
  positiveOnly?: boolean;
}

export interface ValidationReport {
  file: string;
  sheet?: string;
  rowCount: number;
  positiveOnly: boolean;
  /** Only classes that occur, in PROBLEM_CLASS_ORDER. */
  classes: ProblemClassReport[];
  /** Problems no decision can fix (a mapped column missing or holding no numbers): the import cannot go on. */
  blocking: LocatedMessage[];
  /** True when nothing blocks and no class needs a decision. */
  clean: boolean;
}

class ClassCollector {
  readonly rows: Uint8Array;
  cellCount = 0;
  readonly problems: ImportProblem[] = [];

  constructor(readonly cls: ProblemClass, rowCount: number, private readonly table: Table) {
    this.rows = new Uint8Array(rowCount);
  }

  add(i: number, column: TableColumn, message: string): void {
    this.rows[i] = 1;
    this.cellCount++;
    if (this.problems.length < PROBLEM_DETAIL_LIMIT) {
      this.problems.push({
        class: this.cls, ...locationOf(this.table), row: this.table.sourceRows[i], column: column.letter,
        columnName: column.name, text: printable(cellText(column, i), 200), message,
      });
    }
  }

  report(keepable: boolean): ProblemClassReport {
    const indices: number[] = [];
    for (let i = 0; i < this.rows.length; i++) if (this.rows[i]) indices.push(i);
    const { title, needsDecision, keep } = PROBLEM_CLASSES[this.cls];
    return {
      class: this.cls, title, needsDecision, keep: keepable ? keep : null, cellCount: this.cellCount, rowIndices: Uint32Array.from(indices),
      problems: this.problems, truncated: this.problems.length < this.cellCount,
    };
  }
}

type Collectors = Record<ProblemClass, ClassCollector>;

function emptyMessage(column: TableColumn, i: number): string {
  return column.status[i] === CellStatus.empty ? 'empty cell' : `missing-value token "${printable(cellText(column, i).trim())}"`;
}

function checkValueColumn(column: TableColumn, c: Collectors, positiveOnly: boolean): void {
  for (let i = 0; i < column.status.length; i++) {
    const v = column.values[i];
    switch (column.status[i]) {
      case CellStatus.ok:
        if (positiveOnly && v <= 0) c['non-positive'].add(i, column, v === 0 ? 'zero' : `negative value ${v}`);
        break;
      case CellStatus.belowLimit:
        c['below-limit'].add(i, column, `below the limit ${v}`);
        if (positiveOnly && v <= 0) c['non-positive'].add(i, column, `below-limit token with limit ${v} <= 0`);
        break;
      case CellStatus.nonNumeric: {
        const text = cellText(column, i);
        c['non-numeric'].add(i, column, `"${printable(text)}" ${overflowsDouble(text) ? 'is beyond the largest number a double holds (about 1.8e308)' : 'is not a number'}`);
        break;
      }
      default:
        c.empty.add(i, column, emptyMessage(column, i));
    }
  }
}

function checkLabels(column: TableColumn, c: Collectors, what: string): void {
  for (let i = 0; i < column.status.length; i++) {
    const s = column.status[i];
    if (s === CellStatus.empty || s === CellStatus.missing) c.empty.add(i, column, `${emptyMessage(column, i)}: no ${what}`);
  }
}

function checkDates(column: TableColumn, c: Collectors, mapping: ImportMapping): void {
  for (let i = 0; i < column.status.length; i++) {
    const s = column.status[i];
    if (s === CellStatus.empty || s === CellStatus.missing) {
      c.empty.add(i, column, `${emptyMessage(column, i)}: no date`);
      continue;
    }
    const reading = parseDate(cellText(column, i), mapping.dateOrder);
    if (!reading.ok) c['bad-date'].add(i, column, reading.reason);
  }
}

function isBlank(column: TableColumn, i: number): boolean {
  return column.status[i] === CellStatus.empty || column.status[i] === CellStatus.missing;
}

/** Flags every row whose key occurs more than once, naming the other rows. */
function checkDuplicates(keys: (string | null)[], column: TableColumn, c: Collectors, table: Table, label: (k: string) => string): void {
  const rowsByKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    if (k === null) return;
    const list = rowsByKey.get(k);
    if (list) list.push(i);
    else rowsByKey.set(k, [i]);
  });
  for (const [key, rows] of rowsByKey) {
    if (rows.length < 2) continue;
    for (const i of rows) {
      const others = rows.filter((j) => j !== i).map((j) => table.sourceRows[j]);
      c['duplicate-id'].add(i, column, `${label(key)} also on row(s) ${others.slice(0, 10).join(', ')}${others.length > 10 ? ', ...' : ''}`);
    }
  }
}

function checkPairedLong(table: Table, mapping: ImportMapping, c: Collectors): void {
  if (mapping.paired?.layout !== 'long') return;
  const ids = findColumn(table, mapping.paired.idColumn) as TableColumn;
  const times = findColumn(table, mapping.paired.timeColumn) as TableColumn;
  const points = mapping.paired.timePoints;
  checkLabels(ids, c, 'synapse id');
  checkLabels(times, c, 'time point');
  const keys: (string | null)[] = [];
  const pointsById = new Map<string, Set<string>>();
  for (let i = 0; i < table.rowCount; i++) {
    if (isBlank(ids, i) || isBlank(times, i)) { keys.push(null); continue; }
    const id = cellText(ids, i).trim();
    const t = cellText(times, i).trim();
    if (!points.includes(t)) {
      c['unknown-time-point'].add(i, times, `time point "${printable(t)}" is not one of ${points.map((p) => `"${p}"`).join(', ')}`);
      keys.push(null);
      continue;
    }
    keys.push(`${id}\u0000${t}`);
    const seen = pointsById.get(id) ?? new Set<string>();
    seen.add(t);
    pointsById.set(id, seen);
  }
  checkDuplicates(keys, ids, c, table, (k) => { const [id, t] = k.split('\u0000'); return `synapse "${printable(id)}" at "${printable(t)}"`; });
  for (let i = 0; i < table.rowCount; i++) {
    const key = keys[i];
    if (key === null) continue;
    const id = key.split('\u0000')[0];
    const present = pointsById.get(id) as Set<string>;
    const lacking = points.filter((p) => !present.has(p));
    if (lacking.length > 0) c.unpaired.add(i, ids, `synapse "${printable(id)}" has no value at ${lacking.map((p) => `"${p}"`).join(', ')}`);
  }
}

/** File (and sheet, for workbooks) of every problem in this table. */
function locationOf(table: Table): { file: string; sheet?: string } {
  return table.sheet === undefined ? { file: table.fileName } : { file: table.fileName, sheet: table.sheet };
}

function blockingColumnProblems(table: Table, mapping: ImportMapping): LocatedMessage[] {
  const blocking: LocatedMessage[] = mappingMismatches(mapping, table).map((name) => ({
    ...locationOf(table), columnName: name,
    message: `the mapping uses a column "${printable(name)}" that this file does not have (columns: ${nameList(table.columns.map((c) => c.name))})`,
  }));
  if (blocking.length > 0) return blocking;
  if (table.rowCount === 0) return [{ ...locationOf(table), message: 'the table has no data rows' }];
  for (const name of mapping.valueColumns) {
    const column = findColumn(table, name) as TableColumn;
    let numbers = 0;
    for (let i = 0; i < column.status.length; i++) {
      if (column.status[i] === CellStatus.ok || column.status[i] === CellStatus.belowLimit) numbers++;
    }
    if (numbers === 0) {
      blocking.push({
        ...locationOf(table), column: column.letter, columnName: column.name,
        message: 'this value column holds no numbers at all; choose another column (or check delimiter and decimal separator)',
      });
    }
  }
  return blocking;
}

export function validateImport(table: Table, mapping: ImportMapping, options: ValidationOptions = {}): ValidationReport {
  const positiveOnly = options.positiveOnly ?? false;
  const base = { file: table.fileName, sheet: table.sheet, rowCount: table.rowCount, positiveOnly };
  const blocking = blockingColumnProblems(table, mapping);
  if (blocking.length > 0) return { ...base, classes: [], blocking, clean: false };

  const c = Object.fromEntries(PROBLEM_CLASS_ORDER.map((k) => [k, new ClassCollector(k, table.rowCount, table)])) as Collectors;
  const col = (name: string) => findColumn(table, name) as TableColumn;
  for (const name of mapping.valueColumns) checkValueColumn(col(name), c, positiveOnly);
  for (const name of mapping.groupColumns) checkLabels(col(name), c, 'group label');
  for (const name of mapping.dateColumns) checkDates(col(name), c, mapping);
  if (mapping.paired?.layout === 'columns' && mapping.paired.idColumn) {
    const ids = col(mapping.paired.idColumn);
    checkLabels(ids, c, 'synapse id');
    const keys = Array.from({ length: table.rowCount }, (_, i) => (isBlank(ids, i) ? null : cellText(ids, i).trim()));
    checkDuplicates(keys, ids, c, table, (id) => `synapse id "${printable(id)}"`);
  }
  checkPairedLong(table, mapping, c);

  // A long layout needs one row per synapse and time point to pair them: its repeated ids cannot be kept.
  const keepable = (k: ProblemClass) => !(k === 'duplicate-id' && mapping.paired?.layout === 'long');
  const classes = PROBLEM_CLASS_ORDER.map((k) => c[k]).filter((k) => k.cellCount > 0).map((k) => k.report(keepable(k.cls)));
  return { ...base, classes, blocking, clean: classes.every((k) => !k.needsDecision) };
}
