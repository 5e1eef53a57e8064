import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import { terminalSafe } from '../../src-main/cli/io';

/** Clear, bounded messages and consistent exit codes for unusable files (issue 15, Low). */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-cli-messages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = { code: 0, stdout: '', stderr: '' };
  r.code = await main(args, { out: (t) => { r.stdout += `${t}\n`; }, err: (t) => { r.stderr += `${t}\n`; } });
  return r;
}

describe('unusable files', () => {
  it('exit 1 with one sentence naming what the file is: binary data, a damaged workbook, a file without numbers', async () => {
    const db = join(dir, 'h.sqlite');
    let seed = 7;
    const binary = join(dir, 'scan.csv');
    writeFileSync(binary, Uint8Array.from({ length: 2048 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24));
    const workbook = join(dir, 'results.xlsx');
    writeFileSync(workbook, 'animal|amp|volume\nm1|0.5|1\nm2|0.7\n');
    const words = join(dir, 'words.csv');
    writeFileSync(words, 'name,site\na,x\nb,y\n');
    for (const command of ['fit', 'import']) {
      const a = await cli([command, binary, '--db', db]);
      expect([a.code, a.stderr]).toEqual([1, expect.stringMatching(/^error: scan\.csv is not a text table: it holds binary data/)]);
      const b = await cli([command, workbook, '--db', db]);
      expect([b.code, b.stderr]).toEqual([1, expect.stringMatching(/^error: results\.xlsx is not a valid Excel workbook \(\.xlsx\): it does not start like a zip archive/)]);
      expect(b.stderr).not.toMatch(/fields/);
      const c = await cli([command, words, '--db', db]);
      expect([c.code, c.stderr]).toEqual([1, expect.stringMatching(/^error: words\.csv has no numeric column \(columns: "name", "site"\)/)]);
    }
  });

  it('list a dozen column names of a 10 000-column file, not all of them', async () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(wide, `${Array.from({ length: 10_000 }, (_, j) => `c${j}`).join(',')}\n${Array(10_000).fill('1').join(',')}\n`);
    const r = await cli(['fit', wide, '--column', 'amp', '--db', join(dir, 'h.sqlite')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: wide.csv has no column "amp"; its columns are "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11" and 9988 more\n');
  });

  it('count one or two imported values as such, not as n=0', async () => {
    for (const [values, n] of [['0.5', 1], ['0.5\n0.7', 2]] as const) {
      const file = join(dir, `few-${n}.csv`);
      writeFileSync(file, `amp\n${values}\n`);
      const r = await cli(['import', file, '--db', join(dir, 'few.sqlite')]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`  amp: n=${n}\n`);
    }
  });
});

describe('what reaches the terminal', () => {
  it('shows control and text-reordering characters as escapes; JSON keeps its meaning', () => {
    expect(terminalSafe('error: "\u001b[2J\u0007" is not a number\n')).toBe('error: "\\x1b[2J\\x07" is not a number\n');
    expect(terminalSafe('evil\u202etxt.exe\ttab')).toBe('evil\\u202etxt.exe\ttab');
    const json = JSON.stringify({ name: 'a\u202eb\u0085c\u001bd' });
    expect(JSON.parse(terminalSafe(json))).toEqual({ name: 'a\u202eb\u0085c\u001bd' });
  });
});
