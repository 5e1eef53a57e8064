import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTable, type ReadTableOptions } from '@core/io/read-table';
import { cellText, findColumn, type Table, type TableColumn } from '@core/io/table';

/** Test helpers: fixture bytes from tests/fixtures/io and short ways to look into a Table. */

const FIXTURES = fileURLToPath(new URL('../../fixtures/io/', import.meta.url));

export function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(FIXTURES + name));
}

export function readFixture(name: string, options: ReadTableOptions = {}) {
  return readTable(fixtureBytes(name), name, options);
}

export function col(table: Table, name: string): TableColumn {
  const column = findColumn(table, name);
  if (!column) throw new Error(`no column "${name}" in ${table.columns.map((c) => c.name).join(', ')}`);
  return column;
}

export function textBytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Every cell's text as the file held it (through cellText, which fills in the texts of plain number cells). */
export function texts(column: TableColumn): string[] {
  return Array.from({ length: column.values.length }, (_, i) => cellText(column, i));
}
