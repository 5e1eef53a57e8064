import { mappingMismatches, type ImportMapping } from './mapping';
import type { MappingGuess } from './mapping-guess';
import type { Table } from './table';

/** A mapping saved with an earlier data set, offered for the next file of the same layout. */
export interface EarlierMapping {
  name: string;
  importedAt: string;
  mapping: ImportMapping;
  /** Every column of that file, mapped or not (absent for data sets imported before this was kept). */
  fileColumns?: string[];
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((name, i) => name === [...b].sort()[i]);

/**
 * The mapping of the most recent earlier data set whose file had exactly this file's columns, as the proposal for the
 * mapping step (lab files of one layout arrive week after week), with a note saying so; null when none has. A file of
 * another layout is never given an old mapping (its group columns would go unmapped without a word); when it has the
 * columns the last mapping used but others too, a note says why the mapping was guessed afresh. How the file is read
 * (delimiter, encoding, sheet) is detected for this file and not taken over: only the roles of the columns are.
 */
export function reuseEarlierMapping(table: Table, earlier: readonly EarlierMapping[]): MappingGuess | null {
  const columns = table.columns.map((c) => c.name);
  const fit = earlier.find((e) => e.fileColumns && sameColumns(e.fileColumns, columns) && mappingMismatches(e.mapping, table).length === 0);
  if (!fit) return null;
  const { read: _read, ...roles } = fit.mapping;
  return {
    mapping: roles,
    notes: [`Mapping reused from "${fit.name}" (imported ${fit.importedAt.slice(0, 10)}): this file has the same columns. Change it below if this file differs.`],
  };
}

/**
 * When the newest earlier mapping was not reused although this file has the columns it maps (the file has other
 * columns too), the note that says so; null otherwise.
 */
export function notReusedNote(table: Table, earlier: readonly EarlierMapping[]): string | null {
  const last = earlier[0];
  if (!last || mappingMismatches(last.mapping, table).length > 0) return null;
  return `Not the layout of "${last.name}" (its file had other columns), so its mapping was not reused: the one below is guessed from this file's columns.`;
}
