import type { PlasticityApi } from '@core/contract/api';
import type { RnnTrainResult } from '@core/rnn/train';
import type { RnnSweepSummary } from '@core/rnn/sweep';
import type { RuleName, RnnTaskKind } from '@core/rnn/schema';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, foldLossPoints, type JobRun, type LossPoints } from './useJobRun';
import { rememberedForm } from './useRemembered';

export type FlossingSchedule = 'none' | 'pre' | 'inter' | 'continuous';
export type SimpleTask = Extract<RnnTaskKind, 'delayed-xor' | 'sum-of-sines' | 'copy'>;

export interface RnnTrainForm {
  task: SimpleTask;
  n: number;
  gain: number;
  alpha: number;
  rule: RuleName;
  flossing: FlossingSchedule;
  iterations: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface RnnSweepForm {
  task: SimpleTask;
  n: number;
  alpha: number;
  /** Comma-separated, as typed. */
  gains: string;
  rules: RuleName[];
  schedules: FlossingSchedule[];
  iterations: number;
  seeds: number;
  firstSeed: number;
}

export const RULES: { value: RuleName; label: string }[] = [
  { value: 'bptt', label: 'BPTT' },
  { value: 'eprop', label: 'e-prop' },
  { value: 'eprop-random', label: 'e-prop (random feedback)' },
  { value: 'rflo', label: 'RFLO' },
  { value: 'rflo-symmetric', label: 'RFLO (symmetric)' },
  { value: 'modprop', label: 'ModProp (needs Dale)' },
];
export const SCHEDULES: { value: FlossingSchedule; label: string }[] = [
  { value: 'none', label: 'no flossing' },
  { value: 'pre', label: 'before training' },
  { value: 'inter', label: 'between phases' },
  { value: 'continuous', label: 'continuous' },
];
export const TASKS: { value: SimpleTask; label: string }[] = [
  { value: 'delayed-xor', label: 'Delayed XOR' },
  { value: 'sum-of-sines', label: 'Sum of sines' },
  { value: 'copy', label: 'Copy' },
];

/** "0.5, 1 1.5" -> [0.5, 1, 1.5]; anything not a number is kept as NaN so the server names the bad entry. */
export function parseNumberList(text: string): number[] {
  return text.split(/[\s,;]+/).filter(Boolean).map(Number);
}

export function trainConfig(form: RnnTrainForm) {
  return {
    model: { n: form.n, gain: form.gain, alpha: form.alpha },
    task: { kind: form.task },
    rule: form.rule,
    optimiser: { learningRate: form.learningRate },
    iterations: form.iterations,
    batchSize: form.batchSize,
    flossing: { schedule: form.flossing },
    seed: form.seed,
  };
}

export function sweepConfig(form: RnnSweepForm) {
  return {
    base: { model: { n: form.n, alpha: form.alpha }, task: { kind: form.task }, iterations: form.iterations },
    gains: parseNumberList(form.gains),
    rules: form.rules,
    flossingSchedules: form.schedules,
    seeds: form.seeds,
    firstSeed: form.firstSeed,
  };
}

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
}

function createRnn(api: PlasticityApi): RnnState {
  // Defaults small enough for a first try in seconds; the README of src-core/rnn gives the per-iteration costs.
  const trainForm = rememberedForm<RnnTrainForm>('rnn-train', {
    task: 'delayed-xor', n: 64, gain: 1.5, alpha: 0.2, rule: 'bptt', flossing: 'none', iterations: 200, batchSize: 32, learningRate: 0.003, seed: 1,
  });
  const sweepForm = rememberedForm<RnnSweepForm>('rnn-sweep', {
    task: 'delayed-xor', n: 32, alpha: 0.2, gains: '0.5, 1, 1.5, 2', rules: ['bptt', 'eprop'], schedules: ['none'], iterations: 60, seeds: 2, firstSeed: 1,
  });
  const train = createJobRun<RnnTrainResult, LossPoints>(api, { readResult: readTrainResult, foldPartial: foldLossPoints });
  const sweep = createJobRun<RnnSweepSummary>(api, { readResult: readSweepResult });
  return {
    trainForm,
    sweepForm,
    train,
    sweep,
    startTrain: () => train.start({ kind: 'rnn-train', config: trainConfig(trainForm), seed: trainForm.seed }),
    startSweep: () => sweep.start({ kind: 'rnn-sweep', config: sweepConfig(sweepForm), seed: sweepForm.firstSeed }),
  };
}

const storeFor = perApi(createRnn);

/** The RNN tab's runs; kept per app so leaving the page keeps the last results. */
export function useRnn(): RnnState {
  return storeFor(useLabApi());
}
