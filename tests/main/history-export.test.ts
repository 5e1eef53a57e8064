import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHistoryDb, type HistoryDb } from '../../src-main/db/connection';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { createHistoryRepo } from '../../src-main/db/history-repo';
import { exportEntry } from '../../src-main/history/export';
import { seedHistory, type Seeded } from './history-helpers';

let dir: string;
let db: HistoryDb;
let seeded: Seeded;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-history-export-'));
  db = openHistoryDb(join(dir, 'h.sqlite'));
  seeded = seedHistory(db);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Reads a CSV the way pandas does with float_precision='round_trip' (and Python's float()): correctly rounded decimal
 * parsing, which JavaScript's Number() also guarantees, plus pandas' default tokens for NaN and the infinities.
 */
const PANDAS_TOKENS: Record<string, number> = { NaN: NaN, inf: Infinity, '-inf': -Infinity };
function readCsv(text: string): { header: string[]; hex: string[] } {
  const [header, ...rows] = text.trimEnd().split('\n').map((line) => line.split(','));
  const cells = rows.flat().map((c) => (c in PANDAS_TOKENS ? PANDAS_TOKENS[c] : Number(c)));
  expect(cells.every((v, i) => !Number.isNaN(v) || rows.flat()[i] === 'NaN')).toBe(true);
  return { header, hex: hexOf(cells) };
}

const hexOf = (values: ArrayLike<number>) => Array.from(values, (v) => Buffer.from(new Float64Array([v]).buffer).toString('hex'));

describe('export of an entry', () => {
  it('writes JSON without arrays and every array as a CSV that reads back bit for bit', () => {
    const repo = createHistoryRepo(db);
    const out = exportEntry(createEntriesRepo(db).summary(seeded.simulation)!, repo);
    const doc = JSON.parse(out.json);
    expect(doc.format).toBe('plasticity-lab-entry');
    expect(doc.entry).toMatchObject({ id: seeded.simulation, name: 'sim ünïcode ✓', tags: ['V1', 'keep'], notes: 'first run\nsecond line', seed: 4294967295 });
    expect(doc.config).toEqual({ n: 3, weights: { $array: 'config:weights', csv: 'config.weights.csv', dtype: 'float64', shape: [3] } });
    expect(doc.result.scalar).toBe(2.5);
    expect(doc.result.loss).toEqual({ $array: 'result:loss', csv: 'result.loss.csv', dtype: 'float64', shape: [7] });
    expect(doc.result.nested.curve[1].csv).toBe('result.nested.curve_1.csv');
    expect(out.csv.map((c) => c.name).sort()).toEqual([
      'config.weights.csv', 'result.counts.csv', 'result.loss.csv', 'result.mask.csv', 'result.nested.curve_0.csv', 'result.nested.curve_1.csv', 'result.rates.csv',
    ]);
    const loss = out.csv.find((c) => c.name === 'result.loss.csv')!.text;
    expect(loss).toBe(`loss\nNaN\n-0\ninf\n-inf\n5e-324\n0.1\n${String(1 / 3)}\n`);
    expect(out.csv.find((c) => c.name === 'result.counts.csv')!.text).toBe('counts\n-2147483648\n0\n2147483647\n');

    const read = Object.fromEntries(out.csv.map((c) => [c.name, readCsv(c.text)]));
    expect(read['result.loss.csv'].header).toEqual(['loss']);
    expect(read['result.loss.csv'].hex).toEqual(hexOf(new Float64Array([NaN, -0, Infinity, -Infinity, 5e-324, 0.1, 1 / 3])));
    // float32 values are written as the double they equal, so they read back exactly too.
    expect(read['result.rates.csv'].hex).toEqual(hexOf(new Float32Array([0.1, 3.4e38, -1e-45])));
    expect(read['config.weights.csv'].hex).toEqual(hexOf([0.5, -0, 1e-310]));
  });

  it('writes a matrix as rows with columns c0.., and a data set with its record and provenance', () => {
    const m = createEntriesRepo(db).create({ kind: 'simulation', name: 'm', status: 'running', jobKind: 'x', config: {}, seed: 1, appVersion: '0.1.0', now: new Date() }).id;
    db.prepare('INSERT INTO entry_arrays (entry_id, name, dtype, shape_json, data) VALUES (?, ?, ?, ?, ?)')
      .run(m, 'result:W', 'float64', '[2,3]', Buffer.from(new Float64Array([1, 2, 3, 4, 5, 6]).buffer));
    const matrix = exportEntry(createEntriesRepo(db).summary(m)!, createHistoryRepo(db));
    expect(matrix.csv).toEqual([{ name: 'result.W.csv', text: 'c0,c1,c2\n1,2,3\n4,5,6\n' }]);

    const ds = JSON.parse(exportEntry(createEntriesRepo(db).summary(seeded.dataset)!, createHistoryRepo(db)).json);
    expect(ds.dataset).toMatchObject({ sourceFileName: 'spines.csv', sha256: 'ab'.repeat(32), rowCount: 4, mapping: { value: 'w' }, originalBytesKept: 6 });
    expect(ds.arrays).toEqual([{ name: 'column:w', csv: 'column.w.csv', dtype: 'float64', shape: [4] }]);
    const fit = JSON.parse(exportEntry(createEntriesRepo(db).summary(seeded.fit)!, createHistoryRepo(db)).json);
    expect(fit.inputs).toEqual([{ inputEntryId: seeded.dataset, role: 'sample' }]);
  });

  it('gives a data set one table (data.csv): source rows, values, below-limit flags, group labels, dates', () => {
    const entries = createEntriesRepo(db);
    const id = entries.create({ kind: 'dataset', name: 'cells', status: 'running', jobKind: null, config: {}, seed: null, appVersion: '0.1.0', now: new Date() }).id;
    entries.finish(id, {
      status: 'done', now: new Date(),
      result: {
        file: 'cells.csv', unit: 'µV', rowCount: 3, sourceRows: new Uint32Array([2, 3, 5]),
        columns: [{ name: 'amp (µV)', values: new Float64Array([0.1, 0.05, 2]), censored: new Uint8Array([0, 1, 0]), censoredCount: 1 }],
        groups: [{ column: 'area', levels: ['V1', 'S1, barrel'], codes: new Uint32Array([0, 1, 0]) }],
        dates: [{ column: 'day', iso: ['2024-01-02', '2024-01-03', '2024-01-04'] }],
        pairs: null,
      },
    });
    const out = exportEntry(entries.summary(id)!, createHistoryRepo(db), entries.get(id)!.result);
    expect(out.csv[0]).toEqual({
      name: 'data.csv',
      text: 'source_row,amp (µV),amp (µV)_below_limit,area,day\n2,0.1,0,V1,2024-01-02\n3,0.05,1,"S1, barrel",2024-01-03\n5,2,0,V1,2024-01-04\n',
    });
    expect(JSON.parse(out.json).table).toBe('data.csv');
    expect(out.csv.find((c) => c.name === 'result.columns_0_.values.csv')!.text.split('\n')[0]).toBe('columns[0].values');
    // Without the decoded result (or for another kind) there is no table, only the arrays.
    expect(exportEntry(entries.summary(id)!, createHistoryRepo(db)).csv.some((c) => c.name === 'data.csv')).toBe(false);
  });

  it('defuses formulas in data-set headers and labels (CSV injection) and leaves the numbers as they are', () => {
    const entries = createEntriesRepo(db);
    const id = entries.create({ kind: 'dataset', name: 'hostile', status: 'running', jobKind: null, config: {}, seed: null, appVersion: '0.1.0', now: new Date() }).id;
    entries.finish(id, {
      status: 'done', now: new Date(),
      result: {
        file: 'hostile.csv', unit: '', rowCount: 3, sourceRows: new Uint32Array([2, 3, 4]),
        columns: [{ name: '=HYPERLINK("http://evil.example","amp")', values: new Float64Array([-1.5, 2, 3]), censored: new Uint8Array(3), censoredCount: 0 }],
        groups: [{ column: '@SUM(1)', levels: ["=cmd|' /C calc'!A0", '+SUM(1+1)', '-2+3'], codes: new Uint32Array([0, 1, 2]) }],
        dates: [],
        pairs: null,
      },
    });
    const table = exportEntry(entries.summary(id)!, createHistoryRepo(db), entries.get(id)!.result).csv[0].text;
    expect(table).toBe(
      'source_row,"\'=HYPERLINK(""http://evil.example"",""amp"")",\'@SUM(1)\n'
      + "2,-1.5,'=cmd|' /C calc'!A0\n3,2,'+SUM(1+1)\n4,3,'-2+3\n",
    );
  });
});
