import type { ImportMappingInput } from './mapping';
import { profileColumn, type ColumnProfile } from './preview';
import { CellStatus, cellText, type Table, type TableColumn } from './table';

/**
 * A first suggestion for the mapping step, always shown to the user for confirmation, never applied on its own.
 * Guesses only what is nearly unambiguous: before/after (pre/post) column pairs, the only numeric column, a
 * long layout with a synapse-id and a two-level before/after time column, the unit in a header's brackets, and
 * text columns with few distinct labels as groups.
 */

export interface MappingGuess {
  /** A draft: `valueColumns` may be empty when no single choice stands out. */
  mapping: ImportMappingInput;
  /** One sentence per guess, for the interface to show why. */
  notes: string[];
}

const BEFORE = /^(before|pre|baseline|control)\b|\b(before|pre)$/i;
const AFTER = /^(after|post)\b|\b(after|post)$/i;
// An id column is named by an id word ("synapse_id", "ID", "#") or is just "synapse" / "spine"; "spine volume" or
// "synapse size" name measurements, not ids.
const ID_NAME = /(^|[\s_-])(id|ids|index|#)($|[\s_-])|^\s*(synapse|spine)s?\s*$/i;
const DATE_NAME = /(^|[\s_-])(date|day)($|[\s_-])/i;
const TIME_NAME = /(^|[\s_-])(time|time ?point|timepoint|phase|epoch|session)($|[\s_-])/i;
const UNIT = /[([]\s*([^()[\]]{1,12}?)\s*[)\]]\s*$/;
const MAX_GROUP_LEVELS = 50;

function distinctTexts(column: TableColumn, limit: number): Set<string> | null {
  const seen = new Set<string>();
  for (let i = 0; i < column.values.length; i++) {
    if (column.status[i] === CellStatus.empty) continue;
    seen.add(cellText(column, i).trim());
    if (seen.size > limit) return null;
  }
  return seen;
}

function unitOf(name: string): string | undefined {
  return UNIT.exec(name)?.[1];
}

export function guessMapping(table: Table): MappingGuess {
  const notes: string[] = [];
  const profiles = table.columns.map(profileColumn);
  const byName = (p: ColumnProfile) => table.columns.find((c) => c.name === p.name) as TableColumn;
  const numeric = profiles.filter((p) => p.kind === 'numeric' && !ID_NAME.test(p.name) && !DATE_NAME.test(p.name));
  const text = profiles.filter((p) => p.kind === 'text');
  const idColumn = profiles.find((p) => p.kind !== 'empty' && ID_NAME.test(p.name));
  const dateColumns = profiles.filter((p) => p.kind !== 'empty' && DATE_NAME.test(p.name)).map((p) => p.name);
  const mapping: ImportMappingInput = { valueColumns: [], unit: '', groupColumns: [], dateColumns };
  if (dateColumns.length > 0) notes.push(`Dates in ${dateColumns.join(', ')} (by name).`);

  const before = numeric.find((p) => BEFORE.test(p.name));
  const after = numeric.find((p) => AFTER.test(p.name));
  const timeColumn = text.find((p) => {
    if (!TIME_NAME.test(p.name)) return false;
    const levels = distinctTexts(byName(p), 2);
    return levels !== null && levels.size === 2;
  });
  if (before && after) {
    mapping.valueColumns = [before.name, after.name];
    mapping.paired = { layout: 'columns', before: before.name, after: after.name, idColumn: idColumn?.name };
    notes.push(`Paired data: "${before.name}" before, "${after.name}" after (by name).`);
  } else if (timeColumn && idColumn && numeric.length === 1) {
    const levels = [...(distinctTexts(byName(timeColumn), 2) as Set<string>)];
    // Put the before-like label first when one is recognisable.
    levels.sort((a, b) => Number(BEFORE.test(b) || AFTER.test(a)) - Number(BEFORE.test(a) || AFTER.test(b)));
    mapping.valueColumns = [numeric[0].name];
    mapping.paired = { layout: 'long', idColumn: idColumn.name, timeColumn: timeColumn.name, timePoints: levels };
    notes.push(`Paired data in long layout: ids in "${idColumn.name}", time points ${levels.map((l) => `"${l}"`).join(' then ')} in "${timeColumn.name}".`);
  } else if (numeric.length === 1) {
    mapping.valueColumns = [numeric[0].name];
    notes.push(`"${numeric[0].name}" is the only numeric column.`);
  } else if (numeric.length > 1) {
    notes.push(`${numeric.length} numeric columns: choose the value column(s).`);
  } else {
    notes.push('No numeric column found: check the delimiter and decimal separator.');
  }

  const unit = mapping.valueColumns.map(unitOf).find((u) => u !== undefined);
  if (unit) {
    mapping.unit = unit;
    notes.push(`Unit "${unit}" from the column name.`);
  }
  const taken = new Set([...mapping.valueColumns, ...dateColumns, idColumn?.name, timeColumn?.name]);
  const groups = text.filter((p) => {
    if (taken.has(p.name)) return false;
    const levels = distinctTexts(byName(p), Math.min(MAX_GROUP_LEVELS, Math.max(1, Math.floor(table.rowCount / 2))));
    return levels !== null && levels.size >= 1;
  });
  mapping.groupColumns = groups.map((p) => p.name);
  if (groups.length > 0) notes.push(`Grouping by ${groups.map((p) => `"${p.name}"`).join(', ')} (few distinct labels).`);
  return { mapping, notes };
}
