import { defineJobKind } from '../kind';
import type { LognormalBootstrapConfig, SampleSource } from '../schemas';
import { createRng } from '../../random/rng';
import { lognormalArray, resampleIndices } from '../../random/samplers';
import { lognormal } from '../../stats/families/lognormal';
import { quantileSorted } from '../../stats/quantile';
import { describeSample } from './sample-names';

/**
 * Non-parametric bootstrap of the log-normal maximum-likelihood fit: resample the data with replacement, refit,
 * and read percentile confidence intervals for mu and sigma off the resampled estimates. Resamples are split into
 * fixed-size shards so the numbers do not depend on how many workers ran them.
 */
const RESAMPLES_PER_SHARD = 250;

interface Shard {
  source: SampleSource;
  seed: number;
  count: number;
}

export interface LognormalBootstrapResult {
  n: number;
  estimate: { mu: number; sigma: number };
  resamples: number;
  confidence: number;
  ci: { mu: [number, number]; sigma: [number, number] };
  se: { mu: number; sigma: number };
  /** Every resampled estimate, for histograms. */
  mu: Float64Array;
  sigma: Float64Array;
}

/** The sample a job works on; synthetic data come from stream 0 of the job's seed, the same in every shard. */
export function resolveSample(source: SampleSource, seed: number): Float64Array {
  // Main resolves data-set references into values before planning (src-main/jobs/resolve-datasets.ts).
  if (source.type === 'dataset') throw new Error(`data set ${source.datasetId}: column reference was not resolved`);
  if (source.type === 'values') {
    // A resolved data-set column may hold below-limit values, whose stored number is only an upper bound.
    const censored = (source as { censored?: Uint8Array }).censored;
    const count = censored ? censored.reduce((s, c) => s + c, 0) : 0;
    if (count > 0) {
      throw new Error(`${count} value(s) of this column are below a detection limit (left-censored); the bootstrap treats values as exact. Re-import dropping the below-limit rows.`);
    }
    return Float64Array.from(source.values);
  }
  return lognormalArray(createRng(seed, 0), source.n, source.mu, source.sigma);
}

export const lognormalBootstrap = defineJobKind({
  entryKind: 'bootstrap',
  describe: (config: LognormalBootstrapConfig) =>
    `Log-normal bootstrap (${config.resamples} resamples, ${config.source.type === 'synthetic' ? `synthetic n=${config.source.n}` : describeSample(config.source)})`,

  plan(config: LognormalBootstrapConfig, seed: number): Shard[] {
    const shards: Shard[] = [];
    for (let done = 0; done < config.resamples; done += RESAMPLES_PER_SHARD) {
      shards.push({ source: config.source, seed, count: Math.min(RESAMPLES_PER_SHARD, config.resamples - done) });
    }
    return shards;
  },

  runShard(shard: Shard, ctx) {
    const data = resolveSample(shard.source, shard.seed);
    const n = data.length;
    const indices = new Uint32Array(n);
    const resample = new Float64Array(n);
    const mu = new Float64Array(shard.count);
    const sigma = new Float64Array(shard.count);
    for (let r = 0; r < shard.count; r++) {
      ctx.checkCancelled();
      resampleIndices(ctx.rng, n, indices);
      for (let i = 0; i < n; i++) resample[i] = data[indices[i]];
      const fit = lognormal.fit(resample);
      mu[r] = fit.mu;
      sigma[r] = fit.sigma;
      ctx.report({ fraction: (r + 1) / shard.count, metrics: { resample: r + 1 } });
    }
    return { mu, sigma };
  },

  merge(config: LognormalBootstrapConfig, parts: { mu: Float64Array; sigma: Float64Array }[], seed: number): LognormalBootstrapResult {
    const data = resolveSample(config.source, seed);
    const estimate = lognormal.fit(data) as { mu: number; sigma: number };
    const mu = concat(parts.map((p) => p.mu));
    const sigma = concat(parts.map((p) => p.sigma));
    const alpha = (1 - config.confidence) / 2;
    const interval = (values: Float64Array): [number, number] => {
      const sorted = Float64Array.from(values).sort();
      return [quantileSorted(sorted, alpha), quantileSorted(sorted, 1 - alpha)];
    };
    return {
      n: data.length, estimate, resamples: mu.length, confidence: config.confidence,
      ci: { mu: interval(mu), sigma: interval(sigma) },
      se: { mu: standardDeviation(mu), sigma: standardDeviation(sigma) },
      mu, sigma,
    };
  },

  headline: (r: LognormalBootstrapResult) => ({ n: r.n, mu: r.estimate.mu, sigma: r.estimate.sigma, resamples: r.resamples }),
});

function concat(arrays: Float64Array[]): Float64Array {
  const out = new Float64Array(arrays.reduce((s, a) => s + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

function standardDeviation(values: Float64Array): number {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / (values.length - 1));
}
