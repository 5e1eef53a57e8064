import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import { catalogue } from '../../src-core/jobs/catalogue';
import type { EntryComparison } from '../../src-core/contract/history';
import { compareRerun, sameNumbers } from '../../src-main/history/rerun';
import { createRng } from '../../src-core/random/rng';

let dir: string;
let context: AppContext;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-history-rerun-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 2 });
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (name: string, input: unknown) => dispatch(context.handlers, name, input);

const rng = createRng(11, 0);
const sample = Array.from({ length: 120 }, () => Math.exp(-1 + 0.6 * rng.normal()));
const other = Array.from({ length: 90 }, () => Math.exp(-0.8 + 0.5 * rng.normal()));
const rnnSmall = { model: { n: 12 }, task: { kind: 'delayed-xor', delay: 2, pulse: 1, response: 2 }, iterations: 3, batchSize: 4, evalBatchSize: 8, lyapunov: { k: 1, steps: 40, warmup: 10, inputStd: 0 } };

/** A small configuration per job kind: enough to exercise its shards, quick enough for a unit test. */
const examples: Record<string, unknown> = {
  'lognormal-bootstrap': { source: { type: 'synthetic', n: 300, mu: 0.5, sigma: 0.7 }, resamples: 600 },
  fit: { source: { type: 'values', values: sample }, families: ['lognormal', 'gamma'], resamples: 19 },
  compare: { a: { type: 'values', values: sample }, b: { type: 'values', values: other }, resamples: 200 },
  'md-linear-regression': { dim: 60, potential: { kind: 'negative-entropy' }, seed: 3 },
  'md-width-sweep': { minDim: 30, maxDim: 60, widths: 2, seeds: 2, truePotentials: [{ kind: 'euclidean' }] },
  'md-identification': { repeats: 2, synapses: 100 },
  'md-two-layer': { inputDim: 6, hidden: 3, samples: 8, steps: 10, lrGrid: 2, potential: { kind: 'p-norm', p: 3 }, seed: 2 },
  'geometry-test': { before: sample.slice(0, 60), after: sample.slice(0, 60).map((x, i) => x * (1 + 0.1 * Math.sin(i))), bootstrap: 20, powerReplicates: 0 },
  'md-final-fit': { sample: new Float64Array(sample), curvePoints: 20 },
  'md-rnn': { n: 6, imageSize: 6, classes: 3, potential: { kind: 'negative-entropy' }, pretrainIterations: 3, pretrainBatch: 4, iterations: 3, learningRates: [0.01, 0.1] },
  'rnn-lyapunov': { model: { n: 12 }, lyapunov: { k: 2, steps: 60, warmup: 10 } },
  'rnn-train': rnnSmall,
  'rnn-sweep': { base: rnnSmall, gains: [1], rules: ['bptt'], seeds: 1 },
};

async function finished(jobId: string) {
  expect(await context.jobs.waitFor(jobId)).toBe('done');
  return context.entries.get(jobId)!;
}

describe('re-run', () => {
  const kinds = Object.keys(catalogue).filter((kind) => kind in examples);
  it('covers lognormal-bootstrap and every other catalogued kind it has an example for', () => {
    expect(kinds).toContain('lognormal-bootstrap');
    // A new job kind needs a small example here, so its re-runs are proved bit-exact too.
    expect(Object.keys(catalogue).filter((kind) => !(kind in examples)), 'kinds without an example config in this file').toEqual([]);
  });

  for (const kind of kinds) {
    it(`${kind}: same kind, configuration and seed give the stored numbers bit for bit`, async () => {
      const { jobId } = (await call('startJob', { kind, config: examples[kind], seed: 1234 })) as { jobId: string };
      const original = await finished(jobId);
      const again = (await call('rerunEntry', { id: jobId })) as { jobId: string };
      expect(again.jobId).not.toBe(jobId);
      const rerun = await finished(again.jobId);
      expect(rerun.jobKind).toBe(kind);
      expect(rerun.seed).toBe(1234);
      expect(rerun.config).toEqual(original.config);
      expect(rerun.name).toBe(`${original.name} (re-run)`);
      expect(sameNumbers(rerun.result, original.result)).toBe(true);
      expect(rerun.headline).toEqual(original.headline);
    }, 60_000);
  }

  it('tells apart a different result, and refuses entries no job produced', async () => {
    expect(sameNumbers({ a: new Float64Array([0]) }, { a: new Float64Array([-0]) })).toBe(false);
    expect(sameNumbers({ a: [NaN, 1] }, { a: [NaN, 1] })).toBe(true);
    expect(sameNumbers(new Float64Array([1]), new Float32Array([1]))).toBe(false);
    // A newer version may store more fields: the original's numbers must all come back, the new ones are named.
    const stored = { lambda: 0.05, curve: new Float64Array([1, 2]), nested: { a: 1 } };
    expect(compareRerun(stored, { ...stored, nested: { a: 1, b: 2 }, driven: 0.03 })).toEqual({ reproduced: true, addedFields: ['driven', 'nested.b'] });
    expect(compareRerun(stored, { ...stored, lambda: 0.05000000000000001 }).reproduced).toBe(false);
    expect(compareRerun(stored, { curve: stored.curve, nested: stored.nested }).reproduced).toBe(false);
    const dataset = context.entries.create({ kind: 'dataset', name: 'd', status: 'done', jobKind: null, config: {}, seed: null, appVersion: '0.1.0', now: new Date() });
    await expect(call('rerunEntry', { id: dataset.id })).rejects.toThrow(/was not computed by a job; there is nothing to re-run/);
    await expect(call('rerunEntry', { id: 'missing' })).rejects.toThrow(/History entry missing not found/);
    const stale = context.entries.create({ kind: 'bootstrap', name: 'old', status: 'done', jobKind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 1, mu: 0, sigma: 1 }, resamples: 5 }, seed: 1, appVersion: '0.0.1', now: new Date() });
    await expect(call('rerunEntry', { id: stale.id })).rejects.toThrow(/cannot be re-run by this version: .*source\.n/);
  });
});

describe('initial weights from an imported data set', () => {
  // Measured spine sizes of two areas; the simulation starts from the V1 rows exactly. The entry keeps the column
  // reference (not a copy), records the data set as its input, and a re-run resolves it again to the same numbers.
  const sizes = Array.from({ length: 70 }, (_, i) => ({ area: i % 7 === 0 ? 'V2' : 'V1', size: Math.exp(-1.5 + 0.4 * rng.normal()) }));
  const v1 = sizes.filter((r) => r.area === 'V1').map((r) => r.size);
  const csv = `area,size\n${sizes.map((r) => `${r.area},${r.size}`).join('\n')}\n`;

  it('md-linear-regression: values used exactly, provenance recorded, re-run bit for bit; a size mismatch is refused', async () => {
    const { datasetId } = (await call('importDataset', {
      fileName: 'spines.csv', bytes: new TextEncoder().encode(csv), mapping: { valueColumns: ['size'], groupColumns: ['area'] },
    })) as { datasetId: string };
    const init = { kind: 'dataset', source: { type: 'dataset', datasetId, column: 'size', group: { area: 'V1' } } };
    const config = { dim: v1.length, potential: { kind: 'negative-entropy' }, seed: 5, init };
    const { jobId } = (await call('startJob', { kind: 'md-linear-regression', config, seed: 5 })) as { jobId: string };
    const original = await finished(jobId);
    const result = original.result as { weightsBefore: Float64Array; weightsAfter: Float64Array };
    expect(Array.from(result.weightsBefore)).toEqual(v1);
    expect(result.weightsAfter.every((w) => w > 0)).toBe(true);
    expect((original.config as { init: unknown }).init).toEqual(init);
    expect(original.name).toBe(`Linear regression, negative-entropy, D=${v1.length}, N=D^0.5, c=2, seed 5, w_init "size" in spines (area = V1)`);
    const inputs = () => context.db.prepare('SELECT entry_id AS entry, input_entry_id AS id, role FROM entry_inputs WHERE input_entry_id = ? ORDER BY rowid').all(datasetId);
    expect(inputs()).toEqual([{ entry: jobId, id: datasetId, role: 'init.source' }]);

    const again = (await call('rerunEntry', { id: jobId })) as { jobId: string };
    const rerun = await finished(again.jobId);
    expect(rerun.config).toEqual(original.config);
    expect(sameNumbers(rerun.result, original.result)).toBe(true);
    expect(inputs()).toEqual([{ entry: jobId, id: datasetId, role: 'init.source' }, { entry: again.jobId, id: datasetId, role: 'init.source' }]);

    const total = async () => ((await call('listHistory', {})) as { total: number }).total;
    const entriesBefore = await total();
    await expect(call('startJob', { kind: 'md-linear-regression', config: { ...config, dim: 300 }, seed: 5 })).rejects.toMatchObject({
      code: 'invalid-input',
      message: `initial weights: data set ${datasetId} column "size" (group area = V1) has ${v1.length} values but the model has D = 300 weights; one value per weight is used exactly, so they must be equal`,
    });
    // Refused while planning: no entry is left behind.
    expect(await total()).toBe(entriesBefore);
  }, 60_000);
});

describe('compareEntries', () => {
  it('lines up configurations, headlines and results, listing the differing fields', async () => {
    const base = { source: { type: 'synthetic', n: 200, mu: 0, sigma: 1 }, resamples: 300 };
    const a = (await call('startJob', { kind: 'lognormal-bootstrap', config: base, seed: 1 })) as { jobId: string };
    const b = (await call('startJob', { kind: 'lognormal-bootstrap', config: { ...base, resamples: 400 }, seed: 2 })) as { jobId: string };
    await finished(a.jobId);
    await finished(b.jobId);
    const cmp = (await call('compareEntries', { ids: [a.jobId, b.jobId] })) as EntryComparison;
    expect(cmp.entries.map((e) => e.id)).toEqual([a.jobId, b.jobId]);
    expect(cmp.differingConfigFields).toEqual(['resamples', 'seed']);
    const row = (rows: EntryComparison['config'], path: string) => rows.find((r) => r.path === path)!;
    expect(row(cmp.config, 'source.sigma')).toEqual({ path: 'source.sigma', values: [1, 1], differs: false });
    expect(row(cmp.config, 'confidence')).toEqual({ path: 'confidence', values: [0.95, 0.95], differs: false });
    expect(row(cmp.config, 'resamples').values).toEqual([300, 400]);
    const mu = row(cmp.result, 'mu');
    expect(mu.differs).toBe(true);
    expect(mu.values[0]).toMatchObject({ array: { dtype: 'float64', length: 300 } });
    expect(mu.values[1]).toMatchObject({ array: { dtype: 'float64', length: 400 } });
    expect(row(cmp.result, 'ci.mu').values.every((v) => Array.isArray(v) && v.length === 2)).toBe(true);
    expect(cmp.headline.length).toBeGreaterThan(0);
    await expect(call('compareEntries', { ids: [a.jobId] })).rejects.toThrow(/ids: Too small/);
    await expect(call('compareEntries', { ids: [a.jobId, 'nope'] })).rejects.toThrow(/nope not found/);
  }, 30_000);
});

describe('export, bundle and trash through the API', () => {
  it('exportEntry, exportBundle and emptyTrash answer through dispatch like every call', async () => {
    const { jobId } = (await call('startJob', { kind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 50, mu: 0, sigma: 1 }, resamples: 20 }, seed: 3 })) as { jobId: string };
    await finished(jobId);
    const exported = (await call('exportEntry', { id: jobId })) as { json: string; csv: { name: string; text: string }[] };
    expect(JSON.parse(exported.json).result.mu).toEqual({ $array: 'result:mu', csv: 'result.mu.csv', dtype: 'float64', shape: [20] });
    expect(exported.csv.map((c) => c.name).sort()).toEqual(['result.mu.csv', 'result.sigma.csv']);
    const stored = context.entries.get(jobId)!.result as { mu: Float64Array };
    expect(exported.csv.find((c) => c.name === 'result.mu.csv')!.text.trim().split('\n').slice(1).map(Number)).toEqual(Array.from(stored.mu));

    const bundle = (await call('exportBundle', { ids: [jobId] })) as { fileName: string; bytes: Uint8Array; entryIds: string[] };
    expect(bundle.entryIds).toEqual([jobId]);
    expect(bundle.bytes.constructor).toBe(Uint8Array);
    await expect(call('exportBundle', { ids: [] })).rejects.toThrow(/ids: Too small/);
    await expect(call('exportBundle', { ids: ['gone'] })).rejects.toThrow(/History entry gone not found/);

    await call('deleteEntry', { id: jobId });
    expect(await call('emptyTrash', {})).toEqual({ deleted: 1, kept: [] });
    await expect(call('getEntry', { id: jobId })).rejects.toThrow(/not found/);
  });
});
