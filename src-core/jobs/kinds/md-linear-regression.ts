import { defineJobKind } from '../kind';
import {
  finishLinearRegression,
  linearRegressionRunSchema,
  planLinearRegressionShards,
  runLinearRegressionShard,
  type LinearRegressionRunConfig,
  type LinearRegressionRunResult,
  type LrSelectionShard,
} from '../../plasticity';

/**
 * One linear-regression simulation (Pogodin et al. 2024): the paper's learning-rate selection split across workers
 * by rate (each shard regenerates the same seeded data), then the exact merge picks the rate and scores every
 * geometry hypothesis. Two shards: the grid's rates train side by side in one pass over X, so more shards than
 * workers would only repeat the data generation.
 */
const SHARDS = 2;

interface Shard {
  config: LinearRegressionRunConfig;
  indices: number[];
}

export function describePotential(spec: LinearRegressionRunConfig['potential']): string {
  switch (spec.kind) {
    case 'p-norm':
      return `p-norm p=${spec.p}`;
    case 'hyperbolic-entropy':
      return `hyperbolic entropy beta=${spec.beta}`;
    default:
      return spec.kind;
  }
}

export const mdLinearRegression = defineJobKind({
  entryKind: 'simulation',
  describe: (config: LinearRegressionRunConfig) => {
    const c = linearRegressionRunSchema.parse(config);
    return `Linear regression, ${describePotential(c.potential)}, D=${c.dim}, N=D^${c.samplesExponent}, c=${c.correlation}, seed ${c.seed}`;
  },
  plan: (config: LinearRegressionRunConfig): Shard[] => planLinearRegressionShards(config, SHARDS).map((indices) => ({ config, indices })),
  runShard: (shard: Shard, ctx): LrSelectionShard => runLinearRegressionShard(shard.config, shard.indices, ctx),
  merge: (config: LinearRegressionRunConfig, parts: LrSelectionShard[]): LinearRegressionRunResult => finishLinearRegression(config, parts),
  headline: (r: LinearRegressionRunResult) => ({ D: r.dim, potential: r.potential, finalLoss: r.finalLoss, lr: r.lr, best: r.best }),
});
