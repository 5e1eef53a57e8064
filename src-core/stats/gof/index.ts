/** Goodness of fit: statistics, the Kolmogorov distribution, and the parametric bootstrap (see each file). */
export {
  ksStatistic,
  adStatistic,
  cvmStatistic,
  ksFromPit,
  ksPlusFromPit,
  ksMinusFromPit,
  adFromLogs,
  tailLogsInto,
  TINY_PROBABILITY,
  cvmFromPit,
  pitValues,
  GOF_STATISTICS,
  type GofStatisticName,
} from './statistics';
export { kolmogorovSf, kolmogorovCriticalValue, smirnovSf } from './kolmogorov';
export {
  bootstrapGof,
  runGofShard,
  mergeGofShards,
  planShards,
  observedStatistics,
  gofStatistics,
  GofBootstrapConfigSchema,
  GOF_SHARD_SIZE,
  SHARD_STREAM_BASE,
  type GofBootstrapConfig,
  type GofBootstrapResult,
  type GofShardResult,
  type GofModel,
  type FittedCdf,
  type GofStatistics,
  type GofPValue,
  type ShardSpec,
} from './bootstrap';
export { completeDataModel, defaultGofModel, lognormalLogScaleModel, familyCdf, scaledGofModel } from './family-model';
export {
  buildGofModel,
  planGofJob,
  runGofShardJob,
  finishGofJob,
  GofModelSpecSchema,
  GofShardInputSchema,
  type GofModelSpec,
  type GofShardInput,
} from './jobs';
