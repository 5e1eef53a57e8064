import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import type { ApiEventMessage, JobProgressEvent } from '../../src-core/contract/events';
import { startJobSchema, type StartJobInput } from '../../src-core/jobs/schemas';
import {
  fitFinalDistribution,
  runGeometryTest,
  runIdentification,
  runLinearRegression,
  runTwoLayer,
  runWidthSweep,
  syntheticPairs,
  type GeometryTestResult,
  type LinearRegressionRunResult,
} from '../../src-core/plasticity';
import type { WidthSweepPoint, WidthSweepResult } from '../../src-core/jobs/kinds/md-width-sweep';
import { createRng } from '../../src-core/random/rng';
import { dispatch } from '../../src-core/contract/dispatch';
import { runRnnGeometry, type RnnGeometryResult } from '../../src-core/rnn/mirror-experiment';
import { silentContext } from '../../src-core/runtime/context';

// The plasticity job kinds through a real AppContext and worker pool: each result must equal the core's in-thread
// answer bit for bit (sharding never changes the numbers), and typed arrays must come back from the history as such.
let dir: string;
let context: AppContext;
const events: ApiEventMessage[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-jobs-md-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 2 });
  context.subscribe((m) => events.push(m));
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a job the way the API does (validated by startJobSchema, defaults applied) and returns its stored entry. */
async function run(input: StartJobInput) {
  const parsed = startJobSchema.parse(input);
  const { jobId } = context.jobs.start(parsed);
  const status = await context.jobs.waitFor(jobId);
  const entry = context.entries.get(jobId)!;
  if (status !== 'done') throw new Error(`job ${input.kind} ended ${status}: ${entry.error}`);
  return entry;
}

const progressOf = (jobId: string) =>
  events.filter((e): e is ApiEventMessage<'jobProgress'> => e.event === 'jobProgress' && e.payload.jobId === jobId).map((e) => e.payload as JobProgressEvent);

describe('plasticity job kinds', () => {
  it('md-linear-regression: sharded rate selection gives the in-thread run, weights stored as typed arrays', async () => {
    const config = { dim: 300, potential: { kind: 'negative-entropy' as const }, seed: 3 };
    const entry = await run({ kind: 'md-linear-regression', config, seed: 3 });
    expect(entry.kind).toBe('simulation');
    expect(entry.name).toMatch(/negative-entropy, D=300/);
    const r = entry.result as LinearRegressionRunResult;
    const direct = runLinearRegression(config);
    expect(r.weightsBefore).toBeInstanceOf(Float64Array);
    expect(r.dualAfter).toBeInstanceOf(Float64Array);
    expect(r.lossCurve).toBeInstanceOf(Float64Array);
    expect(Array.from(r.weightsAfter)).toEqual(Array.from(direct.weightsAfter));
    expect(r.lr).toBe(direct.lr);
    expect(r.scores).toEqual(direct.scores);
    expect(r.best).toBe(direct.best);
    expect(r.finalLoss).toBeLessThan(1e-3);
    expect(entry.headline).toMatchObject({ D: 300, best: direct.best });
    const fractions = progressOf(entry.id).map((p) => p.fraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.at(-1)).toBe(1);
  });

  it('md-width-sweep: (D, potential) shards merge into the in-thread curves', async () => {
    const config = { minDim: 60, maxDim: 200, widths: 2, seeds: 3, truePotentials: [{ kind: 'negative-entropy' as const }, { kind: 'euclidean' as const }] };
    const entry = await run({ kind: 'md-width-sweep', config, seed: 0 });
    expect(entry.kind).toBe('sweep');
    const r = entry.result as WidthSweepResult;
    expect(r.tasks).toBe(2 * 2 * 3);
    const direct = runWidthSweep(config);
    const byTruth = (curves: typeof direct) => [...curves].sort((a, b) => a.truePotential.localeCompare(b.truePotential));
    expect(byTruth(r.curves)).toEqual(byTruth(direct));
    expect(r.curves.map((c) => c.dims)).toEqual([[60, 200], [60, 200]]);
    // Every run arrived as a live point before the merge.
    const points = progressOf(entry.id).flatMap((p) => (p.partial ? [p.partial as WidthSweepPoint] : []));
    expect(points).toHaveLength(12);
    expect(new Set(points.map((p) => `${p.potential} ${p.dim} ${p.seed}`)).size).toBe(12);
    expect(Object.keys(points[0].dcdf)).toHaveLength(21);
  });

  it('md-identification: per-potential shards give the in-thread summary', async () => {
    const config = { repeats: 4, synapses: 300 };
    const entry = await run({ kind: 'md-identification', config, seed: 0 });
    const r = entry.result as { summaries: ReturnType<typeof runIdentification> };
    expect(r.summaries).toEqual(runIdentification(config));
    expect(Object.keys(entry.headline!)).toEqual(['negative-entropy', 'p=2', 'p=3']);
  });

  it('geometry-test: bootstrap chunks and the power shard equal runGeometryTest; sign flips are counted', async () => {
    const { before, after } = syntheticPairs({ potential: { kind: 'p-norm', p: 3 }, repeat: 0, synapses: 400, init: 'lognormal', weightScale: 0.1, changeScale: 0.1, seed: 5 });
    const options = { bootstrap: 300, powerReplicates: 10, maxSynapses: 400, seed: 9 };
    const entry = await run({ kind: 'geometry-test', config: { before: Float64Array.from(before), after: Float64Array.from(after), ...options }, seed: 9 });
    expect(entry.kind).toBe('geometry-test');
    const r = entry.result as GeometryTestResult;
    expect(r).toEqual(runGeometryTest(before, after, options));
    expect(r.verdict.geometry).toBe('p-norm');
    expect(Math.abs((r.verdict.p ?? 0) - 3)).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(r.scores.every((s) => s.ci !== null && s.ci[0] <= s.dcdf && s.dcdf <= s.ci[1])).toBe(true);
    expect(r.power?.curve.length).toBeGreaterThan(0);
    // The entry keeps the measured values (as BLOBs) in its configuration.
    expect((entry.config as { before: Float64Array }).before).toBeInstanceOf(Float64Array);

    // Plain JSON arrays work too. Negative entropy keeps signs, so its pairs have no flips until we flip 7 of them:
    // they are counted and, by the authors' definition, scored against negative entropy (none left out); the
    // earlier rule leaves exactly those out.
    const ne = syntheticPairs({ potential: { kind: 'negative-entropy' }, repeat: 1, synapses: 400, init: 'lognormal', weightScale: 0.1, changeScale: 0.1, seed: 5 });
    const flipped = Array.from(ne.after, (w, i) => (i < 7 ? -w : w));
    const e2 = await run({ kind: 'geometry-test', config: { before: Array.from(ne.before), after: flipped, bootstrap: 0, powerReplicates: 0 } });
    const r2 = e2.result as GeometryTestResult;
    expect(r2.signFlips).toBe(7);
    expect(r2.excluded).toBe(0);
    expect(r2.power).toBeNull();
    expect(r2.scores.find((s) => s.hypothesis === 'negative-entropy')?.n).toBe(400);
    const e3 = await run({ kind: 'geometry-test', config: { before: Array.from(ne.before), after: flipped, bootstrap: 40, powerReplicates: 0, signFlips: 'exclude' } });
    const r3 = e3.result as GeometryTestResult;
    expect(r3).toEqual(runGeometryTest(ne.before, Float64Array.from(flipped), { bootstrap: 40, powerReplicates: 0, signFlips: 'exclude' }));
    expect(r3.excluded).toBe(7);
    expect(r3.scores.find((s) => s.hypothesis === 'negative-entropy')?.n).toBe(393);
  });

  it('geometry-test on two columns of an imported data set: references resolve row-aligned, provenance recorded', async () => {
    const file = new URL('../fixtures/cli-geometry/flips.csv', import.meta.url);
    const bytes = new Uint8Array(readFileSync(file));
    const { datasetId } = (await dispatch(context.handlers, 'importDataset', {
      // Signed weights kept as measured, the way the Data page's "Keep" sends them: every pair is imported.
      fileName: 'flips.csv', bytes, keepClasses: ['non-positive'],
      mapping: { valueColumns: ['w_day0', 'w_day7'], paired: { layout: 'columns', before: 'w_day0', after: 'w_day7', idColumn: 'synapse' } },
    })) as { datasetId: string };
    const options = { bootstrap: 0, powerReplicates: 0 };
    const entry = await run({
      kind: 'geometry-test',
      config: { before: { type: 'dataset', datasetId, column: 'w_day0' }, after: { type: 'dataset', datasetId, column: 'w_day7' }, ...options },
    });
    // Named from its inputs: the data set and both columns.
    expect(entry.name).toBe('Geometry test of flips ("w_day0" → "w_day7")');
    // The same numbers as the file read directly (rows 2.. of the CSV: synapse, before, after).
    const rows = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
    const direct = runGeometryTest(Float64Array.from(rows, (r) => r[1]), Float64Array.from(rows, (r) => r[2]), options);
    expect(entry.result).toEqual(direct);
    expect((entry.result as GeometryTestResult).signFlips).toBe(12);
    expect((entry.result as GeometryTestResult).n).toBe(rows.length);
    // The entry keeps the references, not copies of the values.
    expect((entry.config as { before: unknown }).before).toEqual({ type: 'dataset', datasetId, column: 'w_day0' });
    expect(context.db.prepare('SELECT input_entry_id AS id, role FROM entry_inputs WHERE entry_id = ? ORDER BY role').all(entry.id)).toEqual([
      { id: datasetId, role: 'after' },
      { id: datasetId, role: 'before' },
    ]);
  });

  it('geometry-test: bad pairs fail the job with the core\'s message', async () => {
    const { jobId } = context.jobs.start(startJobSchema.parse({ kind: 'geometry-test', config: { before: [1, 2, 3, 4], after: [1, 2, 3], bootstrap: 10 } }));
    expect(await context.jobs.waitFor(jobId)).toBe('failed');
    expect(context.entries.summary(jobId)!.error).toMatch(/before and after differ in length \(4 vs 3\)/);
  });

  it('md-two-layer and md-final-fit run in a worker and equal the in-thread results', async () => {
    const config = { inputDim: 12, hidden: 6, samples: 16, steps: 40, lrGrid: 3, potential: { kind: 'p-norm' as const, p: 3 }, seed: 2 };
    const entry = await run({ kind: 'md-two-layer', config, seed: 2 });
    expect(entry.kind).toBe('simulation');
    expect(entry.result).toEqual(runTwoLayer(config));

    const rng = createRng(4, 0);
    const sample = Float64Array.from({ length: 300 }, () => Math.exp(-2 + 0.5 * rng.normal()));
    const fit = await run({ kind: 'md-final-fit', config: { sample, curvePoints: 50 }, seed: 4 });
    expect(fit.result).toEqual(fitFinalDistribution(sample, { curvePoints: 50 }));
  });

  it('md-rnn: one shard per learning rate, merged by the lowest fine-tuning loss, equals the in-thread experiment; the weights come back as typed arrays', async () => {
    const config = { n: 8, imageSize: 8, classes: 4, potential: { kind: 'p-norm' as const, p: 3 }, pretrainIterations: 10, pretrainBatch: 8, iterations: 10, learningRates: [0.003, 0.03], seed: 3 };
    const entry = await run({ kind: 'md-rnn', config, seed: 3 });
    expect(entry.kind).toBe('simulation');
    const direct = runRnnGeometry(config, silentContext(createRng(0)));
    expect(entry.result).toEqual(direct);
    const r = entry.result as RnnGeometryResult;
    expect(r.rates.map((x) => x.lr)).toEqual([0.003, 0.03]);
    const losses = r.rates.map((x) => x.finalLoss as number);
    expect(r.lr).toBe(r.rates[losses.indexOf(Math.min(...losses))].lr);
    expect(r.run.geometry?.weightsAfter).toBeInstanceOf(Float64Array);
    expect(r.run.geometry?.synapses).toBe(64);
    expect(entry.name).toBe('RNN row-wise digits, p-norm p=3, N=8 (64 recurrent weights), pre-trained 10 iterations, fine-tuned on 8 images, seed 3');
  });
});
