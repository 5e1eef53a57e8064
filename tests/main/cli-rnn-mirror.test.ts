import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';

// Mirror descent in the recurrent networks from the command line (issue 13): `rnn train --potential` for every rule,
// the row-wise digit task, and `simulate md --task rnn` (the paper's RNN experiment), each recorded in the history.
const dir = mkdtempSync(join(tmpdir(), 'pl-cli-rnn-md-'));
const db = join(dir, 'h.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

async function cli(args: string[]) {
  const io = capture();
  const code = await main([...args, '--db', db], io);
  return { code, io };
}

interface GeometryJson {
  synapses: number;
  potential: string;
  best: string;
  signFlips: number;
  changeMagnitude: number;
  scores: { hypothesis: string; dcdf: number }[];
  weightsBefore?: unknown;
}

const tiny = ['--task', 'row-images', '--n', '8', '--image-size', '8', '--classes', '4', '--training-set', '8', '--batch', '8', '--iterations', '15', '--alpha', '1'];

describe('rnn train --potential (mirror descent for every rule)', () => {
  it('trains by mirror descent, reports the geometry of W in JSON (weights stay in the history) and records the potential', async () => {
    const { code, io } = await cli(['rnn', 'train', ...tiny, '--rule', 'rflo', '--potential', 'p-norm', '--p', '3', '--json']);
    expect(code, io.stderr).toBe(0);
    const r = JSON.parse(io.stdout) as { entryId: string; geometry: GeometryJson; config: { optimiser: { kind: string; learningRate: number; potential: unknown } } };
    expect(r.config.optimiser).toMatchObject({ kind: 'sgd', potential: { kind: 'p-norm', p: 3 } });
    // Without --learning-rate, the potential's own default (p = 3: 0.1 x 0.3).
    expect(r.config.optimiser.learningRate).toBe(0.03);
    expect(r.geometry).toMatchObject({ synapses: 64, potential: 'p=3' });
    expect(r.geometry.scores).toHaveLength(21);
    expect(r.geometry.weightsBefore).toBeUndefined();
    const shown = capture();
    expect(await main(['history', 'show', r.entryId, '--json', '--db', db], shown)).toBe(0);
    const entry = JSON.parse(shown.stdout) as { jobKind: string; result: { geometry: { weightsBefore: unknown } } };
    expect(entry.jobKind).toBe('rnn-train');
    expect(entry.result.geometry.weightsBefore).toBeDefined();
  });

  it('prints the geometry block in the report: the best hypothesis, the change magnitude and the dCDF of the landmarks', async () => {
    const { code, io } = await cli(['rnn', 'train', ...tiny, '--rule', 'bptt', '--potential', 'negative-entropy']);
    expect(code, io.stderr).toBe(0);
    expect(io.stdout).toMatch(/\ngeometry of the recurrent weights W \(64 synapses, trained with negative-entropy\): best \S+ - /);
    expect(io.stdout).toMatch(/\nchange magnitude \S+ \(\|\|dual change\|\| \/ \|\|dual start\|\| under negative-entropy/);
    expect(io.stdout).toMatch(/\ndCDF: negative-entropy \S+, (p=1\.\d \S+, )*p=2 \S+, p=2\.5 \S+, p=3 \S+/);
    // Negative entropy never changes a sign, so there is no flip note.
    expect(io.stdout).not.toMatch(/changed sign/);
  });

  it('refuses a potential with Adam, row-image options on another task, and --p without a p-norm', async () => {
    const cases: [string[], RegExp][] = [
      [['--potential', 'negative-entropy', '--optimiser', 'adam'], /--potential trains by mirror descent, SGD with momentum in the dual space: it needs --optimiser sgd, not adam/],
      [['--task', 'delayed-xor', '--image-size', '10'], /--image-size applies to --task row-images, not to delayed-xor/],
      [['--p', '3'], /--p applies to --potential p-norm/],
      [['--potential', 'p-norm', '--p', '1'], /--p must be a number between 1\.000001 and 20, got "1"/],
    ];
    for (const [extra, message] of cases) {
      const args = extra.includes('--task') ? ['rnn', 'train', '--rule', 'bptt', ...extra] : ['rnn', 'train', ...tiny, '--rule', 'bptt', ...extra];
      const { code, io } = await cli(args);
      expect(code, extra.join(' ')).toBe(2);
      expect(io.stderr).toMatch(message);
    }
  });
});

describe('simulate md --task rnn (the paper\'s RNN experiment)', () => {
  it('pre-trains, fine-tunes at every rate of the grid, keeps the lowest loss and reports the geometry; recorded in the history', async () => {
    const { code, io } = await cli([
      'simulate', 'md', '--task', 'rnn', '--potential', 'euclidean', '--hidden', '8', '--image-size', '8', '--training-set', '8',
      '--pretrain-iterations', '10', '--pretrain-batch', '8', '--steps', '10', '--learning-rates', '0.01,0.1', '--seed', '2', '--json',
    ]);
    expect(code, io.stderr).toBe(0);
    const r = JSON.parse(io.stdout) as { entryId: string; lr: number; lrSelection: string; rates: { lr: number; finalLoss: number }[]; geometry: GeometryJson };
    expect(r.lrSelection).toBe('grid');
    expect(r.rates.map((x) => x.lr)).toEqual([0.01, 0.1]);
    expect(r.lr).toBe(r.rates.reduce((a, b) => (b.finalLoss < a.finalLoss ? b : a)).lr);
    expect(r.geometry).toMatchObject({ synapses: 64, potential: 'p=2' });
    const shown = capture();
    expect(await main(['history', 'show', r.entryId, '--json', '--db', db], shown)).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ jobKind: 'md-rnn', kind: 'simulation', seed: 2, config: { n: 8, trainingSet: 8, learningRates: [0.01, 0.1] } });
  });

  it('refuses options of other tasks and both rate options at once', async () => {
    const base = ['simulate', 'md', '--task', 'rnn', '--potential', 'euclidean'];
    for (const [extra, message] of [
      [['--dim', '100'], /--dim does not apply to --task rnn/],
      [['--learning-rate', '0.1', '--learning-rates', '0.1,0.2'], /--learning-rate and --learning-rates exclude each other/],
      [['--rule', 'backprop'], /--rule must be one of bptt, eprop, eprop-random, rflo, rflo-symmetric/],
    ] as const) {
      const { code, io } = await cli([...base, ...extra]);
      expect(code).toBe(2);
      expect(io.stderr).toMatch(message);
    }
    const { code, io } = await cli(['simulate', 'md', '--task', 'linear-regression', '--potential', 'euclidean', '--dim', '50', '--image-size', '10']);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/--image-size applies to --task rnn/);
  });
});
