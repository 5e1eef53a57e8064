import type { CellParser, CellReading } from './cell-parsing';
import { CellStatus, columnLetter, type ImportWarning } from './table';

/**
 * Header detection and column naming. A first row is a header when none of its filled cells reads as a number or a
 * below-limit token while the data below has at least one such cell (a file of text only keeps its first row as
 * header too, because text-only data rows are rarer than text-only headers).
 */

export type HeaderMode = 'auto' | 'yes' | 'no';

function hasNumericCell(row: readonly string[], parser: CellParser, out: CellReading): boolean {
  for (const cell of row) {
    parser.read(cell, out);
    if (out.status === CellStatus.ok || out.status === CellStatus.belowLimit) return true;
  }
  return false;
}

export function detectHeader(
  firstRow: readonly string[],
  mode: HeaderMode,
  parser: CellParser,
): boolean {
  if (mode !== 'auto') return mode === 'yes';
  const out: CellReading = { status: CellStatus.empty, value: NaN };
  const anyFilled = firstRow.some((c) => c.trim() !== '');
  return anyFilled && !hasNumericCell(firstRow, parser, out);
}

/**
 * Final column names: trimmed header text; a blank header cell becomes `Column C`; a repeated name gets ` (2)`,
 * ` (3)` ... so that mappings can refer to columns by name unambiguously. Renames are reported as warnings.
 */
export function columnNames(
  header: readonly string[] | null,
  columnCount: number,
  fileName: string,
  warnings: ImportWarning[],
  /** 0-based source column of each column, when some source columns were left out. */
  sourceIndices?: readonly number[],
): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let j = 0; j < columnCount; j++) {
    const letter = columnLetter(sourceIndices ? sourceIndices[j] : j);
    const text = header ? (header[j] ?? '').trim() : '';
    let name = text === '' ? `Column ${letter}` : text;
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name} (${k})`)) k++;
      const renamed = `${name} (${k})`;
      warnings.push({
        code: 'duplicate-column-name',
        message: `${fileName}: column ${letter} repeats the name "${name}"; it is called "${renamed}" here.`,
      });
      name = renamed;
    }
    seen.add(name);
    names.push(name);
  }
  return names;
}
