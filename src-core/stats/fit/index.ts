/** Fitting engine: validation, fits under measurement limits, uncertainty, criteria, Vuong, the fit report. */
export { SampleError, validateSample, MIN_SAMPLE_SIZE, type SampleProblem, type ValidatedSample } from './validate';
export {
  ObservationModelSchema,
  OBSERVED_FAMILIES,
  fitObserved,
  modelInUnits,
  observedLogLik,
  sampleObserved,
  type ObservationModel,
  type ObservedFit,
} from './observed';
export { truncatedGofModel, censoredGofModel } from './observed-gof';
export { fitShifted, SHIFTED_WARNING, type ShiftedFit } from './shifted';
export { standardErrors, lognormalProfileCi, type StandardErrors, type LognormalProfileCi } from './uncertainty';
export {
  BootstrapCiConfigSchema,
  BOOTSTRAP_STREAM_BASE,
  bootstrapCi,
  mergeBootstrapCi,
  planBootstrapCiShards,
  runBootstrapCiShard,
  type BootstrapCiConfig,
  type BootstrapCiResult,
  type BootstrapCiShard,
} from './bootstrap-ci';
export { informationCriteria, akaikeWeights, vuongTest, type InformationCriteria, type VuongResult } from './criteria';
export {
  FamilyNameSchema,
  FitFamiliesOptionsSchema,
  finiteSe,
  fitFamilies,
  type FamilyFit,
  type FitFamiliesOptions,
  type FitReport,
} from './report';
export { maximize, numericHessian, numericGradient } from './optimize';
export {
  fittingUnit, fitInUnits, inUnits, paramsFromUnits, paramsToUnits, spreadFromUnits, type FitInUnits,
} from './units';
export { paramTransform } from './transform';
