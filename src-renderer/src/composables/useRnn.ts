import type { PlasticityApi } from '@core/contract/api';
import type { StartJobInput } from '@core/jobs/schemas';
import type { RnnTrainResult } from '@core/rnn/train';
import type { RnnSweepSummary } from '@core/rnn/sweep';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, foldLossPoints, type JobRun, type LossPoints } from './useJobRun';
import { rememberedForm } from './useRemembered';
import { DEFAULT_TRAIN_FORM, presetForm, sweepConfig, trainConfig, type RnnSweepForm, type RnnTrainForm } from './rnn-forms';

export {
  RULES, SCHEDULES, GRADIENTS, TASKS, TRAIN_TASKS, MIRROR_CHOICES, PRESETS, TRAJECTORIES, parseNumberList, trainConfig, sweepConfig, sweepRunCount, presetForm, hasDelay,
  alphaOneWarning, type RnnTrainForm, type RnnSweepForm, type RnnSettingsForm, type FlossingSchedule, type FlossGradient, type TaskChoice,
  type TrainTaskChoice, type MirrorChoice, type RowImagesForm,
} from './rnn-forms';

export function readTrainResult(value: unknown): RnnTrainResult | null {
  const r = value as Partial<RnnTrainResult> | null;
  return r && r.lossCurve && Array.isArray(r.lossCurve.loss) ? (r as RnnTrainResult) : null;
}

/** lambda_max before and after training on one trajectory kind. */
export interface LambdaPair { before: number | null; after: number | null }
export interface LambdaKinds { autonomous: LambdaPair | null; driven: (LambdaPair & { inputStd: number }) | null }

/**
 * Both trajectory kinds of a run. Results stored before both were measured hold only lambdaMaxBefore/After, of the
 * kind their configuration named (input-driven when lyapunov.inputStd > 0); the other kind is then null.
 */
export function lambdaKinds(result: RnnTrainResult): LambdaKinds {
  if (typeof result.drivenInputStd === 'number') {
    return {
      autonomous: { before: result.lambdaMaxAutonomousBefore ?? null, after: result.lambdaMaxAutonomousAfter ?? null },
      driven: { before: result.lambdaMaxDrivenBefore ?? null, after: result.lambdaMaxDrivenAfter ?? null, inputStd: result.drivenInputStd },
    };
  }
  const stored = { before: result.lambdaMaxBefore, after: result.lambdaMaxAfter };
  const inputStd = result.config?.lyapunov?.inputStd ?? 0;
  return inputStd > 0 ? { autonomous: null, driven: { ...stored, inputStd } } : { autonomous: stored, driven: null };
}

export function readSweepResult(value: unknown): RnnSweepSummary | null {
  const r = value as Partial<RnnSweepSummary> | null;
  return r && Array.isArray(r.cells) && Array.isArray(r.finalLossVsGain) && Array.isArray(r.lambdaVsGain) ? (r as RnnSweepSummary) : null;
}

export interface RnnState {
  trainForm: RnnTrainForm;
  sweepForm: RnnSweepForm;
  train: JobRun<RnnTrainResult, LossPoints>;
  sweep: JobRun<RnnSweepSummary>;
  startTrain(): Promise<void>;
  startSweep(): Promise<void>;
  /** Fills the sweep form from a preset (keeping the settings the preset does not name). */
  applyPreset(name: RnnSweepForm['preset']): void;
  /** The sweep the form describes, as a job (to run here or send to a cluster). */
  sweepJob(): StartJobInput;
}

function createRnn(api: PlasticityApi): RnnState {
  // The paper's regime (src-core/rnn/presets.ts): a single run takes about a second, the default sweep (the
  // gain-dependence preset, 160 runs) a few minutes on two cores.
  const trainForm = rememberedForm<RnnTrainForm>('rnn-train', structuredClone(DEFAULT_TRAIN_FORM));
  const sweepForm = rememberedForm<RnnSweepForm>('rnn-sweep', presetForm('gain-dependence'));
  const train = createJobRun<RnnTrainResult, LossPoints>(api, { readResult: readTrainResult, foldPartial: foldLossPoints });
  const sweep = createJobRun<RnnSweepSummary>(api, { readResult: readSweepResult });
  const sweepJob = (): StartJobInput => ({ kind: 'rnn-sweep', config: sweepConfig(sweepForm), seed: sweepForm.firstSeed });
  return {
    trainForm,
    sweepForm,
    train,
    sweep,
    startTrain: () => train.start({ kind: 'rnn-train', config: trainConfig(trainForm), seed: trainForm.seed }),
    startSweep: () => sweep.start(sweepJob()),
    applyPreset: (name) => { Object.assign(sweepForm, presetForm(name, sweepForm.settings)); },
    sweepJob,
  };
}

const storeFor = perApi(createRnn);

/** The RNN tab's runs; kept per app so leaving the page keeps the last results. */
export function useRnn(): RnnState {
  return storeFor(useLabApi());
}
