import { describe, expect, it } from 'vitest';
import { silentContext } from '@core/runtime/context';
import { mdLinearRegression } from '@core/jobs/kinds/md-linear-regression';
import { mdTwoLayer } from '@core/jobs/kinds/md-two-layer';
import { startJobSchema } from '@core/jobs/schemas';
import { createRng } from '@core/random/rng';
import { runLinearRegression, type LinearRegressionRunResult } from '@core/plasticity/linear-regression-run';
import { runTwoLayer, type TwoLayerResult } from '@core/plasticity/two-layer';
import type { JobKind } from '@core/jobs/kind';

// Initial weights from an imported data set, as the md-* job kinds receive them once main has resolved the column
// reference: the measured values must be w_init exactly (order and signs kept), and a wrong size must be refused
// before anything runs, naming the data set, the column and both sizes.

/** Positive "spine sizes": log-normal, seeded. */
const rng = createRng(21, 0);
const sizes = Float64Array.from({ length: 80 }, () => Math.exp(-2 + 0.5 * rng.normal()));
const resolved = (values: Float64Array, extra: Record<string, unknown> = {}) => ({
  kind: 'dataset' as const,
  source: { type: 'values' as const, values, datasetId: 'ds-1', column: 'size', ...extra },
});

/** Plans, runs every shard in this thread and merges, as the pool would (shard i gets stream i + 1). */
function runInThread<R>(kind: JobKind<never, unknown, unknown, unknown>, config: unknown, seed = 7): R {
  const k = kind as unknown as JobKind<unknown, unknown, unknown, R>;
  const parts = k.plan(config, seed).map((shard, i) => k.runShard(shard, silentContext(createRng(seed, i + 1))));
  return k.merge(config, parts, seed);
}

describe('md initial weights from a data-set column', () => {
  it('the job schema accepts the reference and its resolved form; the default stays N(0, 1/D)', () => {
    const ref = { kind: 'dataset', source: { type: 'dataset', datasetId: 'ds-1', column: 'size', group: { area: 'V1' } } };
    const parsed = startJobSchema.parse({ kind: 'md-linear-regression', config: { dim: 80, potential: { kind: 'negative-entropy' }, init: ref } });
    expect((parsed.config as { init: unknown }).init).toEqual(ref);
    expect(startJobSchema.safeParse({ kind: 'md-two-layer', config: { potential: { kind: 'euclidean' }, init: resolved(sizes) } }).success).toBe(true);
    const plain = startJobSchema.parse({ kind: 'md-linear-regression', config: { dim: 80, potential: { kind: 'euclidean' } } });
    expect((plain.config as { init: unknown }).init).toEqual({ kind: 'normal', mean: 0 });
  });

  it('md-linear-regression uses the values exactly as w_init and equals the core run with given values', () => {
    const config = { dim: sizes.length, potential: { kind: 'negative-entropy' as const }, seed: 3, init: resolved(sizes) };
    const job = runInThread<LinearRegressionRunResult>(mdLinearRegression, config);
    expect(Array.from(job.weightsBefore)).toEqual(Array.from(sizes));
    // Negative entropy never changes a sign: every measured (positive) size stays positive.
    expect(job.weightsAfter.every((w) => w > 0)).toBe(true);
    expect(job.excluded).toBe(0);
    const direct = runLinearRegression({ dim: sizes.length, potential: { kind: 'negative-entropy' }, seed: 3, init: { kind: 'given', values: Array.from(sizes) } });
    expect(job).toEqual(direct);
    expect(mdLinearRegression.describe(config as never)).toBe('Linear regression, negative-entropy, D=80, N=D^0.5, c=2, seed 3, w_init "size"');
  });

  it('md-two-layer takes hidden x inputDim values as the first layer, row-major, exactly', () => {
    const config = { inputDim: 10, hidden: 8, samples: 8, steps: 10, lrGrid: 2, potential: { kind: 'p-norm' as const, p: 3 }, seed: 2, init: resolved(sizes) };
    const job = runInThread<TwoLayerResult>(mdTwoLayer, config);
    expect(Array.from(job.firstLayer.before)).toEqual(Array.from(sizes));
    expect(job).toEqual(runTwoLayer({ ...config, init: { kind: 'given', values: sizes } }));
  });

  it('a size mismatch is refused at planning, naming the data set, the column and both sizes', () => {
    const lr = { dim: 100, potential: { kind: 'euclidean' as const }, init: resolved(sizes, { group: { area: 'V1' } }) };
    expect(() => mdLinearRegression.plan(lr as never, 1)).toThrow(
      'initial weights: data set ds-1 column "size" (group area = V1) has 80 values but the model has D = 100 weights; one value per weight is used exactly, so they must be equal',
    );
    const tl = { inputDim: 10, hidden: 9, potential: { kind: 'euclidean' as const }, init: resolved(sizes) };
    expect(() => mdTwoLayer.plan(tl as never, 1)).toThrow(/data set ds-1 column "size" has 80 values but the model has hidden x inputDim = 90 weights/);
    try {
      mdLinearRegression.plan(lr as never, 1);
    } catch (e) {
      expect(e).toMatchObject({ code: 'invalid-input', issues: [{ path: 'config.init' }] });
    }
  });

  it('values below a detection limit are refused (bounds, not sizes); an unresolved reference is never run', () => {
    const censored = new Uint8Array(sizes.length);
    censored[3] = 1;
    censored[9] = 1;
    expect(() => mdLinearRegression.plan({ dim: 80, potential: { kind: 'euclidean' }, init: resolved(sizes, { censored }) } as never, 1)).toThrow(
      /data set ds-1 column "size" has 2 value\(s\) below a detection limit/,
    );
    const unresolved = { dim: 80, potential: { kind: 'euclidean' }, init: { kind: 'dataset', source: { type: 'dataset', datasetId: 'ds-1', column: 'size' } } };
    expect(() => mdLinearRegression.plan(unresolved as never, 1)).toThrow(/data set ds-1 column "size" was not resolved/);
  });
});
