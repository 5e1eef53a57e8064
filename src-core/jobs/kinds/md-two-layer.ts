import { defineJobKind } from '../kind';
import { runTwoLayer, twoLayerSchema, type TwoLayerConfig, type TwoLayerResult } from '../../plasticity';
import { describePotential } from './md-linear-regression';

/** The teacher-student two-layer network under mirror descent: one shard (the core trains its rate grid in turn). */
export const mdTwoLayer = defineJobKind({
  entryKind: 'simulation',
  describe: (config: TwoLayerConfig) => {
    const c = twoLayerSchema.parse(config);
    return `Two-layer network, ${describePotential(c.potential)}, ${c.inputDim}-${c.hidden}-1, ${c.samples} samples, seed ${c.seed}`;
  },
  plan: (config: TwoLayerConfig) => [config],
  runShard: (config: TwoLayerConfig, ctx): TwoLayerResult => runTwoLayer(config, ctx),
  merge: (_config: TwoLayerConfig, parts: TwoLayerResult[]) => parts[0],
  headline: (r: TwoLayerResult) => ({ potential: r.potential, finalLoss: r.finalLoss, lr: r.lr, best: r.best }),
});
