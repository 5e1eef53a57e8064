import { defineJobKind } from '../kind';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import {
  finishLinearRegression,
  planLinearRegressionShards,
  runLinearRegressionShard,
  type LinearRegressionRunConfig,
  type LinearRegressionRunResult,
  type LinearRegressionShard,
} from '../../plasticity';
import { coreInit, describeInit } from './md-init';
import { linearRegressionJobSchema, type LinearRegressionJobConfig } from './md-schema';

/**
 * One linear-regression simulation (Pogodin et al. 2024): the paper's learning-rate selection on held-out data split
 * across workers by rate (each shard regenerates the same seeded data and trains the run itself at its best rate of
 * every round), then the exact merge picks the rate, takes that run and scores every geometry hypothesis. Two shards: the grid's rates train side by side in one pass over X, so more shards than
 * workers would only repeat the data generation.
 */
const SHARDS = 2;

const jobSchema = linearRegressionJobSchema({ numericArraySchema, datasetColumnSchema });

/** The core's configuration: initial weights from a (resolved) data-set column become given values of size D. */
function coreConfig(config: LinearRegressionJobConfig): LinearRegressionRunConfig {
  const c = jobSchema.parse(config);
  return { ...c, init: coreInit(c.init, c.dim, 'D') };
}

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
  describe: (config: LinearRegressionJobConfig) => {
    const c = jobSchema.parse(config);
    return `Linear regression, ${describePotential(c.potential)}, D=${c.dim}, N=D^${c.samplesExponent}, c=${c.correlation}, seed ${c.seed}${describeInit(c.init)}`;
  },
  // Planning runs in main before the entry exists, so a data-set column of the wrong size is refused outright.
  plan: (config: LinearRegressionJobConfig): Shard[] => {
    const core = coreConfig(config);
    return planLinearRegressionShards(core, SHARDS).map((indices) => ({ config: core, indices }));
  },
  runShard: (shard: Shard, ctx): LinearRegressionShard => runLinearRegressionShard(shard.config, shard.indices, ctx),
  merge: (config: LinearRegressionJobConfig, parts: LinearRegressionShard[]): LinearRegressionRunResult => finishLinearRegression(coreConfig(config), parts),
  headline: (r: LinearRegressionRunResult) => ({ D: r.dim, potential: r.potential, finalLoss: r.finalLoss, lr: r.lr, best: r.best }),
});
