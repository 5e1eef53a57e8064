import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { createRng } from '../../src-core/random/rng';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-final-'));
const db = join(dir, 'h.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

/**
 * Final weights made the way the paper's model says negative entropy makes them: a start of two constants (0.05 and
 * 0.3, weights 0.75 / 0.25) and a Gaussian change of log w (sd 0.4). Seeded, so every run sees the same file.
 */
function writeLogMixtureLines(n = 400): string[] {
  const rng = createRng(7, 0);
  const rows = ['synapse,size,note'];
  for (let i = 0; i < n; i++) rows.push(`s${i},${(rng.uniform() < 0.75 ? 0.05 : 0.3) * Math.exp(0.4 * rng.normal())},x`);
  return rows;
}
function writeLogMixture(path: string, n = 400): void {
  writeFileSync(path, `${writeLogMixtureLines(n).join('\n')}\n`);
}

interface FinalJson {
  entryId: string;
  n: number;
  best: string;
  euclideanGap: number;
  euclideanRuledOut: boolean;
  indistinguishable: string[];
  undescribed: string[];
  fits: { hypothesis: string; logLik: number | null; params: { c1: number; c2: number; weight: number; sigma: number } | null; reason?: string }[];
}

describe('plasticity-lab geometry FILE --final COL', () => {
  const file = join(dir, 'final.csv');
  writeLogMixture(file);

  it('fits every geometry, rules the Euclidean one out on log-normal-mixture weights, and is recorded in the history', async () => {
    const io = capture();
    expect(await main(['geometry', file, '--final', 'size', '--json', '--db', db], io)).toBe(0);
    const r = JSON.parse(io.stdout) as FinalJson;
    expect(r.n).toBe(400);
    expect(r.fits.map((f) => f.hypothesis)).toEqual(['negative-entropy', ...Array.from({ length: 20 }, (_, i) => `p=${Number((1.1 + i / 10).toFixed(1))}`)]);
    const euclid = r.fits.find((f) => f.hypothesis === 'p=2')!;
    const best = r.fits.find((f) => f.hypothesis === r.best)!;
    expect(best.logLik).toBe(Math.max(...r.fits.map((f) => f.logLik ?? -Infinity)));
    expect(r.euclideanGap).toBeCloseTo(best.logLik! - euclid.logLik!, 9);
    expect(r.euclideanRuledOut).toBe(true);
    expect(r.euclideanGap).toBeGreaterThan(20);
    // Near the truth, neighbouring geometries are not told apart: the best is never alone.
    expect(r.indistinguishable).toContain(r.best);
    expect(r.indistinguishable.length).toBeGreaterThan(1);
    expect(r.indistinguishable).not.toContain('p=2');
    expect(r.undescribed).toEqual([]);
    for (const f of r.fits) {
      expect(f.params).not.toBeNull();
      expect(f.params!.sigma).toBeGreaterThan(0);
      expect(f.params!.weight).toBeGreaterThan(0);
      expect(f.params!.weight).toBeLessThan(1);
    }

    const shown = capture();
    expect(await main(['history', 'show', r.entryId, '--json', '--db', db], shown)).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ kind: 'geometry-test', jobKind: 'md-final-fit', status: 'done' });
  });

  it('prints a table that says what the fit can and cannot tell', async () => {
    const io = capture();
    expect(await main(['geometry', file, '--final', 'size', '--db', db], io)).toBe(0);
    expect(io.stdout).toMatch(/^final\.csv: 400 values of "size"/);
    expect(io.stdout).toMatch(/best geometry by log-likelihood: /);
    expect(io.stdout).toMatch(/The Euclidean geometry \(p=2\) is ruled out: its log-likelihood is [0-9.]+ below the best/);
    expect(io.stdout).toMatch(/p cannot be pinned down from a final distribution alone/);
    expect(io.stdout).toMatch(/hypothesis +log-lik +c1 +c2 +weight +sigma/);
    expect(io.stdout).toMatch(/p=2 \(Euclidean\) +-?[0-9.]+/);
    expect(io.stdout).toMatch(/<- best/);
    expect(io.stdout).toMatch(/history entry /);
  });

  it('gives negative entropy no log-likelihood when signs are mixed, and says why', async () => {
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, `w\n${[0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.6, -0.1, 0.35, 0.05].join('\n')}\n`);
    const io = capture();
    expect(await main(['geometry', mixed, '--final', 'w', '--json', '--db', db], io)).toBe(0);
    const r = JSON.parse(io.stdout) as FinalJson;
    const ne = r.fits.find((f) => f.hypothesis === 'negative-entropy')!;
    expect(ne.logLik).toBeNull();
    expect(ne.reason).toMatch(/3 of 10 values are negative/);
    expect(r.best).not.toBe('negative-entropy');
    expect(r.undescribed).toEqual(['negative-entropy']);
    const table = capture();
    expect(await main(['geometry', mixed, '--final', 'w', '--db', db], table)).toBe(0);
    expect(table.stdout).toContain('1 geometry cannot describe these values at all (reasons in the table), so it was not compared.');
  });

  it('refuses pair options with --final, a missing column, and non-numeric cells unless dropped', async () => {
    const mixedUp = capture();
    expect(await main(['geometry', file, '--final', 'size', '--before', 'size', '--bootstrap', '10', '--db', db], mixedUp)).toBe(2);
    expect(mixedUp.stderr).toMatch(/--before, --bootstrap belong to the paired test/);
    expect(mixedUp.stdout).toBe('');

    const missing = capture();
    expect(await main(['geometry', file, '--final', 'volume', '--json', '--db', db], missing)).toBe(2);
    expect(missing.stderr).toMatch(/final\.csv has no column "volume"; its columns are "synapse", "size", "note"/);
    expect(missing.stdout).toBe('');

    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, `w\n0.3\n0.2\nabc\n0.5\n0.1\n0.4\n0.25\n`);
    const refused = capture();
    expect(await main(['geometry', bad, '--final', 'w', '--json', '--db', db], refused)).toBe(1);
    expect(refused.stderr).toMatch(/1 non-numeric cell at row 4 \("abc"\).*--drop-invalid/);
    const dropped = capture();
    expect(await main(['geometry', bad, '--final', 'w', '--drop-invalid', '--json', '--db', db], dropped)).toBe(0);
    expect((JSON.parse(dropped.stdout) as FinalJson).n).toBe(6);
    expect(dropped.stderr).toMatch(/note: .*dropped 1 non-numeric cell/);

    const pairedDrop = capture();
    expect(await main(['geometry', file, '--before', 'size', '--after', 'size', '--drop-invalid', '--db', db], pairedDrop)).toBe(2);
    expect(pairedDrop.stderr).toMatch(/--drop-invalid applies to --final only/);
  });

  it('refuses exact zeros by row (no geometry below p = 2 can describe them), or drops and counts them', async () => {
    const withZeros = join(dir, 'zeros.csv');
    const lines = writeLogMixtureLines();
    lines[3] = 's2,0,x';
    lines[10] = 's9,0,x';
    writeFileSync(withZeros, `${lines.join('\n')}\n`);
    const refused = capture();
    expect(await main(['geometry', withZeros, '--final', 'size', '--db', db], refused)).toBe(1);
    expect(refused.stderr).toMatch(/2 zero value\(s\) in "size" \(column B\) \(rows 4, 11\).*--drop-invalid/);
    const dropped = capture();
    expect(await main(['geometry', withZeros, '--final', 'size', '--drop-invalid', '--json', '--db', db], dropped)).toBe(0);
    expect(dropped.stderr).toMatch(/dropped 2 zero value\(s\) \(rows 4, 11\)/);
    const r = JSON.parse(dropped.stdout) as FinalJson;
    // Every geometry compared on the same 398 values: the Euclidean one is still ruled out.
    expect(r.n).toBe(398);
    expect(r.undescribed).toEqual([]);
    expect(r.euclideanRuledOut).toBe(true);
  });

  it('lists --final in the usage text', async () => {
    const io = capture();
    expect(await main(['geometry', '--help'], io)).toBe(0);
    expect(io.stdout).toContain('plasticity-lab geometry FILE --final COL');
    expect(io.stdout).toContain('cannot pin p down');
  });
});
