import { describe, expect, it } from 'vitest';
import { ImportError, formatLocation } from '@core/io/errors';
import { importMappingSchema } from '@core/io/mapping';
import { validateImport } from '@core/io/validation';
import { parseNpy } from '@core/io/npy-parser';
import { readTable } from '@core/io/read-table';
import { CellStatus } from '@core/io/table';
import { col, texts, fixtureBytes, readFixture } from './fixture-files';

// The logical matrix written by tests/fixtures/io/generate_binary_fixtures.py: w[i, j] = (i + 1) + (j + 1) / 10.
const W = [[1.1, 1.2, 1.3, 1.4], [2.1, 2.2, 2.3, 2.4], [3.1, 3.2, 3.3, 3.4]];

describe('.xlsx', () => {
  it('lists both sheets and reads the first by default', async () => {
    const { table, sheets } = await readFixture('two-sheets.xlsx');
    expect(sheets).toEqual(['spines', 'epsp']);
    expect(table.format).toBe('xlsx');
    expect(table.sheet).toBe('spines');
    expect(table.columns.map((c) => c.name)).toEqual(['animal', 'spine volume (µm³)', 'date', 'note']);
    expect([...table.sourceRows]).toEqual([2, 3, 4, 5, 6, 7]);
    const volume = col(table, 'spine volume (µm³)');
    expect(texts(volume)).toEqual(['0.12', '0.31', 'x', '<0.1', '', '0']);
    expect([...volume.status]).toEqual([
      CellStatus.ok, CellStatus.ok, CellStatus.nonNumeric, CellStatus.belowLimit, CellStatus.empty, CellStatus.ok,
    ]);
    expect(volume.values[0]).toBe(0.12);
    expect(volume.values[3]).toBe(0.1);
    // Date cells arrive as ISO dates; a text cell in the date column stays as typed.
    expect(texts(col(table, 'date'))).toEqual(['2024-03-05', '2024-03-05', '2024-03-06', 'not a date', '2024-03-07', '2024-03-07']);
  });

  it('reads the second sheet by name or number', async () => {
    for (const sheet of ['epsp', 2]) {
      const { table } = await readFixture('two-sheets.xlsx', { sheet });
      expect(table.sheet).toBe('epsp');
      expect(table.columns.map((c) => c.name)).toEqual(['synapse', 'before', 'after']);
      expect([...col(table, 'before').values]).toEqual([1.5, 0.75, 2]);
      expect([...col(table, 'after').values]).toEqual([2.25, 0.5, 3]);
    }
  });

  it('names the sheet with the file, row and column of every problem in a workbook', async () => {
    const { table } = await readFixture('two-sheets.xlsx');
    const report = validateImport(table, importMappingSchema.parse({ valueColumns: ['spine volume (µm³)'] }), { positiveOnly: true });
    const stray = report.classes.find((k) => k.class === 'non-numeric')!.problems[0];
    expect(stray).toMatchObject({ file: 'two-sheets.xlsx', sheet: 'spines', row: 4, column: 'B' });
    expect(formatLocation(stray)).toBe('two-sheets.xlsx, sheet "spines", row 4, column B "spine volume (µm³)"');
    const csv = await readTable(new TextEncoder().encode('w\nx\n'), 'a.csv');
    const csvProblem = validateImport(csv.table, importMappingSchema.parse({ valueColumns: ['w'] })).blocking[0];
    expect(csvProblem).not.toHaveProperty('sheet');
  });

  it('names the sheets that exist when the chosen one does not', async () => {
    await expect(readFixture('two-sheets.xlsx', { sheet: 'ephys' }))
      .rejects.toThrow('two-sheets.xlsx has no sheet "ephys"; its sheets are: "spines", "epsp".');
  });

  it('refuses a zip that is not a workbook', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 0]);
    await expect(readTable(zip, 'broken.xlsx')).rejects.toThrow(/^broken\.xlsx is not a valid Excel workbook \(\.xlsx\): the zip directory at the end of the file is missing/);
  });
});

describe('.npy', () => {
  it('reads C- and Fortran-ordered matrices to the same columns', async () => {
    for (const name of ['weights-c.npy', 'weights-fortran.npy']) {
      const { table } = await readFixture(name, { npyLayout: 'columns' });
      expect(table.columns.map((c) => c.name)).toEqual(['col 0', 'col 1', 'col 2', 'col 3']);
      for (let j = 0; j < 4; j++) expect([...table.columns[j].values]).toEqual(W.map((row) => row[j]));
      expect([...table.sourceRows]).toEqual([1, 2, 3]);
      expect(table.columns[0].cells).toBeNull();
    }
    expect(parseNpy(fixtureBytes('weights-fortran.npy'), 'f').fortranOrder).toBe(true);
    expect(parseNpy(fixtureBytes('weights-c.npy'), 'c').fortranOrder).toBe(false);
  });

  it('flattens a matrix row by row into one weight column', async () => {
    const { table } = await readFixture('weights-fortran.npy', { npyLayout: 'flatten' });
    expect(table.columns.map((c) => c.name)).toEqual(['weight']);
    expect([...table.columns[0].values]).toEqual(W.flat());
    expect(table.rowCount).toBe(12);
  });

  it('reads float32 with NaN as missing and inf as non-numeric', async () => {
    const { table } = await readFixture('vector-f4.npy');
    const v = table.columns[0];
    expect(v.name).toBe('value');
    expect([...v.values.subarray(0, 2)]).toEqual([0.5, 0.25]);
    expect(v.values[3]).toBe(2);
    expect([...v.status]).toEqual([CellStatus.ok, CellStatus.ok, CellStatus.missing, CellStatus.ok, CellStatus.nonNumeric]);
  });

  it('reads big-endian int64 and format version 2', async () => {
    expect([...(await readFixture('counts-i8-bigendian.npy')).table.columns[0].values]).toEqual([3, -7, 2 ** 40]);
    const v2 = parseNpy(fixtureBytes('vector-v2.npy'), 'v2');
    expect([...v2.data]).toEqual([1, 2, 3]);
    expect(v2.shape).toEqual([3]);
  });

  it('refuses 3-D, object and truncated arrays with reasons', async () => {
    await expect(readFixture('cube.npy')).rejects.toThrow(/3-D array \(shape 2x2x2\)/);
    await expect(readFixture('objects.npy')).rejects.toThrow(/dtype '\|O' is not a plain number type/);
    const bytes = fixtureBytes('weights-c.npy');
    const error = (() => { try { parseNpy(bytes.subarray(0, bytes.length - 8), 'cut.npy'); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).message).toMatch(/needs 96 data bytes but the file holds 88 \(the file is truncated\)/);
  });
});
