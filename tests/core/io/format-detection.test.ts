import { describe, expect, it } from 'vitest';
import { readTable } from '@core/io/read-table';
import { importMappingSchema } from '@core/io/mapping';
import { validateImport } from '@core/io/validation';
import { nameList, printable } from '@core/io/printable';
import { col, textBytes, texts } from './fixture-files';

/** What a file is, decided from its bytes, and messages that stay readable whatever the file holds (issue 15). */

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i + (littleEndian ? 0 : 1)] = c & 255;
    out[2 * i + (littleEndian ? 1 : 0)] = c >> 8;
  }
  return out;
}

const message = (promise: Promise<unknown>) => promise.then(() => 'read', (e: Error) => e.message);

describe('format detection by content', () => {
  it('reads UTF-16 text without a byte-order mark, either byte order, and says so', async () => {
    for (const littleEndian of [true, false]) {
      const { table, warnings, text } = await readTable(utf16('amplitude (µV)\tcell\n0.12\ta\n0.34\tb\n', littleEndian), 'export.txt');
      expect(table.columns.map((c) => c.name)).toEqual(['amplitude (µV)', 'cell']);
      expect([...col(table, 'amplitude (µV)').values]).toEqual([0.12, 0.34]);
      expect(text?.encoding).toBe(littleEndian ? 'utf-16le' : 'utf-16be');
      expect(warnings.map((w) => w.code)).toContain('utf16-without-bom');
    }
  });

  it('refuses binary data named .csv, and a .npy without its signature, instead of reading them as text', async () => {
    let seed = 12345;
    const garbage = Uint8Array.from({ length: 4096 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    expect(await message(readTable(garbage, 'data.csv'))).toMatch(/^data\.csv is not a text table: it holds binary data/);
    expect(await message(readTable(textBytes('w\n1\n2\n'), 'weights.npy')))
      .toBe('weights.npy is not a NumPy .npy file: it does not start with the .npy signature \\x93NUMPY (a damaged or renamed file).');
    // The content decides, not the name: a real .npy or workbook under another name is read as what it is.
    expect((await readTable(textBytes('w\n1\n2\n'), 'weights.dat')).table.format).toBe('csv');
  });
});

describe('messages quoting a file', () => {
  it('show control characters and text-reordering characters as escapes, and cut long cells', async () => {
    const hostile = 'amp\n0.5\n\u001b[31mred\u0007\n\u202eevil\n' + 'x'.repeat(5000) + '\n';
    const { table } = await readTable(textBytes(hostile), 'hostile.csv');
    const report = validateImport(table, importMappingSchema.parse({ valueColumns: ['amp'] }));
    const problems = report.classes.find((k) => k.class === 'non-numeric')!.problems;
    expect(problems.map((p) => p.message)).toEqual([
      '"\\x1b[31mred\\x07" is not a number',
      '"\\u202eevil" is not a number',
      `"${'x'.repeat(80)}…" is not a number`,
    ]);
    expect(problems.every((p) => !/[\u0000-\u001f\u202e]/.test(p.message + p.text))).toBe(true);
    expect(problems[2].text.length).toBeLessThanOrEqual(201);
    expect(texts(col(table, 'amp'))[1]).toBe('\u001b[31mred\u0007'); // the table itself keeps the text as it was
  });

  it('list at most a dozen column names of a 10 000-column file', async () => {
    const header = Array.from({ length: 10_000 }, (_, j) => `c${j}`).join(',');
    const { table } = await readTable(textBytes(`${header}\n${Array(10_000).fill('1').join(',')}\n`), 'wide.csv');
    const report = validateImport(table, importMappingSchema.parse({ valueColumns: ['amplitude'] }));
    expect(report.blocking[0].message).toBe(
      'the mapping uses a column "amplitude" that this file does not have (columns: "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11" and 9988 more)',
    );
    expect(nameList(['a', 'b'])).toBe('"a", "b"');
    expect(printable('tab\there')).toBe('tab\\there');
  });
});
