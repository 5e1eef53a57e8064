import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { openHistoryDb } from '../../src-main/db/connection';
import { createRng } from '../../src-core/random/rng';

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
    expect(Object.keys(r.scores[0])).toEqual(['hypothesis', 'dcdf', 'dcdfCentred']);
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

  describe('initial weights from measured values', () => {
    // Positive "spine sizes" (seeded) in a file with a second numeric column, so the column must be named.
    const rng = createRng(8, 0);
    const sizes = Array.from({ length: 90 }, () => Math.exp(-1.2 + 0.5 * rng.normal()));
    const file = join(dir, 'spines.csv');
    writeFileSync(file, `synapse,size\n${sizes.map((x, i) => `${i + 1},${x}`).join('\n')}\n`);
    const stored = (id: string) => {
      const shown = capture();
      return main(['history', 'show', id, '--json', '--db', db], shown).then(() => JSON.parse(shown.stdout) as { name: string; config: { dim: number; init: unknown }; result: { weightsBefore: number[]; weightsAfter: number[] } });
    };

    it('--init-from FILE --init-column COL: D is the number of values, w_init is the column exactly', async () => {
      const out = join(dir, 'init-weights.csv');
      const { code, io } = await simulate(['--potential', 'negative-entropy', '--init-from', file, '--init-column', 'size', '--out', out, '--json']);
      expect(io.stderr).not.toMatch(/error/);
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout) as SimulateJson & { dim: number };
      expect(r.dim).toBe(90);
      const entry = await stored(r.entryId);
      expect(entry.config.dim).toBe(90);
      expect(entry.name).toBe('Linear regression, negative-entropy, D=90, N=D^0.5, c=2, seed 1, w_init column "size" of spines.csv');
      expect(entry.result.weightsBefore).toEqual(sizes);
      // Negative entropy keeps every measured (positive) size positive.
      expect(entry.result.weightsAfter.every((w) => w > 0)).toBe(true);
      const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
      expect(rows).toEqual(sizes);
    });

    it('--init-dataset ID: the run refers to the imported data set and records it as its input', async () => {
      const imported = capture();
      expect(await main(['import', file, '--column', 'size', '--json', '--db', db], imported)).toBe(0);
      const datasetId = (JSON.parse(imported.stdout) as { id: string }).id;
      const { code, io } = await simulate(['--potential', 'euclidean', '--init-dataset', datasetId, '--steps', '50', '--json']);
      expect(io.stderr).not.toMatch(/error/);
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout) as SimulateJson;
      const entry = await stored(r.entryId);
      expect(entry.config.init).toEqual({ kind: 'dataset', source: { type: 'dataset', datasetId, column: 'size' } });
      expect(entry.config.dim).toBe(90);
      expect(entry.result.weightsBefore).toEqual(sizes);
      const history = openHistoryDb(db);
      try {
        expect(history.prepare('SELECT input_entry_id AS id, role FROM entry_inputs WHERE entry_id = ?').all(r.entryId)).toEqual([{ id: datasetId, role: 'init.source' }]);
      } finally {
        history.close();
      }
      // The data set's size is checked before anything runs.
      const wrong = await simulate(['--potential', 'euclidean', '--init-dataset', datasetId, '--dim', '300']);
      expect(wrong.code).toBe(2);
      expect(wrong.io.stderr).toMatch(`initial weights: data set ${datasetId} column "size" has 90 values but --dim gives 300 weights`);
    });

    it('refuses a size mismatch and contradictory options with exit code 2, naming the source and both sizes', async () => {
      const cases: [string[], string | RegExp][] = [
        [['--potential', 'euclidean', '--init-from', file, '--init-column', 'size', '--dim', '300'],
          'initial weights: column "size" of spines.csv has 90 values but --dim gives 300 weights; one value per weight is used exactly, so they must be equal'],
        [['--potential', 'euclidean', '--init-from', file], /spines\.csv has 2 numeric columns \("synapse", "size"\); choose one with --init-column NAME/],
        [['--potential', 'euclidean', '--init-from', file, '--init-column', 'volume'], /spines\.csv has no column "volume"/],
        [['--potential', 'euclidean', '--init-from', file, '--init-dataset', 'x'], /--init-from FILE and --init-dataset ID are alternatives/],
        [['--potential', 'euclidean', '--dim', '300', '--init-column', 'size'], /--init-column applies to --init-from FILE or --init-dataset ID/],
        [['--potential', 'euclidean', '--init-dataset', 'no-such-set'], /data set no-such-set not found/],
      ];
      for (const [args, message] of cases) {
        const { code, io } = await simulate(args);
        expect(io.stdout).toBe('');
        expect(io.stderr).toMatch(message);
        expect(code).toBe(2);
      }
      const io = capture();
      const code = await main(['simulate', 'md', '--task', 'two-layer', '--potential', 'euclidean', '--init-from', file, '--init-column', 'size', '--hidden', '8', '--input-dim', '10', '--db', db], io);
      expect(io.stderr).toMatch('initial weights: column "size" of spines.csv has 90 values but --hidden x --input-dim (8 x 10) gives 80 weights');
      expect(code).toBe(2);
    });
  });

  describe('--task width-sweep', () => {
    interface SweepJson {
      entryId: string;
      task: string;
      seeds: number;
      runs: number;
      curves: {
        truePotential: string; dims: number[]; lr: number[]; notConverged: number[]; signFlips: number[]; correlationScale: number;
        hypotheses: { hypothesis: string; dcdf: ({ median: number; lo: number; hi: number } | null)[]; dcdfCentred: unknown[]; changeMagnitude: unknown[] }[];
      }[];
    }
    const sweep = async (args: string[]) => {
      const io = capture();
      const code = await main(['simulate', 'md', '--task', 'width-sweep', ...args, '--db', db], io);
      return { code, io };
    };

    it('runs the listed widths for every true potential, JSON only on stdout, and records the sweep in the history', async () => {
      const { code, io } = await sweep(['--dims', '120,40', '--seeds', '2', '--potentials', 'negative-entropy,p=3', '--correlation-scale', '2', '--json']);
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout) as SweepJson;
      expect(r).toMatchObject({ task: 'width-sweep', seeds: 2, runs: 8 });
      expect(r.curves.map((c) => c.truePotential)).toEqual(['negative-entropy', 'p=3']);
      for (const c of r.curves) {
        expect(c.dims).toEqual([40, 120]);
        expect(c.correlationScale).toBe(2);
        expect(c.hypotheses).toHaveLength(21);
        expect(c.hypotheses[0].dcdf).toHaveLength(2);
        expect(c.hypotheses[0].dcdfCentred).toHaveLength(2);
      }
      // Negative entropy never changes a sign.
      expect(r.curves[0].signFlips).toEqual([0, 0]);
      const history = capture();
      expect(await main(['history', 'show', r.entryId, '--json', '--db', db], history)).toBe(0);
      const entry = JSON.parse(history.stdout) as { kind: string; jobKind: string; name: string; config: unknown };
      expect(entry).toMatchObject({ kind: 'sweep', jobKind: 'md-width-sweep', config: { dims: [120, 40], seeds: 2, correlationScale: 2 } });
      expect(entry.name).toBe('Width sweep D=40,120, 2 seeds, 2 potentials');
    });

    it('prints a table per true potential by default and refuses options that do not belong to a sweep', async () => {
      const { code, io } = await sweep(['--min-dim', '30', '--max-dim', '60', '--widths', '2', '--seeds', '1', '--potentials', 'euclidean']);
      expect(code).toBe(0);
      expect(io.stdout).toMatch(/^Width sweep D=30\.\.60 \(2 widths\), 1 seeds, 1 potentials\n\ntrue p=2 \(N = D\^0\.5, c = 2, s = 1\)\n/);
      expect(io.stdout).toMatch(/\n +30 +\S+ +\d\/1 /);
      const cases: [string[], RegExp][] = [
        [['--dims', '100', '--max-dim', '300'], /--max-dim and --dims exclude each other/],
        [['--dims', '100,x'], /--dims must be an integer from 2 to 50000, got "x"/],
        [['--potential', 'euclidean'], /--potential does not apply to --task width-sweep/],
        [['--potentials', 'p=0.5'], /unknown potential "p=0.5"/],
      ];
      for (const [args, message] of cases) {
        const bad = await sweep(args);
        expect(bad.code, args.join(' ')).toBe(2);
        expect(bad.io.stderr).toMatch(message);
      }
      const misplaced = capture();
      expect(await main(['simulate', 'md', '--task', 'linear-regression', '--potential', 'euclidean', '--dim', '50', '--seeds', '3', '--db', db], misplaced)).toBe(2);
      expect(misplaced.stderr).toMatch(/--seeds applies to --task width-sweep/);
    });
  });

  describe('--task identification', () => {
    interface IdentificationJson {
      entryId: string;
      task: string;
      synapses: number;
      repeats: number;
      summaries: {
        truePotential: string; repeats: number; within01: number; within02: number; bestCounts: Record<string, number>;
        pickedP: { median: number; lo: number; hi: number; min: number; max: number; n: number } | null; meanDcdf: { hypothesis: string; mean: number; sd: number }[];
      }[];
    }
    const identify = async (args: string[]) => {
      const io = capture();
      const code = await main(['simulate', 'md', '--task', 'identification', ...args, '--db', db], io);
      return { code, io };
    };

    it('JSON only on stdout: per true potential the repeats found within 0.2 and 0.1, the spread of the picked p and the mean dCDF; the job is in the history', async () => {
      const { code, io } = await identify(['--synapses', '200', '--repeats', '5', '--init', 'normal', '--seed', '2', '--json']);
      expect(code).toBe(0);
      const r = JSON.parse(io.stdout) as IdentificationJson;
      expect(r).toMatchObject({ task: 'identification', synapses: 200, repeats: 5 });
      expect(r.summaries.map((s) => s.truePotential)).toEqual(['negative-entropy', 'p=2', 'p=3']);
      for (const s of r.summaries) {
        expect(s.repeats).toBe(5);
        expect(s.within01).toBeLessThanOrEqual(s.within02);
        expect(s.within02).toBeLessThanOrEqual(5);
        expect(Object.values(s.bestCounts).reduce((a, b) => a + b, 0)).toBe(5);
        expect(s.meanDcdf).toHaveLength(21);
        expect(s.pickedP?.n).toBe(5);
        expect(s.pickedP!.lo).toBeLessThanOrEqual(s.pickedP!.median);
        expect(s.pickedP!.median).toBeLessThanOrEqual(s.pickedP!.hi);
      }
      const history = capture();
      expect(await main(['history', 'show', r.entryId, '--json', '--db', db], history)).toBe(0);
      const entry = JSON.parse(history.stdout) as { kind: string; jobKind: string; seed: number; config: unknown; result: { summaries: { correct: number }[] } };
      expect(entry).toMatchObject({ kind: 'sweep', jobKind: 'md-identification', seed: 2, config: { synapses: 200, repeats: 5, init: 'normal', seed: 2 } });
      // The CLI's count within the resolution, 0.2 in p, is the job's own `correct`.
      expect(r.summaries.map((s) => s.within02)).toEqual(entry.result.summaries.map((s) => s.correct));
    });

    it('prints a table by default, takes the true potentials by name, and refuses the options of a trained model', async () => {
      const { code, io } = await identify(['--synapses', '100', '--repeats', '3', '--potentials', 'p=1.5,euclidean']);
      expect(code).toBe(0);
      expect(io.stdout).toMatch(/^Identification test, 3 repeats x 2 potentials, 100 synapses \(lognormal\)/);
      expect(io.stdout).toMatch(/\np=1\.5 +\d\/3 +\d\/3 /);
      expect(io.stdout).toMatch(/\np=2 +\d\/3 +\d\/3 /);
      const cases: [string[], RegExp, string][] = [
        [['--potential', 'euclidean'], /--potential does not apply to --task identification/, 'identification'],
        [['--init', 'uniform'], /--init must be lognormal or normal, got "uniform"/, 'identification'],
        [['--potentials', 'p=1'], /unknown potential "p=1"/, 'identification'],
        [['--synapses', '5'], /--synapses must be an integer between 10 and 1000000/, 'identification'],
        [['--potential', 'euclidean', '--dim', '100', '--repeats', '3'], /--repeats applies to --task identification/, 'linear-regression'],
      ];
      for (const [args, message, task] of cases) {
        const run = capture();
        expect(await main(['simulate', 'md', '--task', task, ...args, '--db', db], run)).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(message);
      }
    });
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
