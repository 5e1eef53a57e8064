import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { FLIPS, SYNAPSES, fixtures } from '../fixtures/cli-geometry/generate';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-geo-'));
const db = join(dir, 'h.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => new URL(`../fixtures/cli-geometry/${name}`, import.meta.url).pathname;

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

interface GeometryJson {
  entryId: string;
  n: number;
  signFlips: number;
  excluded: number;
  signFlipNote: string | null;
  scores: { hypothesis: string; dcdf: number; dcdfCentred: number; ci: [number, number] | null }[];
  best: string;
  verdict: { geometry: string; p: number | null };
  pickedP: { median: number; lo: number; hi: number; level: number; n: number } | null;
  power: { requiredSynapses: number | null; curve: unknown[] } | null;
}

// Small bootstrap and power settings keep the test quick; the defaults are 1000 and 200.
const QUICK = ['--bootstrap', '100', '--power-replicates', '10', '--max-synapses', '200'];

async function geometry(file: string, extra: string[] = QUICK): Promise<{ code: number; io: ReturnType<typeof capture> }> {
  const io = capture();
  const code = await main(['geometry', fixture(file), '--before', 'w_day0', '--after', 'w_day7', ...extra, '--json', '--db', db], io);
  return { code, io };
}

describe('plasticity-lab geometry', () => {
  it('the committed fixtures are the core generator\'s seeded output', () => {
    for (const [name, text] of Object.entries(fixtures())) expect(readFileSync(fixture(name), 'utf8')).toBe(text);
  });

  it.each([
    ['negative-entropy.csv', 'negative-entropy', null],
    ['euclidean.csv', 'p-norm', 2],
    ['p3.csv', 'p-norm', 3],
  ] as const)('recovers the geometry that generated %s', async (file, geometryKind, p) => {
    const { code, io } = await geometry(file);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout) as GeometryJson;
    expect(r.n).toBe(SYNAPSES);
    expect(r.verdict.geometry).toBe(geometryKind);
    if (p !== null) expect(Math.abs((r.verdict.p as number) - p)).toBeLessThanOrEqual(0.1 + 1e-9);
    // The spread of the best p over the 100 bootstrap resamples brackets the truth within the test's resolution.
    expect(r.pickedP?.n).toBe(100);
    expect(r.pickedP!.lo - 0.2 - 1e-9).toBeLessThanOrEqual(p ?? 1);
    expect(r.pickedP!.hi + 0.2 + 1e-9).toBeGreaterThanOrEqual(p ?? 1);
    for (const s of r.scores) {
      expect(s.ci).not.toBeNull();
      expect(s.ci![0]).toBeLessThanOrEqual(s.dcdf);
      expect(s.ci![1]).toBeGreaterThanOrEqual(s.dcdf);
    }
    expect(r.power?.curve.length).toBeGreaterThan(0);
    // Only the Euclidean and p = 3 pairs contain sign changes (negative entropy cannot make them).
    if (geometryKind === 'negative-entropy') expect(r.signFlips).toBe(0);
    else expect(r.signFlips).toBeGreaterThan(0);
    expect(r.excluded).toBe(0);
  });

  it('counts sign flips against negative entropy (the authors\' definition), says they are impossible under it, and offers the earlier rule; the run is in the history', async () => {
    const { code, io } = await geometry('flips.csv');
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout) as GeometryJson;
    expect(r.signFlips).toBe(FLIPS);
    expect(r.excluded).toBe(0);
    expect(r.signFlipNote).toMatch(new RegExp(`^${FLIPS} of ${SYNAPSES} weights changed sign: impossible under negative entropy`));
    // 12 flips among 1000 negative-entropy pairs: scored as the authors do, negative entropy no longer fits.
    const neScore = (doc: GeometryJson) => doc.scores.find((s) => s.hypothesis === 'negative-entropy')!.dcdf;
    expect(neScore(r)).toBeGreaterThan(0.3);
    expect(r.verdict.geometry).not.toBe('negative-entropy');
    const old = capture();
    expect(await main(['geometry', fixture('flips.csv'), '--before', 'w_day0', '--after', 'w_day7', ...QUICK, '--exclude-sign-flips', '--json', '--db', db], old)).toBe(0);
    const e = JSON.parse(old.stdout) as GeometryJson;
    expect(e.excluded).toBe(FLIPS);
    expect(neScore(e)).toBeLessThan(0.06);
    expect(e.verdict.geometry).toBe('negative-entropy');
    expect(e.signFlipNote).toMatch(/left out of its score by the earlier rule/);

    const shown = capture();
    expect(await main(['history', 'show', r.entryId, '--json', '--db', db], shown)).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ kind: 'geometry-test', jobKind: 'geometry-test', status: 'done' });
  });

  it('names a missing column, a non-numeric cell (row and column) and a missing file', async () => {
    const missing = capture();
    expect(await main(['geometry', fixture('flips.csv'), '--before', 'w_day0', '--after', 'w_day14', '--db', db], missing)).toBe(2);
    expect(missing.stderr).toMatch(/flips\.csv has no column "w_day14" \(--after\); its columns are "synapse", "w_day0", "w_day7"/);
    expect(missing.stdout).toBe('');

    const bad = capture();
    expect(await main(['geometry', fixture('bad-cell.csv'), '--before', 'before', '--after', 'after', '--json', '--db', db], bad)).toBe(1);
    expect(bad.stderr).toMatch(/bad-cell\.csv: 1 unusable cell .*\n\s+row 4, column "after" \(column C\): "abc" is not a number/);
    expect(bad.stdout).toBe('');

    const none = capture();
    expect(await main(['geometry', join(dir, 'nope.csv'), '--before', 'a', '--after', 'b', '--db', db], none)).toBe(1);
    expect(none.stderr).toMatch(/no such file/);

    const noCols = capture();
    expect(await main(['geometry', fixture('flips.csv'), '--db', db], noCols)).toBe(2);
    expect(noCols.stderr).toMatch(/--before COL and --after COL/);
  });

  it('names an infinite cell by row and column instead of failing on a non-finite pair later', async () => {
    const file = join(dir, 'infinite-pairs.csv');
    writeFileSync(file, 'syn,before,after\na,0.5,0.6\nb,1e400,0.3\nc,0.3,inf\nd,0.4,0.45\n');
    const io = capture();
    expect(await main(['geometry', file, '--before', 'before', '--after', 'after', '--json', '--db', db], io)).toBe(1);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/infinite-pairs\.csv: 2 unusable cells in the paired columns; fix the file\n\s+row 3, column "before" \(column B\): "1e400" is infinite\n\s+row 4, column "after" \(column C\): "inf" is infinite/);
  });

  it('runs from the installed bin in a fresh process', () => {
    const bin = new URL('../../bin/plasticity-lab.mjs', import.meta.url).pathname;
    const repo = new URL('../..', import.meta.url).pathname;
    const run = spawnSync(process.execPath, [bin, 'geometry', fixture('flips.csv'), '--before', 'w_day0', '--after', 'w_day7', '--bootstrap', '0', '--power-replicates', '0', '--json', '--db', db], { cwd: repo, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as GeometryJson;
    expect(r.signFlips).toBe(FLIPS);
    expect(r.best).toBe('p=2');
    expect(r.scores.every((s) => s.ci === null)).toBe(true);
    expect(r.power).toBeNull();
  });
});
