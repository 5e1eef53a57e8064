import { describe, expect, it } from 'vitest';
import { createCellParser } from '@core/io/cell-parsing';
import { readTable } from '@core/io/read-table';
import { TableBuilder } from '@core/io/table-builder';
import { CellStatus, cellText } from '@core/io/table';
import { textBytes } from './fixture-files';

/**
 * Column storage of the delimited reader: sized once from the file's line count (the peak memory of a 1e6-row
 * import was mostly arrays grown by doubling), and still correct when a builder has to grow.
 */

describe('column storage', () => {
  it('is sized from the line count, so a file whose later lines run longer never grows its arrays', async () => {
    // The first lines are short and the rest long: an estimate from the first lines' mean length falls short.
    const lines = ['id;amplitude;note'];
    for (let i = 0; i < 100; i++) lines.push(`${i};1,5;a`);
    for (let i = 100; i < 3000; i++) lines.push(`${i};${(i / 7).toFixed(9).replace('.', ',')};${'long note '.repeat(8)}`);
    const { table } = await readTable(textBytes(`# exported\n${lines.join('\n')}\n`), 'grows.csv');
    expect(table.rowCount).toBe(3000);
    const amplitude = table.columns[1];
    expect(amplitude.values[0]).toBe(1.5);
    expect(amplitude.values[2999]).toBe(Number((2999 / 7).toFixed(9)));
    expect(table.sourceRows[2999]).toBe(3002);
    // 3002 physical lines (comment, header, rows): storage for exactly that many, no doubling slack.
    for (const column of table.columns) {
      expect(column.values.length).toBe(3000);
      expect(column.values.buffer.byteLength).toBe(3002 * 8);
      expect(column.status.buffer.byteLength).toBe(3002);
      expect(column.cells).toHaveLength(3000);
    }
  });

  it('grows past a short estimate without losing or shifting a cell', () => {
    const builder = new TableBuilder(['x', 'label'], createCellParser('.'), 16);
    for (let i = 0; i < 100; i++) builder.addRow([i % 10 === 0 ? 'n/a' : `${i}.50`, `g${i % 3}`], i + 2);
    const table = builder.finish({ fileName: 'grown.csv', format: 'csv', hasHeader: true });
    const [x, label] = table.columns;
    expect(table.rowCount).toBe(100);
    expect(x.values).toHaveLength(100);
    expect(x.cells).toHaveLength(100);
    // 16 -> 32 -> 64 -> 128: more than 1/16 slack, so the arrays are copied to length and the slack freed.
    expect(x.values.buffer.byteLength).toBe(100 * 8);
    for (let i = 0; i < 100; i++) {
      expect(x.status[i]).toBe(i % 10 === 0 ? CellStatus.missing : CellStatus.ok);
      expect(cellText(x, i)).toBe(i % 10 === 0 ? 'n/a' : `${i}.50`);
      expect(cellText(label, i)).toBe(`g${i % 3}`);
      expect(table.sourceRows[i]).toBe(i + 2);
    }
    // Every row's cell was written (no holes left by the preallocated array): what structured clone keeps.
    expect(Object.keys(x.cells!)).toHaveLength(100);
    expect(structuredClone(table).columns[0].cells).toEqual(x.cells);
  });
});
