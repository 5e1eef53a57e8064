import { defineJobKind } from '../kind';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import { fitFinalDistribution, finalFitSchema, type FinalFitResult } from '../../plasticity';
import { finalFitJobSchema, weightValues, type FinalFitJobConfig } from './geometry-schema';
import { describeSample } from './sample-names';

const shared = { numericArraySchema, datasetColumnSchema };

/** Fitting a measured final weight distribution under every geometry (no pairs): one shard, EM per potential. */
export const mdFinalFit = defineJobKind({
  entryKind: 'geometry-test',
  describe: (config: FinalFitJobConfig) => `Final-distribution fit of ${describeSample(config.sample)}`,
  plan: (config: FinalFitJobConfig) => [config],
  runShard(configIn: FinalFitJobConfig, ctx): FinalFitResult {
    const { sample, ...rest } = finalFitJobSchema(shared).parse(configIn);
    const result = fitFinalDistribution(weightValues(sample, 'sample'), finalFitSchema.parse(rest));
    ctx.report({ fraction: 1 });
    return result;
  },
  merge: (_config: FinalFitJobConfig, parts: FinalFitResult[]) => parts[0],
  headline: (r: FinalFitResult) => ({ n: r.n, best: r.best }),
});
