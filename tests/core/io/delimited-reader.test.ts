import { describe, expect, it } from 'vitest';
import { ImportError } from '@core/io/errors';
import { readTable } from '@core/io/read-table';
import { CellStatus, cellText } from '@core/io/table';
import { col, texts, readFixture, textBytes } from './fixture-files';

describe('semicolon file with BOM, comments, decimal commas and tokens', () => {
  it('reads every cell with its status and source row', async () => {
    const { table, warnings, text } = await readFixture('epsp-semicolon-bom.csv');
    expect(text).toEqual({ encoding: 'utf-8', delimiter: ';', decimal: ',' });
    expect(table.hasHeader).toBe(true);
    // The BOM is not part of the first name.
    expect(table.columns.map((c) => c.name)).toEqual(['animal', 'condition', 'amplitude (mV)', 'spare', 'note']);
    expect(table.columns.map((c) => c.letter)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(table.rowCount).toBe(7);
    // Two comment lines, header on line 3, a blank line 8: rows keep the numbers a spreadsheet shows.
    expect([...table.sourceRows]).toEqual([4, 5, 6, 7, 9, 10, 11]);
    const amp = col(table, 'amplitude (mV)');
    expect(texts(amp)).toEqual(['1,25', '0,75', '<0,1', 'n/a', 'x', '0', '2,5E-1']);
    expect([...amp.status]).toEqual([
      CellStatus.ok, CellStatus.ok, CellStatus.belowLimit, CellStatus.missing, CellStatus.nonNumeric, CellStatus.ok,
      CellStatus.ok,
    ]);
    expect(amp.values[0]).toBe(1.25);
    expect(amp.values[1]).toBe(0.75);
    expect(amp.values[2]).toBe(0.1); // the limit of "<0,1"
    expect(amp.values[3]).toBeNaN();
    expect(amp.values[4]).toBeNaN();
    expect(amp.values[5]).toBe(0);
    expect(amp.values[6]).toBe(0.25);
    expect(cellText(col(table, 'note'), 1)).toBe('quoted; with delimiter');
    expect([...col(table, 'spare').status].every((s) => s === CellStatus.empty)).toBe(true);
    expect(warnings.map((w) => w.code)).toEqual(['decimal-comma', 'blank-rows-skipped']);
  });
});

describe('encodings', () => {
  it('falls back to Windows-1252 for a non-UTF-8 file and says so', async () => {
    const { table, warnings, text } = await readFixture('epsp-windows1252.csv');
    expect(text?.encoding).toBe('windows-1252');
    expect(table.columns.map((c) => c.name)).toEqual(['cell', 'amplitude (µV)', 'décision']);
    expect([...col(table, 'amplitude (µV)').values]).toEqual([120.5, 98.25]);
    expect(warnings.some((w) => w.code === 'encoding-fallback' && w.message.includes('Windows-1252'))).toBe(true);
  });

  it('reads UTF-16 with a byte-order mark', async () => {
    const { table, text } = await readFixture('spines-utf16.txt');
    expect(text).toEqual({ encoding: 'utf-16le', delimiter: '\t', decimal: '.' });
    expect(table.columns.map((c) => c.name)).toEqual(['volume (µm³)', 'spine']);
    expect([...col(table, 'volume (µm³)').values]).toEqual([0.12, 0.34]);
  });

  it('refuses bytes that are not the encoding the user chose', async () => {
    const bytes = new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0xfd, 0x0a]);
    await expect(readTable(bytes, 'bad.csv', { encoding: 'utf-8' })).rejects.toThrow(/not valid utf-8/);
  });
});

describe('delimiters, headers and number syntax', () => {
  it('reads a TSV of paired columns', async () => {
    const { table } = await readFixture('paired-wide.tsv');
    expect(table.columns.map((c) => c.name)).toEqual(['synapse', 'before', 'after']);
    expect([...col(table, 'after').values.subarray(0, 3)]).toEqual([2.25, 0.5, 3]);
    expect(col(table, 'after').status[3]).toBe(CellStatus.empty);
  });

  it('takes a first row holding numbers as data and names columns by letter', async () => {
    const { table } = await readTable(textBytes('1.5,2\n3.5,4\n'), 'plain.csv');
    expect(table.hasHeader).toBe(false);
    expect(table.columns.map((c) => c.name)).toEqual(['Column A', 'Column B']);
    expect([...table.sourceRows]).toEqual([1, 2]);
    expect([...col(table, 'Column A').values]).toEqual([1.5, 3.5]);
  });

  it('keeps a one-column file with decimal commas in one column', async () => {
    const { table, text } = await readTable(textBytes('amplitude\n1,25\n0,5\n'), 'one.csv');
    expect(table.columns).toHaveLength(1);
    expect(text?.decimal).toBe(',');
    expect([...table.columns[0].values]).toEqual([1.25, 0.5]);
  });

  it('refuses number look-alikes instead of guessing', async () => {
    const cells = ['12 mV', '1.2.3', '0x1F', 'Infinity', '1e', '.', '+', '1,5'];
    const { table } = await readTable(textBytes(`v\n${cells.join('\n')}\n`), 'tricky.csv', { delimiter: ';', decimal: '.' });
    expect([...table.columns[0].status].every((s) => s === CellStatus.nonNumeric)).toBe(true);
    const good = await readTable(textBytes('v\n-1.5e-3\n+2\n.5\n7.\n 3 \n'), 'good.csv');
    expect([...good.table.columns[0].values]).toEqual([-0.0015, 2, 0.5, 7, 3]);
  });

  it('keeps a quoted field spanning lines and numbers later rows by their first line', async () => {
    const { table } = await readTable(textBytes('id,note,v\n1,"two\nlines",1.5\n2,plain,2.5\n'), 'multi.csv');
    expect(texts(table.columns[1])).toEqual(['two\nlines', 'plain']);
    expect([...table.sourceRows]).toEqual([2, 4]);
  });

  it('keeps the text of every number cell not written exactly as JavaScript writes it', async () => {
    const { table } = await readTable(textBytes('v\n0.25\n1.50\n007\n+2\n1e3\n-0\n'), 'raw.csv');
    const v = table.columns[0];
    // Only "0.25" is stored as its value alone; the others keep their own spelling.
    expect(v.cells).toEqual([undefined, '1.50', '007', '+2', '1e3', '-0']);
    expect(texts(v)).toEqual(['0.25', '1.50', '007', '+2', '1e3', '-0']);
  });

  it('reads the same table whether or not the file contains quotes (direct split vs papaparse)', async () => {
    const plain = '# c\nid;v;g\n1;1,5;a\n\n2;n/a;b\n# c2\n3;<0,2;\n';
    const quoted = plain.replace('a\n', '"a"\n');
    const a = (await readTable(textBytes(plain), 'p.csv')).table;
    const b = (await readTable(textBytes(quoted), 'p.csv')).table;
    expect(b).toEqual(a);
    expect([...a.sourceRows]).toEqual([3, 5, 7]);
    expect([...a.columns[1].values]).toEqual([1.5, NaN, 0.2]);
  });

  it('handles CRLF line endings', async () => {
    const { table } = await readTable(textBytes('a,b\r\n1,2\r\n3,4\r\n'), 'crlf.csv');
    expect(texts(table.columns[1])).toEqual(['2', '4']);
    expect([...table.sourceRows]).toEqual([2, 3]);
  });

  it('renames repeated header names and says so', async () => {
    const { table, warnings } = await readTable(textBytes('amp,amp,\n1,2,3\n'), 'dup.csv');
    expect(table.columns.map((c) => c.name)).toEqual(['amp', 'amp (2)', 'Column C']);
    expect(warnings.some((w) => w.code === 'duplicate-column-name')).toBe(true);
  });
});

describe('malformed files', () => {
  it('names row and column of every ragged row', async () => {
    const error = await readFixture('ragged.csv').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const e = error as ImportError;
    expect(e.code).toBe('ragged-rows');
    expect(e.problems).toEqual([
      expect.objectContaining({ file: 'ragged.csv', row: 3, column: 'C' }),
      expect.objectContaining({ file: 'ragged.csv', row: 4, column: 'D' }),
    ]);
    expect(e.message).toContain('ragged.csv, row 3, column C');
    expect(e.message).toContain('ragged.csv, row 4, column D');
  });

  it('names row and column of an unbalanced quote', async () => {
    const error = (await readFixture('unbalanced-quote.csv').catch((e: unknown) => e)) as ImportError;
    expect(error.code).toBe('unbalanced-quote');
    expect(error.problems).toEqual([expect.objectContaining({ row: 3, column: 'C' })]);
    expect(error.message).toMatch(/unbalanced-quote\.csv, row 3, column C: .*closing quote/);
  });

  it('refuses a file above the size limit with both sizes in the message', async () => {
    await expect(readTable(textBytes('a\n1\n'.repeat(100)), 'big.csv', { maxBytes: 100 }))
      .rejects.toThrow(/big\.csv is 0\.0 MiB; files up to 0\.0 MiB/);
  });

  it('refuses an empty file and a file of comments only', async () => {
    await expect(readTable(new Uint8Array(0), 'empty.csv')).rejects.toThrow(/empty/);
    await expect(readTable(textBytes('# nothing\n\n'), 'comments.csv')).rejects.toThrow(/no data rows/);
  });

  it('refuses an old binary .xls with advice', async () => {
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    await expect(readTable(xls, 'old.xls')).rejects.toThrow(/save it as \.xlsx or \.csv/);
  });
});
