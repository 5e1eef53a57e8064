/** Two-sample comparison: KS, k-sample Anderson-Darling, Wasserstein-1, ratio CIs, and the bundle for `compare`. */
export { ks2Sample, type Ks2Result, type Ks2Options, type Ks2Method } from './ks2';
export { andersonKSample, ANDERSON_KSAMP_LEVELS, type AndersonKSampleResult } from './anderson-ksamp';
export { wasserstein1, wasserstein1Log } from './wasserstein';
export {
  ratioBootstrap,
  runRatioShard,
  mergeRatioShards,
  RatioBootstrapConfigSchema,
  RATIO_SHARD_SIZE,
  type RatioBootstrapConfig,
  type RatioBootstrapResult,
  type RatioShardResult,
  type RatioInterval,
} from './ratio-bootstrap';
export { compareSamples, CompareConfigSchema, type CompareConfig, type CompareResult } from './compare';
export { medianInPlace, selectInPlace } from './select';
export { fitScale, l1QuantileShift, logScaleSorted, type ScaleMethod } from './scale';
export {
  mergeScaledShards,
  runScaledShard,
  scaledComparison,
  scaledObserved,
  SCALED_SHARD_SIZE,
  SCALED_STREAM_BASE,
  type ScaledComparison,
  type ScaledObserved,
  type ScaledShardResult,
} from './scaled';
