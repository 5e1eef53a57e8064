import { describe, expect, it } from 'vitest';
import { zipSync, strToU8, type Zippable } from 'fflate';
import { readTable } from '@core/io/read-table';
import { readXlsx, serialToIso } from '@core/io/xlsx-reader';
import { isoFromEpochMs } from '@core/io/dates';
import { CellStatus } from '@core/io/table';
import { col, texts } from './fixture-files';
import { writeXlsx, xlsxEntries, type XlsxCell } from './xlsx-writer';

/** The hand-written .xlsx reader (issue 15 item 5, issue 11 item 7): what it reads, and what it refuses and how. */

const sheet = (rows: XlsxCell[][], name = 'data') => [{ name, rows }];

/** Replaces one part of a workbook written by xlsx-writer (to make a damaged or unusual file). */
function withPart(entries: Zippable, name: string, text: string | null): Uint8Array {
  const copy: Zippable = { ...entries };
  if (text === null) delete copy[name];
  else copy[name] = strToU8(text);
  return zipSync(copy);
}

describe('reading .xlsx', () => {
  it('reads numbers, shared and inline text, booleans, dates, error cells, sparse columns and gaps', async () => {
    for (const sharedStrings of [true, false]) {
      const bytes = writeXlsx(sheet([
        ['animal', 'amp', null, 'day', 'ok'],
        ['m1', 0.5, null, new Date(Date.UTC(2024, 2, 5)), true],
        ['m2', '<0.1', null, new Date(Date.UTC(2024, 2, 5, 12, 30)), false],
        [],
        ['m3 & <co>', 1e-7, null, 'not a date', null],
      ]), { sharedStrings });
      const { table, sheets, warnings } = await readTable(bytes, 'cells.xlsx');
      expect(sheets).toEqual(['data']);
      expect(table.columns.map((c) => [c.name, c.letter])).toEqual([['animal', 'A'], ['amp', 'B'], ['day', 'D'], ['ok', 'E']]);
      expect([...table.sourceRows]).toEqual([2, 3, 5]);
      expect(texts(col(table, 'animal'))).toEqual(['m1', 'm2', 'm3 & <co>']);
      expect(texts(col(table, 'amp'))).toEqual(['0.5', '<0.1', '1e-7']);
      expect([...col(table, 'amp').status]).toEqual([CellStatus.ok, CellStatus.belowLimit, CellStatus.ok]);
      expect(texts(col(table, 'day'))).toEqual(['2024-03-05', '2024-03-05T12:30:00.000Z', 'not a date']);
      expect(texts(col(table, 'ok'))).toEqual(['TRUE', 'FALSE', '']);
      expect(warnings).toEqual([{ code: 'blank-rows-skipped', message: 'cells.xlsx, sheet "data": 1 empty row(s) skipped.' }]);
    }
  });

  it('reads what other writers write: prefixed elements, cells without references, error and formula-string cells', async () => {
    const entries = xlsxEntries(sheet([['x']]));
    const xml = '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
      + '<x:row r="1"><x:c t="inlineStr"><x:is><x:t>w</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>no</x:t></x:r><x:r><x:t>te</x:t></x:r></x:is></x:c></x:row>'
      + '<x:row><x:c><x:v>1.5</x:v></x:c><x:c t="str"><x:f>A2&amp;"!"</x:f><x:v>1.5!</x:v></x:c></x:row>'
      + '<x:row r="3"><x:c r="A3" t="e"><x:v>#N/A</x:v></x:c><x:c r="B3" s="0"/></x:row>'
      + '</x:sheetData></x:worksheet>';
    const { table } = await readTable(withPart(entries, 'xl/worksheets/sheet1.xml', xml), 'other.xlsx');
    expect(table.columns.map((c) => c.name)).toEqual(['w', 'note']);
    expect(texts(col(table, 'w'))).toEqual(['1.5', '#N/A']);
    expect([...col(table, 'w').status]).toEqual([CellStatus.ok, CellStatus.missing]);
    expect(texts(col(table, 'note'))).toEqual(['1.5!', '']);
  });

  it('converts Excel date serials as Excel shows them, in both date systems', () => {
    expect(serialToIso(1, false)).toBe('1900-01-01');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(serialToIso(45356, false)).toBe('2024-03-05');
    expect(serialToIso(45356.75, false)).toBe('2024-03-05T18:00:00.000Z');
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(-1, false)).toBeNull();
    // The calendar arithmetic behind it agrees with the Date object from 1900 to 9999, leap days and times included.
    for (let ms = Date.UTC(1900, 0, 1); ms < Date.UTC(9999, 11, 31); ms += 86_400_000 * 97.123457) {
      const at = Math.round(ms);
      expect(isoFromEpochMs(at)).toBe(new Date(at).toISOString());
    }
    expect(isoFromEpochMs(Date.UTC(2000, 1, 29, 23, 59, 59, 999))).toBe('2000-02-29T23:59:59.999Z');
  });

  it('reads 150 000 rows (the size that overflowed the stack) with every value exact', async () => {
    const n = 150_000;
    const rows = function* () {
      yield ['amplitude'];
      for (let i = 0; i < n; i++) yield [0.25 + i / 1024];
    };
    const { table } = await readTable(writeXlsx([{ name: 'big', rows: rows() }], { level: 1 }), 'big.xlsx');
    expect(table.rowCount).toBe(n);
    expect(table.columns[0].values[n - 1]).toBe(0.25 + (n - 1) / 1024);
    expect(table.sourceRows[n - 1]).toBe(n + 1);
  });
});

describe('refusing what is not a valid workbook, with one clear sentence', () => {
  const good = xlsxEntries(sheet([['w'], [1], [2]]));
  const refusal = (bytes: Uint8Array, name = 'bad.xlsx') => readTable(bytes, name).then(() => 'read', (e: Error) => e.message);

  it('names a truncated file, a damaged part and a zip that is another kind of document', async () => {
    const bytes = zipSync(good);
    expect(await refusal(bytes.subarray(0, bytes.length - 30))).toMatch(/^bad\.xlsx is not a valid Excel workbook \(\.xlsx\): the zip directory at the end of the file is missing \(the file is truncated or damaged\)\.$/);
    const damaged = zipSync(good, { level: 6 });
    const sheetAt = Buffer.from(damaged).indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length;
    damaged.fill(0xff, sheetAt + 2, sheetAt + 40);
    expect(await refusal(damaged)).toMatch(/^bad\.xlsx is not a valid Excel workbook \(\.xlsx\): xl\/worksheets\/sheet1\.xml (cannot be unpacked|unpacks to).*damaged\)?\.$/);
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    expect(await refusal(docx, 'letter.xlsx')).toBe('letter.xlsx is not a valid Excel workbook (.xlsx): it is a Word document, not an Excel workbook (it has no workbook part).');
    expect(await refusal(withPart(good, 'xl/worksheets/sheet1.xml', '<worksheet><sheetData><row><c t="s"><v>7</v></c></row></sheetData></worksheet>')))
      .toBe('bad.xlsx is not a valid Excel workbook (.xlsx): sheet "data", row 1: cell 1 refers to shared string 7, but the workbook has 1.');
  });

  it('stops a zip bomb at the size limit or at the size the directory declares, without unpacking it whole', async () => {
    /** The workbook with the central directory's unpacked size of the sheet set to `size`. */
    const declaring = (bytes: Uint8Array, size: number) => {
      const copy = bytes.slice();
      const view = new DataView(copy.buffer);
      let at = Buffer.from(copy).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      while (new TextDecoder().decode(copy.subarray(at + 46, at + 46 + view.getUint16(at + 28, true))) !== 'xl/worksheets/sheet1.xml') {
        at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
      }
      view.setUint32(at + 24, size, true);
      return copy;
    };
    expect(await refusal(declaring(zipSync(good), 3 * 1024 ** 3)))
      .toMatch(/: xl\/worksheets\/sheet1\.xml unpacks to 3072 MiB, more than the 1024 MiB a part may have \(a zip bomb, or a sheet too large to import\)\.$/);
    // 20 000 rows of one value: ~900 KiB of XML in ~90 KiB of zip, against a limit lowered to 64 KiB.
    const bomb = writeXlsx(sheet([['w'], ...Array.from({ length: 20_000 }, () => [1])]));
    await expect(readXlsx(bomb, 'bomb.xlsx', { maxSheetXmlBytes: 64 * 1024 }))
      .rejects.toThrow(/^bomb\.xlsx is not a valid Excel workbook \(\.xlsx\): xl\/worksheets\/sheet1\.xml unpacks to \d+ KiB, more than the 64 KiB a part may have/);
    // A directory that lies about the size: unpacking stops as soon as the output passes what it declared.
    expect(await refusal(declaring(bomb, 1000))).toMatch(/sheet1\.xml unpacks to more bytes than the zip directory says \(a zip bomb, or a damaged file\)\.$/);
  });

  it('says what a file named .xlsx is when it is not a zip at all, instead of reading it as text', async () => {
    const text = new TextEncoder().encode('PK? no: a|b|c\n1|2|3\n4|5\n');
    expect(await refusal(text, 'results.xlsx')).toMatch(/^results\.xlsx is not a valid Excel workbook \(\.xlsx\): it does not start like a zip archive/);
  });
});
