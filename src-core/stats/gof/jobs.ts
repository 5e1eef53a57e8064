/**
 * The bootstrap goodness of fit as plain-data jobs for the worker pool. Functions cannot cross a worker boundary,
 * so a worker gets a `GofModelSpec` (family name, fitted parameters, observation model) and rebuilds the model;
 * the main side plans shards, sends one `GofShardInput` per shard, and merges. Results are identical to
 * `bootstrapGof` on one thread.
 */
import { z } from 'zod';
import type { JobContext } from '../../runtime/context';
import { getFamily } from '../families/index';
import {
  GofBootstrapConfigSchema,
  mergeGofShards,
  observedStatistics,
  planShards,
  runGofShard,
  type GofBootstrapResult,
  type GofModel,
  type GofShardResult,
  type GofStatistics,
  type ShardSpec,
} from './bootstrap';
import { defaultGofModel } from './family-model';

export const GofModelSpecSchema = z.object({
  family: z.string(),
  /** Parameters fitted to the observed data, e.g. { mu, sigma } for the log-normal. */
  params: z.record(z.string(), z.number()),
  /** Only complete data so far; truncated and censored observation models plug in here. */
  observation: z.object({ kind: z.literal('complete') }).default({ kind: 'complete' }),
});
export type GofModelSpec = z.input<typeof GofModelSpecSchema>;

export const GofShardInputSchema = z.object({
  model: GofModelSpecSchema,
  n: z.number().int().min(3),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  shard: z.object({ index: z.number().int().min(0), start: z.number().int().min(0), end: z.number().int().min(1) }),
});
export type GofShardInput = z.input<typeof GofShardInputSchema>;

export function buildGofModel(spec: GofModelSpec): GofModel {
  const s = GofModelSpecSchema.parse(spec);
  return defaultGofModel(getFamily(s.family), s.params);
}

/** Main side, before dispatch: observed statistics and the shard inputs (independent of the worker count). */
export function planGofJob(
  data: ArrayLike<number>,
  spec: GofModelSpec,
  config: { resamples?: number; seed: number },
): { observed: GofStatistics; shards: GofShardInput[]; resamples: number } {
  const cfg = GofBootstrapConfigSchema.parse(config);
  const { observed, n } = observedStatistics(data, buildGofModel(spec));
  const shards = planShards(cfg.resamples).map((shard: ShardSpec) => ({ model: spec, n, seed: cfg.seed, shard }));
  return { observed, shards, resamples: cfg.resamples };
}

/** Worker side: one shard. */
export function runGofShardJob(input: GofShardInput, ctx: JobContext): GofShardResult {
  const s = GofShardInputSchema.parse(input);
  return runGofShard(buildGofModel(s.model), s.n, s.seed, s.shard, ctx);
}

/** Main side, after all shards came back (in any order). */
export function finishGofJob(observed: GofStatistics, results: GofShardResult[], resamples: number): GofBootstrapResult {
  return mergeGofShards(observed, results, resamples);
}
