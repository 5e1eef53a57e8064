import { defineJobKind } from '../kind';
import { describePotential } from './md-linear-regression';
import {
  mergeRnnGeometry,
  planRnnGeometry,
  rnnGeometrySchema,
  runRnnGeometryRate,
  type RnnGeometryConfig,
  type RnnGeometryPart,
  type RnnGeometryResult,
} from '../../rnn/mirror-experiment';

/**
 * The paper's RNN experiment (rnn/mirror-experiment.ts): one shard per learning rate (pre-training and fine-tuning
 * at that rate), merged by the lowest final fine-tuning loss. Randomness comes from the config's seed.
 */
interface Shard {
  config: RnnGeometryConfig;
  lr: number;
}

export const mdRnn = defineJobKind({
  entryKind: 'simulation',
  describe: (config: RnnGeometryConfig) => {
    const c = rnnGeometrySchema.parse(config);
    const pre = c.pretrainIterations > 0 ? `pre-trained ${c.pretrainIterations} iterations, ` : '';
    return `RNN row-wise digits, ${describePotential(c.potential)}, N=${c.n} (${c.n * c.n} recurrent weights), ${pre}fine-tuned on ${c.trainingSet ?? c.n} images, seed ${c.seed}`;
  },
  plan: (config: RnnGeometryConfig): Shard[] => planRnnGeometry(config).map((lr) => ({ config, lr })),
  runShard: (shard: Shard, ctx): RnnGeometryPart => runRnnGeometryRate(shard.config, shard.lr, ctx),
  merge: (config: RnnGeometryConfig, parts: RnnGeometryPart[]): RnnGeometryResult => mergeRnnGeometry(config, parts),
  headline: (r: RnnGeometryResult) => ({
    potential: r.potential, lr: r.lr, finalLoss: r.run.finalLoss ?? '-', best: r.run.geometry?.best ?? '-', changeMagnitude: r.run.geometry?.changeMagnitude ?? '-',
  }),
});
