import { describe, expect, it } from 'vitest';
import { medianInPlace, selectInPlace } from '@core/stats/twosample/select';
import { mergeRatioShards, ratioBootstrap, RATIO_SHARD_SIZE, runRatioShard } from '@core/stats/twosample/ratio-bootstrap';
import { planShards } from '@core/stats/gof/bootstrap';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { lognormalArray } from '@core/random/samplers';
import { dataset, ref, relErr } from './reference-data';

const ctx = () => silentContext(createRng(0));

describe('quickselect median', () => {
  it('agrees with sorting on random data with ties, odd and even n', () => {
    const rng = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(60);
      const a = new Float64Array(n).map(() => rng.int(12) * 0.5);
      const sorted = Float64Array.from(a).sort();
      const k = rng.int(n);
      expect(selectInPlace(Float64Array.from(a), k)).toBe(sorted[k]);
      const med = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      expect(medianInPlace(Float64Array.from(a))).toBe(med);
    }
  });
});

describe('ratio of medians and of log-sds with bootstrap percentile CIs', () => {
  const desc = (name: string) => ref.descriptives.find((d: { data: string }) => d.data === name);
  it('point estimates match numpy medians and log sds', () => {
    const r = ratioBootstrap(dataset('lognormal200'), dataset('lognormal3000'), { resamples: 200, seed: 1 }, ctx());
    const a = desc('lognormal200');
    const b = desc('lognormal3000');
    expect(relErr(r.medianRatio.estimate, b.median / a.median)).toBeLessThan(1e-12);
    expect(relErr(r.logSdRatio.estimate, b.logSd / a.logSd)).toBeLessThan(1e-12);
    for (const iv of [r.medianRatio, r.logSdRatio]) {
      expect(iv.lower).toBeLessThan(iv.estimate);
      expect(iv.upper).toBeGreaterThan(iv.estimate);
    }
  });

  it('covers the true ratios at close to the nominal 95 %', () => {
    const trials = 150;
    let coverMedian = 0;
    let coverSd = 0;
    for (let t = 0; t < trials; t++) {
      const rng = createRng(55, t);
      const a = lognormalArray(rng, 80, 0, 0.6);
      const b = lognormalArray(rng, 120, 0.4, 0.9);
      const r = ratioBootstrap(a, b, { resamples: 400, seed: t }, ctx());
      if (r.medianRatio.lower <= Math.exp(0.4) && Math.exp(0.4) <= r.medianRatio.upper) coverMedian++;
      if (r.logSdRatio.lower <= 1.5 && 1.5 <= r.logSdRatio.upper) coverSd++;
    }
    console.info(`ratio CI coverage: median ${coverMedian / trials}, log-sd ${coverSd / trials}`);
    expect(coverMedian / trials).toBeGreaterThan(0.88);
    expect(coverSd / trials).toBeGreaterThan(0.85);
    expect(coverMedian / trials).toBeLessThan(1);
  });

  it('is independent of how the shards are distributed', () => {
    const a = dataset('tiny7');
    const b = dataset('expon37');
    const cfg = { resamples: 1000, seed: 9 };
    const whole = ratioBootstrap(a, b, cfg, ctx());
    const parts = planShards(1000, RATIO_SHARD_SIZE)
      .reverse()
      .map((s) => runRatioShard(a, b, 9, s, ctx()));
    expect(mergeRatioShards(a, b, parts, cfg)).toEqual(whole);
    expect(() => mergeRatioShards(a, b, parts.slice(1), cfg)).toThrow(/cover|tile/);
  });

  it('refuses non-positive, non-finite, too short and constant samples with counts', () => {
    const cfg = { resamples: 100, seed: 1 };
    expect(() => ratioBootstrap([1, 2, 0, -1], [1, 2, 3], cfg, ctx())).toThrow(/first sample has 2 zero or negative/);
    expect(() => ratioBootstrap([1, 2, 3], [1, NaN, 3], cfg, ctx())).toThrow(/second sample contains 1 non-finite/);
    expect(() => ratioBootstrap([1, 2], [1, 2, 3], cfg, ctx())).toThrow(/at least 3 values, got 2/);
    expect(() => ratioBootstrap([2, 2, 2], [1, 2, 3], cfg, ctx())).toThrow(/all 3 values of first sample are equal/);
  });
});
