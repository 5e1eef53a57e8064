import { mappingMismatches, type ImportMapping } from './mapping';
import type { MappingGuess } from './mapping-guess';
import type { Table } from './table';

/** A mapping saved with an earlier data set, offered for the next file of the same layout. */
export interface EarlierMapping {
  name: string;
  importedAt: string;
  mapping: ImportMapping;
}

/**
 * The mapping of the most recent earlier data set whose columns this file has, as the proposal for the mapping step
 * (lab files of one layout arrive week after week); null when none fits. How the file is read (delimiter, encoding,
 * sheet) is detected afresh for this file and not taken over: only the roles of the columns are.
 */
export function reuseEarlierMapping(table: Table, earlier: readonly EarlierMapping[]): MappingGuess | null {
  const fit = earlier.find((e) => mappingMismatches(e.mapping, table).length === 0);
  if (!fit) return null;
  const { read: _read, ...roles } = fit.mapping;
  return {
    mapping: roles,
    notes: [`Mapping reused from "${fit.name}" (imported ${fit.importedAt.slice(0, 10)}): this file has the columns it uses. Change it below if this file differs.`],
  };
}
