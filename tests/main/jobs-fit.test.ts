import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import { createRng } from '../../src-core/random/rng';
import { lognormalArray } from '../../src-core/random/samplers';
import { silentContext } from '../../src-core/runtime/context';
import { fitFamilies, fitObserved } from '../../src-core/stats/fit/index';
import { bootstrapGof } from '../../src-core/stats/gof/bootstrap';
import { defaultGofModel } from '../../src-core/stats/gof/family-model';
import { getFamily } from '../../src-core/stats/families/index';
import { compareSamples } from '../../src-core/stats/twosample/index';
import { wasserstein1Log } from '../../src-core/stats/twosample/wasserstein';
import { fitKind, type FitJobResult } from '../../src-core/jobs/kinds/fit';
import type { CompareJobResult } from '../../src-core/jobs/kinds/compare';
import { l1QuantileShift, scaledComparison } from '../../src-core/stats/twosample/index';

let dir: string;
let two: AppContext;
let one: AppContext;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-jobs-fit-'));
  two = createAppContext({ databasePath: join(dir, 'two.sqlite'), workers: 2 });
  one = createAppContext({ databasePath: join(dir, 'one.sqlite'), workers: 1 });
});
afterAll(async () => {
  await Promise.all([two.close(), one.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function run<T>(context: AppContext, input: unknown): Promise<{ status: string; result: T; error: string | null }> {
  // Through the API, as every front starts jobs: the config is validated and defaults are applied.
  const { jobId } = (await dispatch(context.handlers, 'startJob', input)) as { jobId: string };
  const status = await context.jobs.waitFor(jobId);
  const entry = context.entries.get(jobId)!;
  return { status, result: entry.result as T, error: context.entries.summary(jobId)?.error ?? null };
}

const data = lognormalArray(createRng(11), 300, -0.5, 0.8);

describe('fit job', () => {
  it('reports every standard family with bootstrap p-values equal to the one-thread computation', async () => {
    const { status, result } = await run<FitJobResult>(two, { kind: 'fit', config: { source: { type: 'values', values: Array.from(data) }, resamples: 99 }, seed: 5 });
    expect(status).toBe('done');
    expect(result.fits.map((f) => f.dist)).toEqual(['lognormal', 'normal', 'gamma', 'weibull', 'exponential', 'loglogistic', 'invgauss']);
    expect(result.n).toBe(300);
    expect(result.best).toBe('lognormal');
    const direct = fitFamilies(data);
    for (const fit of result.fits) {
      const ref = direct.fits.find((f) => f.dist === fit.dist)!;
      expect(fit.params).toEqual(ref.params);
      expect(fit.logLik).toBe(ref.logLik);
      expect(fit.aic).toBe(ref.aic);
      expect(fit.ks!.statistic).toBe(ref.ks!.statistic);
      expect(fit.gof).toMatchObject({ resamples: 99, failed: 0 });
      for (const s of [fit.ks!, fit.ad!, fit.cvm!]) {
        expect(s.pValue! * 100).toBeCloseTo(Math.round(s.pValue! * 100), 9); // a multiple of 1/(B+1)
        expect(s.pValue).toBeGreaterThan(0);
        expect(s.pValue).toBeLessThanOrEqual(1);
      }
      for (const [name, [lo, hi]] of Object.entries(fit.ci.wald)) {
        expect(lo).toBeLessThan(fit.params[name]);
        expect(hi).toBeGreaterThan(fit.params[name]);
      }
    }
    expect(result.vuong).toHaveLength(21);
    // The log-normal p-values equal bootstrapGof on one thread with the family's seed (seed + (index + 1) 2^32).
    const ln = result.fits[0];
    const single = bootstrapGof(data, defaultGofModel(getFamily('lognormal'), ln.params), { resamples: 99, seed: 5 + 2 ** 32 }, silentContext(createRng(0)));
    expect(ln.ks!.pValue).toBe(single.ks.pValue);
    expect(ln.ad!.pValue).toBe(single.ad.pValue);
    expect(ln.cvm!.pValue).toBe(single.cvm.pValue);
    // Data drawn from a log-normal: its fit is not rejected, the exponential's is.
    expect(ln.ks!.pValue).toBeGreaterThan(0.05);
    expect(result.fits.find((f) => f.dist === 'exponential')!.ad!.pValue).toBe(0.01);
    expect(ln.ci.profile!.mu[0]).toBeLessThan(ln.params.mu);
    expect(result.descriptives.n).toBe(300);
    expect(result.plots.linear.densities).toHaveLength(7);
    expect(result.plots.log!.histogram).toBeTruthy();
  });

  it('is reproducible bit for bit and independent of the worker count', async () => {
    const input = {
      kind: 'fit', seed: 9,
      config: { source: { type: 'values', values: Float64Array.from(data.subarray(0, 120)) }, families: ['lognormal', 'gamma', 'weibull'], resamples: 200, ci: { resamples: 50 } },
    };
    const a = await run<FitJobResult>(two, input);
    const b = await run<FitJobResult>(two, input);
    const c = await run<FitJobResult>(one, input);
    expect(a.status).toBe('done');
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    expect(JSON.stringify(c.result)).toBe(JSON.stringify(a.result));
    expect(a.result.fits[1].ci.bca!.shape[0]).toBeLessThan(a.result.fits[1].params.shape);
    const other = await run<FitJobResult>(one, { ...input, seed: 10 });
    const pValues = (r: FitJobResult) => r.fits.flatMap((f) => [f.ks!.pValue, f.ad!.pValue, f.cvm!.pValue]);
    expect(pValues(other.result)).not.toEqual(pValues(a.result));
  });

  it('fits left-truncated and left-censored data under their observation model', async () => {
    const T = 0.4;
    const all = lognormalArray(createRng(3), 600, -0.5, 0.8);
    const recorded = all.filter((x) => x >= T);
    const tr = await run<FitJobResult>(two, {
      kind: 'fit', seed: 1, config: { source: { type: 'values', values: Array.from(recorded) }, families: ['lognormal', 'gamma', 'loglogistic'], observation: { kind: 'truncated', threshold: T }, resamples: 49 },
    });
    expect(tr.status).toBe('done');
    const ref = fitObserved(recorded, 'lognormal', { kind: 'truncated', threshold: T });
    expect(tr.result.fits[0].params).toEqual(ref.params);
    expect(tr.result.fits[0].logLik).toBe(ref.logLik);
    expect(tr.result.fits[0].se!.mu).toBeGreaterThan(0);
    expect(tr.result.fits[0].ks!.pValue).toBeGreaterThan(0);
    expect(tr.result.failed).toEqual([{ dist: 'loglogistic', error: expect.stringMatching(/available for lognormal, gamma, weibull/) }]);

    const L = 0.3;
    const censoredRows = all.map((x) => (x <= L ? L : x));
    const nBelow = censoredRows.filter((x) => x <= L).length;
    const ce = await run<FitJobResult>(two, {
      kind: 'fit', seed: 1, config: { source: { type: 'values', values: Array.from(censoredRows) }, families: ['lognormal'], observation: { kind: 'censored', limit: L }, resamples: 49 },
    });
    expect(ce.status).toBe('done');
    expect(ce.result.nBelow).toBe(nBelow);
    expect(ce.result.n).toBe(600);
    const cref = fitObserved(all.filter((x) => x > L), 'lognormal', { kind: 'censored', limit: L, nBelow });
    expect(ce.result.fits[0].params).toEqual(cref.params);
    expect(Math.abs(ce.result.fits[0].params.mu + 0.5)).toBeLessThan(0.15);

    // The same rows as the data-set resolver hands them over: censored ones flagged, carried as the limit.
    const flags = Uint8Array.from(all, (x) => (x <= L ? 1 : 0));
    const flagged = await run<FitJobResult>(two, {
      kind: 'fit', seed: 1, config: { source: { type: 'values', values: censoredRows, censored: flags }, families: ['lognormal'], observation: { kind: 'censored', limit: L }, resamples: 49 },
    });
    expect(flagged.result.fits[0].params).toEqual(ce.result.fits[0].params);
    expect(flagged.result.fits[0].ks!.pValue).toBe(ce.result.fits[0].ks!.pValue);
    const refused = await run<FitJobResult>(one, { kind: 'fit', config: { source: { type: 'values', values: censoredRows, censored: flags }, resamples: 0 } });
    expect(refused.error).toBe(`${nBelow} values are below a detection limit (censored, e.g. "<0.1"): fit them with the left-censored observation model, or drop them`);
  });

  it('fails a job on bad input with a message naming the problem and its count, or drops with dropInvalid', async () => {
    // NaN travels in a Float64Array (JSON has no NaN, and the schema refuses NaN in plain arrays).
    const bad = Float64Array.from([...Array.from(data.subarray(0, 20)), NaN, NaN, -1]);
    const failed = await run<FitJobResult>(one, { kind: 'fit', config: { source: { type: 'values', values: bad }, resamples: 0 } });
    expect(failed.status).toBe('failed');
    expect(failed.error).toBe('2 values are NaN (missing or not a number)');
    const negative = await run<FitJobResult>(one, { kind: 'fit', config: { source: { type: 'values', values: bad.subarray(0, 20).map((x, i) => (i < 4 ? -x : x)) }, resamples: 0 } });
    expect(negative.error).toMatch(/^4 values are zero or negative, but lognormal, gamma, weibull, exponential, loglogistic, invgauss need positive values$/);
    const dropped = await run<FitJobResult>(one, { kind: 'fit', config: { source: { type: 'values', values: bad }, resamples: 0, dropInvalid: true } });
    expect(dropped.status).toBe('done');
    expect(dropped.result.dropped).toMatchObject({ nan: 2, nonPositive: 1, total: 3 });
    expect(dropped.result.n).toBe(20);
    expect(dropped.result.fits[0].ks!.pValue).toBeNull();
    // An unknown data set is refused by the start call; a reference that reached the kind unresolved fails in a shard
    // (plan runs after the history entry exists, so it must not throw).
    await expect(run(one, { kind: 'fit', config: { source: { type: 'dataset', datasetId: 'nope', column: 'w' } } })).rejects.toThrow(/data set nope not found/);
    const shards = fitKind.plan({ source: { type: 'dataset', datasetId: 'x', column: 'w' } } as never, 1);
    expect(shards).toHaveLength(1);
    expect(() => fitKind.runShard(shards[0], silentContext(createRng(0)))).toThrow(/data-set column "w" of x was not resolved/);
  });
});

describe('compare job', () => {
  const a = lognormalArray(createRng(21), 150, 0, 0.6);
  const b = lognormalArray(createRng(22), 90, 0.3, 0.7);

  it('equals compareSamples with the job seed, with descriptives of both', async () => {
    const { status, result } = await run<CompareJobResult>(two, { kind: 'compare', seed: 17, config: { a: { type: 'values', values: Array.from(a) }, b: { type: 'values', values: Array.from(b) }, resamples: 1000 } });
    expect(status).toBe('done');
    const ref = compareSamples(a, b, { seed: 17, resamples: 1000 }, silentContext(createRng(0)));
    expect(result.ks2).toEqual(ref.ks2);
    expect(result.andersonKSample).toEqual(ref.andersonKSample);
    expect(result.wasserstein).toBe(ref.wasserstein);
    expect(result.wassersteinLog).toBe(ref.wassersteinLog);
    expect(result.medianRatio).toEqual(ref.medianRatio);
    expect(result.logSdRatio).toEqual(ref.logSdRatio);
    expect(result.descriptives.a.n).toBe(150);
    expect(result.descriptives.b.n).toBe(90);
    expect(result.scaled).toBeNull();
    // Both samples fitted by the one fitting engine: the same numbers as fitFamilies on each.
    for (const [side, values] of [['a', a], ['b', b]] as const) {
      const ref = fitFamilies(values, ['lognormal', 'gamma', 'weibull']);
      expect(result.fits![side].best).toBe(ref.best);
      expect(result.fits![side].fits.map((f) => [f.dist, f.params, f.logLik, f.aic])).toEqual(ref.fits.map((f) => [f.dist, f.params, f.logLik, f.aic]));
    }
    expect(result.fits!.a.fits[0].params.sigma).toBeCloseTo(0.6, 1);
  });

  it('leaves the fits out when a sample has zeros or negatives (the families need x > 0)', async () => {
    const { status, result } = await run<CompareJobResult>(one, { kind: 'compare', config: { a: { type: 'values', values: [0, ...Array.from(a)] }, b: { type: 'values', values: Array.from(b) }, resamples: 0 } });
    expect(status).toBe('done');
    expect(result.fits).toBeNull();
  });

  it('fits a scale factor: exact for a rescaled copy, and the Wasserstein-log minimiser', async () => {
    const scaled = a.map((x) => 3 * x);
    for (const method of ['median', 'wasserstein-log'] as const) {
      const { result } = await run<CompareJobResult>(one, { kind: 'compare', config: { a: { type: 'values', values: Array.from(a) }, b: { type: 'values', values: Array.from(scaled) }, resamples: 0, scale: method } });
      expect(result.scaled!.factor).toBeCloseTo(3, 12);
      // s*a equals b up to rounding, so at most one of the 150 points can land on the other side of its twin.
      expect(result.scaled!.ks.statistic).toBeLessThanOrEqual(1 / 150);
      expect(result.scaled!.wassersteinLog).toBeLessThan(1e-12);
      // Without permutations there is no calibrated p-value, and the result says why.
      expect(result.scaled!.ks.pValue).toBeNull();
      expect(result.scaled!.unavailable!['ks.pValue']).toMatch(/permutations that refit the scale/);
    }
    const { result } = await run<CompareJobResult>(one, { kind: 'compare', config: { a: { type: 'values', values: Array.from(a) }, b: { type: 'values', values: Array.from(b) }, resamples: 0, scale: 'wasserstein-log' } });
    const s = result.scaled!.factor;
    const w = (f: number) => wasserstein1Log(a.map((x) => x * f), b);
    expect(result.scaled!.wassersteinLog).toBeCloseTo(w(s), 12);
    for (const f of [0.9, 0.99, 0.999, 1.001, 1.01, 1.1]) expect(w(s * f)).toBeGreaterThanOrEqual(w(s) - 1e-12);
  });

  it('p-values after scaling: the job (two workers) equals scaledComparison with the job seed', async () => {
    const { status, result } = await run<CompareJobResult>(two, { kind: 'compare', seed: 8, config: { a: { type: 'values', values: Array.from(a) }, b: { type: 'values', values: Array.from(b) }, resamples: 300, scale: 'median' } });
    expect(status).toBe('done');
    const ref = scaledComparison(a, b, { method: 'median', resamples: 300, seed: 8 }, silentContext(createRng(0)));
    expect(result.scaled).toMatchObject({ factor: ref.factor, ks: ref.ks, ad: ref.ad, calibration: { method: 'permutation', resamples: 300 } });
    expect(result.verdict!.text).toMatch(/after scaling A by/);
  });

  it('l1QuantileShift is the median of the quantile differences', () => {
    expect(l1QuantileShift(Float64Array.of(0, 1, 2), Float64Array.of(10, 11, 12))).toBe(10);
    // x = [0, 1], y = [1, 2, 10]: differences 1 on (0, 1/3], 2 on (1/3, 1/2], 1 on (1/2, 2/3], 9 on (2/3, 1]. The value
    // 1 holds exactly half the mass, so every c in [1, 2] minimises; the midpoint is returned.
    expect(l1QuantileShift(Float64Array.of(0, 1), Float64Array.of(1, 2, 10))).toBe(1.5);
    // Three quarters of the mass at 0 -> 0: x = [0, 0, 0, 1], y = [0, 0, 0, 5].
    expect(l1QuantileShift(Float64Array.of(0, 0, 0, 1), Float64Array.of(0, 0, 0, 5))).toBe(0);
  });
});
