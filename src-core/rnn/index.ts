/** Public surface of the RNN core (see README.md in this folder for shapes and conventions). */
export {
  rnnModelSchema, rnnTaskSchema, ruleSchema, optimiserSchema, flossingSchema, lyapunovOptionsSchema,
  trainLyapunovSchema, rnnLyapunovConfigSchema, rnnTrainConfigSchema, rnnSweepConfigSchema,
} from './schema';
export type {
  RnnModelConfig, RnnTaskConfig, RuleName, OptimiserConfig, FlossingConfig, LyapunovOptions,
  TrainLyapunovOptions, RnnLyapunovConfig, RnnTrainConfig, RnnSweepConfig,
} from './schema';
export { trainRnn, type RnnTrainResult } from './train';
export { runLyapunov, type RnnLyapunovResult } from './lyapunov-run';
export { lyapunovExponents, type LyapunovResult } from './lyapunov';
export { lyapunovKinds, drivenInputStd, type LyapunovKinds } from './lyapunov-kinds';
export {
  planRnnSweep, runRnnSweepTask, runRnnSweep, mergeRnnSweep,
  type RnnSweepTask, type RnnSweepTaskResult, type RnnSweepSummary, type RnnSweepCell,
} from './sweep';
export { createModel, type RnnModel } from './init';
export { createTask } from './tasks';
