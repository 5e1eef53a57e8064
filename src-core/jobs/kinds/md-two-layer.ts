import { defineJobKind } from '../kind';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import { runTwoLayer, type TwoLayerConfig, type TwoLayerResult } from '../../plasticity';
import { describePotential } from './md-linear-regression';
import { coreInit, describeInit } from './md-init';
import { twoLayerJobSchema, type TwoLayerJobConfig } from './md-schema';

const jobSchema = twoLayerJobSchema({ numericArraySchema, datasetColumnSchema });

/** The core's configuration: first-layer weights from a (resolved) data-set column become given values. */
function coreConfig(config: TwoLayerJobConfig): TwoLayerConfig {
  const c = jobSchema.parse(config);
  return { ...c, init: coreInit(c.init, c.hidden * c.inputDim, 'hidden x inputDim') };
}

/** The teacher-student two-layer network under mirror descent: one shard (the core trains its rate grid in turn). */
export const mdTwoLayer = defineJobKind({
  entryKind: 'simulation',
  describe: (config: TwoLayerJobConfig) => {
    const c = jobSchema.parse(config);
    return `Two-layer network, ${describePotential(c.potential)}, ${c.inputDim}-${c.hidden}-1, ${c.samples} samples, seed ${c.seed}${describeInit(c.init)}`;
  },
  // Planned in main: a data-set column of the wrong size is refused before the entry exists.
  plan: (config: TwoLayerJobConfig): TwoLayerConfig[] => [coreConfig(config)],
  runShard: (config: TwoLayerConfig, ctx): TwoLayerResult => runTwoLayer(config, ctx),
  merge: (_config: TwoLayerJobConfig, parts: TwoLayerResult[]) => parts[0],
  headline: (r: TwoLayerResult) => ({ potential: r.potential, finalLoss: r.finalLoss, lr: r.lr, best: r.best }),
});
