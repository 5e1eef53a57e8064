import { describe, expect, it } from 'vitest';
import {
  bootstrapGof,
  GOF_SHARD_SIZE,
  mergeGofShards,
  planShards,
  runGofShard,
  gofStatistics,
  type GofModel,
} from '@core/stats/gof/bootstrap';
import { completeDataModel, defaultGofModel, lognormalLogScaleModel } from '@core/stats/gof/family-model';
import { kolmogorovSf } from '@core/stats/gof/kolmogorov';
import { finishGofJob, planGofJob, runGofShardJob } from '@core/stats/gof/jobs';
import { lognormal } from '@core/stats/families/lognormal';
import { normal } from '@core/stats/families/normal';
import { createRng, type Rng } from '@core/random/rng';
import { CancelledError, silentContext, type JobContext } from '@core/runtime/context';

const TRUE = { mu: 0.3, sigma: 0.9 };

describe('parametric bootstrap goodness of fit', () => {
  it('is calibrated: bootstrap KS rejects 3-7 % of 500 log-normal samples at 5 %, the naive table far fewer', () => {
    const samples = 500;
    const n = 50;
    const B = 199;
    let bootRejects = 0;
    let naiveRejects = 0;
    for (let s = 0; s < samples; s++) {
      const x = lognormal.sample(createRng(2026, s), n, TRUE);
      const fit = lognormal.fit(x);
      const res = bootstrapGof(x, lognormalLogScaleModel(fit), { resamples: B, seed: 10_000 + s }, silentContext(createRng(0)));
      if (res.ks.pValue < 0.05) bootRejects++;
      // The plain KS table (scipy.stats.kstest exact) with the estimated parameters plugged in.
      if (kolmogorovSf(n, res.ks.statistic) < 0.05) naiveRejects++;
    }
    const bootRate = bootRejects / samples;
    const naiveRate = naiveRejects / samples;
    expect(bootRate).toBeGreaterThanOrEqual(0.03);
    expect(bootRate).toBeLessThanOrEqual(0.07);
    expect(naiveRate).toBeLessThan(0.01); // the table is far too lenient once parameters are estimated
    console.info(`calibration: bootstrap KS rejection rate ${bootRate}, naive KS table ${naiveRate}`);
  });

  it('the log-scale log-normal model is the same test as the generic family model', () => {
    const x = lognormal.sample(createRng(21), 150, TRUE);
    const fit = lognormal.fit(x);
    const cfg = { resamples: 199, seed: 4 };
    const fast = bootstrapGof(x, defaultGofModel(lognormal, fit), cfg, silentContext(createRng(0)));
    expect(fast).toEqual(bootstrapGof(x, lognormalLogScaleModel(fit), cfg, silentContext(createRng(0))));
    const slow = bootstrapGof(x, completeDataModel(lognormal, fit), cfg, silentContext(createRng(0)));
    for (const k of ['ks', 'ad', 'cvm'] as const) {
      expect(Math.abs(fast[k].statistic - slow[k].statistic)).toBeLessThan(1e-12 * slow[k].statistic);
      // same normal draws, so the same resampled statistics up to rounding of exp/log
      expect(Math.abs(fast[k].pValue - slow[k].pValue)).toBeLessThanOrEqual(1 / 200 + 1e-12);
    }
    expect(() => bootstrapGof(Float64Array.of(1, 0, -2, 3), lognormalLogScaleModel(fit), cfg, silentContext(createRng(0)))).toThrow(
      /2 value\(s\) are zero or negative/,
    );
  });

  // The same code under other observation models: exponential data left-truncated at T (never recorded below T)
  // and left-censored at L (recorded as "<L", represented by the value L). Both refit by maximum likelihood, and
  // the bootstrap draws from the model fitted to the observed sample, under the same observation model.
  const RATE = 0.8;
  const T = 0.5;
  const L = 0.4;
  function truncatedRate(d: Float64Array): number {
    let s = 0;
    for (const v of d) s += v - T;
    return d.length / s; // memoryless: x - T is Exp(rate)
  }
  function censoredRate(d: Float64Array): number {
    // log L(r) = c log(1 - e^{-rL}) + k log r - r S over the k uncensored values; the score decreases in r.
    let c = 0;
    let k = 0;
    let S = 0;
    for (const v of d) {
      if (v <= L) c++;
      else {
        k++;
        S += v;
      }
    }
    if (k === 0) throw new Error('every value censored');
    const score = (r: number) => (c * L * Math.exp(-r * L)) / -Math.expm1(-r * L) + k / r - S;
    let lo = 1e-8;
    let hi = 1;
    while (score(hi) > 0) hi *= 2;
    for (let it = 0; it < 80; it++) {
      const mid = 0.5 * (lo + hi);
      if (score(mid) > 0) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  }
  const truncated = {
    draw: (rng: Rng, rate: number) => T - Math.log(rng.uniformOpen()) / rate,
    fit: truncatedRate,
    cdf: (r: number) => (x: number) => (x <= T ? 0 : -Math.expm1(-r * (x - T))),
    cdfLeft: null,
  };
  const censored = {
    draw: (rng: Rng, rate: number) => Math.max(L, -Math.log(rng.uniformOpen()) / rate),
    fit: censoredRate,
    // the observation's cdf: an atom of mass F(L) at L, then the exponential cdf
    cdf: (r: number) => (x: number) => (x < L ? 0 : -Math.expm1(-r * x)),
    cdfLeft: (r: number) => (x: number) => (x <= L ? 0 : -Math.expm1(-r * x)),
  };
  interface Spec {
    draw: (rng: Rng, rate: number) => number;
    fit: (d: Float64Array) => number;
    cdf: (r: number) => (x: number) => number;
    cdfLeft: ((r: number) => (x: number) => number) | null;
  }
  function observationModel(spec: Spec, rate: number): GofModel {
    return {
      sample(rng, n, out) {
        const o = out ?? new Float64Array(n);
        for (let i = 0; i < n; i++) o[i] = spec.draw(rng, rate);
        return o;
      },
      refit: (d) => {
        const r = spec.fit(d);
        return { cdf: spec.cdf(r), cdfLeft: spec.cdfLeft ? spec.cdfLeft(r) : undefined };
      },
    };
  }
  for (const [name, spec] of [
    ['left-truncated', truncated],
    ['left-censored', censored],
  ] as [string, Spec][]) {
    it(`is calibrated for ${name} data too (same code, different observation model)`, () => {
      const samples = 300;
      let rejects = 0;
      for (let s = 0; s < samples; s++) {
        const x = observationModel(spec, RATE).sample(createRng(404, s), 40);
        const model = observationModel(spec, spec.fit(x));
        const res = bootstrapGof(x, model, { resamples: 99, seed: s }, silentContext(createRng(0)));
        if (res.ks.pValue < 0.05) rejects++;
      }
      console.info(`${name}: bootstrap KS rejection rate ${rejects / samples}`);
      // nominal rate 4 % with B = 99; 300 samples give a standard error of about 1.1 %
      expect(rejects / samples).toBeGreaterThanOrEqual(0.01);
      expect(rejects / samples).toBeLessThanOrEqual(0.08);
    });
  }

  it('has power: rejects skewed log-normal data tested as normal', () => {
    const x = lognormal.sample(createRng(5), 200, { mu: 0, sigma: 1 });
    const res = bootstrapGof(x, completeDataModel(normal, normal.fit(x)), { resamples: 99, seed: 3 }, silentContext(createRng(0)));
    expect(res.ks.pValue).toBeLessThan(0.05);
    expect(res.ad.pValue).toBeLessThan(0.05);
    expect(res.cvm.pValue).toBeLessThan(0.05);
    // ... and accepts the right family on the same data
    const ok = bootstrapGof(x, completeDataModel(lognormal, lognormal.fit(x)), { resamples: 99, seed: 3 }, silentContext(createRng(0)));
    expect(ok.ad.pValue).toBeGreaterThan(0.05);
  });

  it('gives the same answer however the shards are spread over workers', () => {
    const x = lognormal.sample(createRng(9), 80, TRUE);
    const model = completeDataModel(lognormal, lognormal.fit(x));
    const whole = bootstrapGof(x, model, { resamples: 300, seed: 77 }, silentContext(createRng(0)));
    const sorted = Float64Array.from(x).sort();
    const observed = gofStatistics(sorted, model.refit(sorted));
    const shards = planShards(300);
    expect(shards.length).toBe(Math.ceil(300 / GOF_SHARD_SIZE));
    // "two workers": odd and even shards run separately, in reverse order, then merged
    const ctx = silentContext(createRng(0));
    const parts = [...shards.filter((s) => s.index % 2 === 1), ...shards.filter((s) => s.index % 2 === 0)]
      .reverse()
      .map((s) => runGofShard(model, x.length, 77, s, ctx));
    const merged = mergeGofShards(observed, parts, 300);
    expect(merged).toEqual(whole);
    expect(() => mergeGofShards(observed, parts.filter((p) => p.start !== GOF_SHARD_SIZE), 300)).toThrow(/do not tile/);
    expect(() => mergeGofShards(observed, parts, 400)).toThrow(/cover 300 of 400/);
  });

  it('runs as plain-data worker jobs with the same result (structured-clone round trip)', () => {
    const x = lognormal.sample(createRng(13), 120, TRUE);
    const spec = { family: 'lognormal', params: lognormal.fit(x) };
    const plan = planGofJob(x, spec, { resamples: 250, seed: 8 });
    const results = structuredClone(plan.shards)
      .reverse()
      .map((input) => structuredClone(runGofShardJob(input, silentContext(createRng(0)))));
    const viaJobs = finishGofJob(plan.observed, results, plan.resamples);
    expect(viaJobs).toEqual(bootstrapGof(x, lognormalLogScaleModel(spec.params), { resamples: 250, seed: 8 }, silentContext(createRng(0))));
    expect(() => planGofJob(x, { family: 'nonsense', params: {} }, { seed: 1 })).toThrow(/unknown distribution family/);
  });

  it('reports monotone progress and stops when cancelled', () => {
    const x = lognormal.sample(createRng(11), 40, TRUE);
    const model = completeDataModel(lognormal, lognormal.fit(x));
    const fractions: number[] = [];
    let calls = 0;
    const ctx: JobContext = {
      rng: createRng(0),
      report: (p) => fractions.push(p.fraction),
      checkCancelled: () => {
        if (++calls > 150) throw new CancelledError();
      },
    };
    expect(() => bootstrapGof(x, model, { resamples: 500, seed: 1 }, ctx)).toThrow(CancelledError);
    expect(fractions.length).toBeGreaterThan(3);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[fractions.length - 1]).toBeLessThan(1);
  });

  it('counts failed refits and leaves them out of the p-value', () => {
    const x = lognormal.sample(createRng(12), 30, TRUE);
    const base = completeDataModel(lognormal, lognormal.fit(x));
    let k = 0;
    const flaky: GofModel = {
      sample: base.sample,
      refit: (d) => {
        if (k++ % 10 === 5) throw new Error('no convergence');
        return base.refit(d);
      },
    };
    const res = bootstrapGof(x, flaky, { resamples: 100, seed: 2 }, silentContext(createRng(0)));
    expect(res.failed).toBe(10);
    expect(res.firstError).toBe('no convergence');
    expect(res.ks.pValue * 91).toBeCloseTo(Math.round(res.ks.pValue * 91), 9); // (1 + #) / (90 + 1)
  });

  it('refuses too few values and invalid configurations', () => {
    const model = completeDataModel(lognormal, TRUE);
    const ctx = silentContext(createRng(0));
    expect(() => bootstrapGof(Float64Array.of(1, 2), model, { resamples: 99, seed: 1 }, ctx)).toThrow(/at least 3 values, got 2/);
    expect(() => bootstrapGof(Float64Array.of(1, NaN, 2, 3), model, { resamples: 99, seed: 1 }, ctx)).toThrow(/1 non-finite/);
    expect(() => bootstrapGof(Float64Array.of(1, 2, 3), model, { resamples: 5, seed: 1 }, ctx)).toThrow();
    expect(() => bootstrapGof(Float64Array.of(2, 2, 2, 2), lognormalLogScaleModel(TRUE), { resamples: 99, seed: 1 }, ctx)).toThrow(
      /all 4 values are equal/,
    );
  });
});
