import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { encodeNpy, encodeNpz } from '../../src-core/io/npy-writer';
import { parseNpy } from '../../src-core/io/npy-parser';
import { weightsCsv } from '../../src-main/cli/weights-file';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { trainRnn } from '../../src-core/rnn/train';
import { exportedWeights } from '../../src-core/rnn/weights-export';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';
import { fixtureArrays } from '../fixtures/rnn/weights/generate';

const fixture = (name: string) => new URL(`../fixtures/rnn/weights/${name}`, import.meta.url);
type NumpyRead = Record<'npz' | 'csv', Record<string, { dtype: string; shape: number[]; values: number[] }>>;
const numpyRead = JSON.parse(readFileSync(fixture('numpy-read.json'), 'utf8')) as NumpyRead;

const dir = mkdtempSync(join(tmpdir(), 'pl-weights-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('weight files NumPy reads', () => {
  it('the committed .npz and .csv are what the code writes today', () => {
    const arrays = fixtureArrays();
    const members = unzipSync(readFileSync(fixture('weights.npz')));
    expect(Object.keys(members)).toEqual(arrays.map((a) => `${a.name}.npy`));
    for (const a of arrays) expect(members[`${a.name}.npy`]).toEqual(encodeNpy(a.data, a.shape));
    expect(readFileSync(fixture('weights.csv'), 'utf8')).toBe(weightsCsv(arrays));
  });

  it('NumPy read exactly these arrays from both files (generate_numpy_read.py): float64, the shapes, every bit', () => {
    for (const a of fixtureArrays()) {
      const npz = numpyRead.npz[a.name];
      expect(npz, a.name).toEqual({ dtype: 'float64', shape: a.shape, values: Array.from(a.data) });
      const csv = numpyRead.csv[a.name];
      // The CSV holds 1-D arrays as one column (col 0).
      expect(csv, a.name).toEqual({ dtype: 'float64', shape: a.shape.length === 1 ? [a.shape[0], 1] : a.shape, values: Array.from(a.data) });
    }
    // W is N x N with rows = postsynaptic units; V is nOut x N.
    expect(numpyRead.npz.W.shape).toEqual([4, 4]);
    expect(numpyRead.npz.V.shape).toEqual([1, 4]);
  });

  it('.npy headers are padded to 64 bytes and read back by the importer; bad shapes and twice-named arrays are refused', () => {
    const bytes = encodeNpy(new Float64Array([1, -0, Infinity, 2.5, NaN, 1e-300]), [2, 3]);
    expect((10 + (bytes[8] | (bytes[9] << 8))) % 64).toBe(0);
    const back = parseNpy(bytes, 'x.npy');
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual([1, -0, Infinity, 2.5, NaN, 1e-300]);
    expect(() => encodeNpy(new Float64Array(5), [2, 3])).toThrow(/does not hold 5 values/);
    expect(() => encodeNpz([{ name: 'W', data: new Float64Array(1), shape: [1] }, { name: 'W', data: new Float64Array(1), shape: [1] }])).toThrow(/twice/);
    // The same arrays always give the same archive bytes (a fixed timestamp).
    const arrays = fixtureArrays();
    expect(encodeNpz(arrays)).toEqual(encodeNpz(arrays));
  });
});

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

describe('rnn train --save-weights', () => {
  const args = ['rnn', 'train', '--task', 'delayed-xor', '--rule', 'eprop', '--n', '6', '--delay', '2', '--iterations', '3', '--batch', '4', '--seed', '2', '--db', join(dir, 'h.sqlite')];
  const direct = () => {
    const r = trainRnn({
      model: { n: 6, gain: 1, alpha: 0.2 }, task: { kind: 'delayed-xor', delay: 2 }, rule: 'eprop', iterations: 3, batchSize: 4,
      optimiser: { learningRate: 3e-3 }, seed: 2, returnParams: true,
    } as never, silentContext(createRng(0)));
    return exportedWeights(r.params!, r.initialParams!);
  };

  it('writes the trained and the initial weights as .npz, equal to the core run', async () => {
    const file = join(dir, 'w.npz');
    const io = capture();
    expect(await main([...args, '--save-weights', file, '--json'], io)).toBe(0);
    expect(io.stderr).toMatch(/wrote the trained and initial weights to .*w\.npz/);
    const doc = JSON.parse(io.stdout) as Record<string, unknown>;
    expect(doc.params).toBeUndefined(); // the weights are in the file, not in the JSON document
    const members = unzipSync(readFileSync(file));
    for (const a of direct()) {
      const read = parseNpy(members[`${a.name}.npy`], a.name);
      expect(read.shape, a.name).toEqual(a.shape);
      expect(read.data, a.name).toEqual(a.data);
    }
  });

  it('writes .csv rows name,row,col,value; another extension is refused before anything runs', async () => {
    const file = join(dir, 'w.csv');
    expect(await main([...args, '--save-weights', file], capture())).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(weightsCsv(direct()));
    const io = capture();
    expect(await main([...args, '--save-weights', join(dir, 'w.txt')], io)).toBe(2);
    expect(io.stderr).toMatch(/--save-weights must name a \.npz or \.csv file/);
  });
});
