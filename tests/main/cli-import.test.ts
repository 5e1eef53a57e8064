import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const FIXTURES = fileURLToPath(new URL('../fixtures/io/', import.meta.url));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

describe('plasticity-lab import', () => {
  const db = join(dir, 'h.sqlite');
  const epsp = FIXTURES + 'epsp-semicolon-bom.csv';
  const drops = ['--drop', 'non-numeric', '--drop', 'empty', '--drop', 'non-positive'];

  it('lists every problem with row and column and imports nothing until each class is decided', async () => {
    const io = capture();
    expect(await main(['import', epsp, '--db', db], io)).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toContain('epsp-semicolon-bom.csv, row 9, column C "amplitude (mV)": "x" is not a number');
    expect(io.stderr).toMatch(/nothing imported: decide for each problem class with --drop CLASS or --keep CLASS \(non-numeric, empty, non-positive\)/);
    // Each class says which decisions it allows: zeros can be real data, text in a number column cannot.
    expect(io.stderr).toMatch(/^non-positive: .* \(--drop or --keep\)$/m);
    expect(io.stderr).toMatch(/^non-numeric: .* \(--drop\)$/m);
    const list = capture();
    await main(['history', 'list', '--json', '--kind', 'dataset', '--db', db], list);
    expect(JSON.parse(list.stdout).total).toBe(0);
  });

  it('imports with decisions; --json prints only the data set; a second import of the file is refused without --again', async () => {
    const io = capture();
    expect(await main(['import', epsp, ...drops, '--name', 'EPSPs', '--json', '--db', db], io)).toBe(0);
    const detail = JSON.parse(io.stdout);
    expect(detail).toMatchObject({ name: 'EPSPs', rowCount: 4, sourceFileName: 'epsp-semicolon-bom.csv' });
    expect(detail.report.dropped.map((d: { row: number }) => d.row)).toEqual([7, 9, 10]);
    expect(detail.columns[0]).toMatchObject({ name: 'amplitude (mV)', censoredCount: 1 });
    const again = capture();
    expect(await main(['import', epsp, ...drops, '--db', db], again)).toBe(1);
    expect(again.stderr).toContain(`was imported before (same SHA-256): "EPSPs" (${detail.id}`);
    const forced = capture();
    expect(await main(['import', epsp, ...drops, '--again', '--db', db], forced)).toBe(0);
    expect(forced.stdout).toMatch(/^imported epsp-semicolon-bom\.csv as "epsp-semicolon-bom"/);
  });

  it('keeps signed before/after pairs whole with --keep non-positive (or its older spelling --allow-non-positive)', async () => {
    const file = join(dir, 'signed.csv');
    // Its own history: the mapping saved here would otherwise be proposed for the later paired files.
    const db = join(dir, 'signed.sqlite');
    writeFileSync(file, 'before,after\n0.5,-0.25\n-1.5,0.75\n0,2\n1,1.5\n');
    const refused = capture();
    expect(await main(['import', file, '--db', db], refused)).toBe(1);
    expect(refused.stderr).toMatch(/non-positive: Zeros or negative values .* - 3 row\(s\) \(--drop or --keep\)/);
    const kept = capture();
    expect(await main(['import', file, '--keep', 'non-positive', '--json', '--db', db], kept)).toBe(0);
    const detail = JSON.parse(kept.stdout);
    expect(detail).toMatchObject({ rowCount: 4, pairs: { count: 4, timePoints: ['before', 'after'] } });
    expect(detail.report.keepClasses).toEqual(['non-positive']);
    expect(detail.report.dropped).toEqual([]);
    const alias = capture();
    expect(await main(['import', file, '--allow-non-positive', '--again', '--db', db], alias)).toBe(0);
    expect(alias.stderr).toMatch(/kept: non-positive - 3 row\(s\)\. Kept as measured/);
    expect(alias.stdout).toMatch(/4 rows; 0 dropped/);
    const wrong = capture();
    expect(await main(['import', file, '--keep', 'empty', '--db', db], wrong)).toBe(2);
    expect(wrong.stderr).toMatch(/only these classes can be kept: non-positive, below-limit, duplicate-id/);
  });

  it('takes value columns from --column and names the columns there are when one is missing', async () => {
    const file = join(dir, 'two.csv');
    writeFileSync(file, 'cell,volume,area\nc1,0.2,1.5\nc2,0.3,2.5\nc3,0.4,3.5\n');
    const io = capture();
    expect(await main(['import', file, '--column', 'area', '--unit', 'µm²', '--json', '--db', db], io)).toBe(0);
    expect(JSON.parse(io.stdout).columns).toEqual([expect.objectContaining({ name: 'area', unit: 'µm²' })]);
    // The next file of the same layout takes the mapping saved with that import, and says so.
    const sameLayout = capture();
    expect(await main(['import', file, '--again', '--json', '--db', db], sameLayout)).toBe(0);
    expect(JSON.parse(sameLayout.stdout).columns).toEqual([expect.objectContaining({ name: 'area', unit: 'µm²' })]);
    const noted = capture();
    expect(await main(['import', file, '--again', '--db', db], noted)).toBe(0);
    expect(noted.stderr).toMatch(/note: Mapping reused from "two"/);
    // A file of a layout never seen: two numeric columns and no choice given.
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'cell,width,height\nc1,0.2,1.5\nc2,0.3,2.5\n');
    const noChoice = capture();
    expect(await main(['import', other, '--db', db], noChoice)).toBe(2);
    expect(noChoice.stderr).toMatch(/choose the value column\(s\) with --column \(numeric columns: "width", "height"\)/);
    const missing = capture();
    expect(await main(['import', file, '--column', 'length', '--again', '--db', db], missing)).toBe(2);
    expect(missing.stderr).toMatch(/mapping uses a column "length" that this file does not have/);
    const bad = capture();
    expect(await main(['import', join(dir, 'absent.csv'), '--db', db], bad)).toBe(1);
    expect(bad.stderr).toMatch(/^error: no such file: .*absent\.csv$/m);
  });

  it('reads a small .npy weight matrix flattened with --npy-layout flatten, refusing other layouts by name', async () => {
    const io = capture();
    expect(await main(['import', FIXTURES + 'weights-fortran.npy', '--npy-layout', 'flatten', '--json', '--db', db], io)).toBe(0);
    const detail = JSON.parse(io.stdout);
    expect(detail.columns).toEqual([expect.objectContaining({ name: 'weight' })]);
    expect(detail.rowCount).toBe(12);
    expect(detail.mapping.read).toMatchObject({ npyLayout: 'flatten' });
    const bad = capture();
    expect(await main(['import', FIXTURES + 'weights-c.npy', '--npy-layout', 'rows', '--db', db], bad)).toBe(2);
    expect(bad.stderr).toMatch(/--npy-layout must be columns or flatten, got "rows"/);
  });

  it('names the row and column of a malformed file on stderr, nothing on stdout, exit code 1', async () => {
    const io = capture();
    expect(await main(['import', FIXTURES + 'ragged.csv', '--db', db], io)).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/ragged\.csv, row 3/);
  });

  it('runs from the installed bin in a fresh process: JSON only on stdout', () => {
    const bin = fileURLToPath(new URL('../../bin/plasticity-lab.mjs', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'import', FIXTURES + 'paired-wide.tsv', '--drop', 'empty', '--json', '--db', db], { cwd: tmpdir(), encoding: 'utf8' });
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).pairs).toEqual({ timePoints: ['before', 'after'], count: 3, hasIds: true });
  });
});
