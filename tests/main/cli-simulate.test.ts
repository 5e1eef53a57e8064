import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-sim-'));
const db = join(dir, 'h.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

interface SimulateJson {
  entryId: string;
  finalLoss: number;
  changeMagnitude: number;
  scores: { hypothesis: string; dcdf: number }[];
  best: string;
  excluded: number;
}

async function simulate(args: string[]): Promise<{ code: number; io: ReturnType<typeof capture> }> {
  const io = capture();
  const code = await main(['simulate', 'md', '--task', 'linear-regression', ...args, '--db', db], io);
  return { code, io };
}

const score = (r: SimulateJson, h: string) => r.scores.find((s) => s.hypothesis === h)!.dcdf;

describe('plasticity-lab simulate md', () => {
  it('D = 300 under negative entropy: JSON only on stdout, the true potential scores best, the run is in the history', async () => {
    const { code, io } = await simulate(['--potential', 'negative-entropy', '--dim', '300', '--seed', '1', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout) as SimulateJson;
    expect(r.best).toBe('negative-entropy');
    expect(r.finalLoss).toBeLessThan(1e-3);
    expect(r.changeMagnitude).toBeGreaterThan(0);
    expect(r.scores.map((s) => s.hypothesis)).toEqual(['negative-entropy', ...Array.from({ length: 20 }, (_, i) => `p=${Number((1.1 + 0.1 * i).toFixed(1))}`)]);
    expect(Object.keys(r.scores[0])).toEqual(['hypothesis', 'dcdf']);
    expect(score(r, 'p=2')).toBeGreaterThan(3 * score(r, 'negative-entropy'));

    const history = capture();
    expect(await main(['history', 'list', '--json', '--db', db], history)).toBe(0);
    const entry = (JSON.parse(history.stdout) as { entries: { id: string; kind: string; jobKind: string; seed: number }[] }).entries.find((e) => e.id === r.entryId);
    expect(entry).toMatchObject({ kind: 'simulation', jobKind: 'md-linear-regression', seed: 1 });
  });

  it('--out writes before,after columns that read back to the stored weights exactly', async () => {
    const out = join(dir, 'weights.csv');
    const { code, io } = await simulate(['--potential', 'euclidean', '--dim', '300', '--out', out, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(io.stdout) as SimulateJson;
    expect(io.stderr).toMatch(/wrote 300 before,after pairs/);
    // The Euclidean run is recovered within the grid's 0.1, and far below the other two geometries of the paper.
    expect(Math.abs(Number(r.best.slice(2)) - 2)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(score(r, 'negative-entropy')).toBeGreaterThan(3 * score(r, 'p=2'));
    expect(score(r, 'p=3')).toBeGreaterThan(3 * score(r, 'p=2'));

    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('before,after');
    expect(lines).toHaveLength(301);
    const shown = capture();
    expect(await main(['history', 'show', r.entryId, '--json', '--db', db], shown)).toBe(0);
    const stored = (JSON.parse(shown.stdout) as { result: { weightsBefore: number[]; weightsAfter: number[] } }).result;
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(stored.weightsBefore);
    expect(lines.slice(1).map((l) => Number(l.split(',')[1]))).toEqual(stored.weightsAfter);
  });

  it('refuses bad options with exit code 2 and a message naming the option', async () => {
    const cases: [string[], RegExp][] = [
      [['--potential', 'negative-entropy'], /--dim is required/],
      [['--potential', 'hyperbolic', '--dim', '300'], /unknown --potential "hyperbolic"/],
      [['--potential', 'euclidean', '--p', '3', '--dim', '300'], /--p applies to --potential p-norm/],
      [['--potential', 'p-norm', '--p', '1', '--dim', '300'], /--p must be a number between/],
      [['--potential', 'euclidean', '--dim', 'abc'], /--dim must be an integer between 2 and 50000, got "abc"/],
      [['--potential', 'euclidean', '--dim', '300', '--samples-exponent', '1.5'], /--samples-exponent must be a number/],
    ];
    for (const [args, message] of cases) {
      const { code, io } = await simulate(args);
      expect(code).toBe(2);
      expect(io.stdout).toBe('');
      expect(io.stderr).toMatch(message);
    }
    const io = capture();
    expect(await main(['simulate', 'sgd', '--db', db], io)).toBe(2);
    expect(io.stderr).toMatch(/only "md"/);
  });

  it('runs from the installed bin in a fresh process', () => {
    const bin = new URL('../../bin/plasticity-lab.mjs', import.meta.url).pathname;
    const repo = new URL('../..', import.meta.url).pathname;
    const run = spawnSync(process.execPath, [bin, 'simulate', 'md', '--task', 'linear-regression', '--potential', 'p-norm', '--p', '3', '--dim', '100', '--json', '--db', db], { cwd: repo, encoding: 'utf8' });
    expect(run.stderr).not.toMatch(/error/);
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout) as SimulateJson;
    expect(r.scores).toHaveLength(21);
    expect(Number.isFinite(r.finalLoss)).toBe(true);
  });
});
