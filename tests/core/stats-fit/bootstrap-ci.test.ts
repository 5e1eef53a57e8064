import { describe, expect, it } from 'vitest';
import { FAMILIES } from '@core/stats/families';
import { bootstrapCi, mergeBootstrapCi, planBootstrapCiShards, runBootstrapCiShard } from '@core/stats/fit/bootstrap-ci';
import { createRng } from '@core/random/rng';
import { silentContext, CancelledError, type JobContext } from '@core/runtime/context';
import { dataset, relErr } from './reference';

const ctx = () => silentContext(createRng(0));

describe('bootstrap confidence intervals', () => {
  it('sharded runs merge to exactly the single-thread result', () => {
    const { x } = dataset('gamma-800');
    const config = { dist: 'gamma' as const, resamples: 60, seed: 42 };
    const whole = bootstrapCi(x, config, ctx());
    const parts = [
      runBootstrapCiShard(x, config, 25, 60, ctx()),
      runBootstrapCiShard(x, config, 0, 25, ctx()),
    ];
    expect(mergeBootstrapCi(x, config, parts)).toEqual(whole);
    expect(planBootstrapCiShards(1000, 2)).toEqual([{ start: 0, end: 500 }, { start: 500, end: 1000 }]);
    expect(() => mergeBootstrapCi(x, config, [parts[0]])).toThrow(/gap or overlap/);
  });

  it('percentile and BCa intervals equal scipy.stats.bootstrap formulas on identical replicates', () => {
    const { ds, x } = dataset('lognormal-500');
    const ref = ds.bcaMu!;
    const B = ref.replicates.length;
    const estimates = new Float64Array(2 * B);
    ref.replicates.forEach((v, r) => {
      estimates[2 * r] = v;
      estimates[2 * r + 1] = 1;
    });
    const config = { dist: 'lognormal' as const, resamples: B, seed: 0, level: ref.level };
    const r = mergeBootstrapCi(x, config, [{ start: 0, end: B, paramNames: ['mu', 'sigma'], estimates }]);
    expect(relErr(r.z0.mu, ref.z0)).toBeLessThan(1e-12);
    expect(relErr(r.acceleration.mu, ref.acceleration)).toBeLessThan(1e-9);
    for (const k of [0, 1]) {
      expect(relErr(r.percentile.mu[k], ref.percentile[k])).toBeLessThan(1e-13);
      expect(relErr(r.bca.mu[k], ref.bca[k])).toBeLessThan(1e-12);
    }
  });

  it('lognormal mu: intervals close to the normal-theory interval, BCa near percentile for a symmetric estimator', () => {
    const { x } = dataset('lognormal-500');
    const r = bootstrapCi(x, { dist: 'lognormal', resamples: 2000, seed: 7 }, ctx());
    const p = FAMILIES.lognormal.fit(x);
    const half = (1.959964 * p.sigma) / Math.sqrt(x.length);
    expect(relErr(r.percentile.mu[1] - r.percentile.mu[0], 2 * half)).toBeLessThan(0.1);
    expect(Math.abs(r.percentile.mu[0] + r.percentile.mu[1] - 2 * p.mu)).toBeLessThan(0.2 * half);
    expect(Math.abs(r.bca.mu[0] - r.percentile.mu[0])).toBeLessThan(0.15 * half);
    expect(relErr(r.bootstrapSe.mu, p.sigma / Math.sqrt(x.length))).toBeLessThan(0.08);
    expect(r.failed).toBe(0);
  });

  it('BCa intervals of the log-normal mu cover the truth about 95 % of the time', () => {
    const truth = { mu: 0.3, sigma: 0.8 };
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const x = FAMILIES.lognormal.sample(createRng(1000 + t), 60, truth);
      const r = bootstrapCi(x, { dist: 'lognormal', resamples: 300, seed: t }, ctx());
      if (r.bca.mu[0] <= truth.mu && truth.mu <= r.bca.mu[1]) covered++;
    }
    // Binomial(200, 0.95) has sd ~3 %: [0.88, 0.99] is far outside chance for a correct interval.
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('parametric bootstrap works for an iterative family and skews BCa for a skewed estimator', () => {
    const { x } = dataset('weibull-600');
    const r = bootstrapCi(x, { dist: 'weibull', resamples: 200, seed: 3, method: 'parametric' }, ctx());
    expect(r.percentile.shape[0]).toBeLessThan(r.estimate.shape);
    expect(r.percentile.shape[1]).toBeGreaterThan(r.estimate.shape);
    expect(Number.isFinite(r.acceleration.shape)).toBe(true);
  });

  it('reports progress monotonically and stops on cancellation', () => {
    const { x } = dataset('tiny-5');
    const fractions: number[] = [];
    const c: JobContext = { rng: createRng(0), report: (p) => fractions.push(p.fraction), checkCancelled: () => undefined };
    const r = bootstrapCi(x, { dist: 'lognormal', resamples: 100, seed: 1 }, c);
    expect(fractions.at(-1)).toBe(1);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    // n = 5: some resamples repeat one value five times and cannot be fitted; they are counted, not NaN results.
    expect(r.failed).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(r.percentile.sigma[0])).toBe(true);
    let calls = 0;
    const cancelling: JobContext = {
      rng: createRng(0),
      report: () => undefined,
      checkCancelled: () => {
        if (++calls > 2) throw new CancelledError();
      },
    };
    expect(() => bootstrapCi(x, { dist: 'lognormal', resamples: 100, seed: 1 }, cancelling)).toThrow(CancelledError);
  });
});
