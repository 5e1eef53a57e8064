/**
 * The RNN tab's forms and how they become job configurations (src-core/rnn/schema.ts). Defaults and presets are the
 * paper's regime (src-core/rnn/presets.ts); every setting of the experiment is a field, the rarer ones behind
 * "More settings". Pure functions, so the configurations are tested without mounting anything.
 */
import type { RuleName, RnnTaskKind } from '@core/rnn/schema';
import { PAPER_REGIME_BASE, RNN_PRESETS, rnnPreset, type RnnPresetName } from '@core/rnn/presets';
import { alphaOneWarning as coreWarning } from '@core/rnn/regime-warning';
import type { PotentialSpec } from '@core/plasticity/potentials';

export type FlossingSchedule = 'none' | 'pre' | 'inter' | 'continuous';
export type FlossGradient = 'exact' | 'local';
export type TaskChoice = Extract<RnnTaskKind, 'delayed-xor' | 'streaming-xor' | 'streaming-copy' | 'copy' | 'sum-of-sines'>;
/** A single run can also classify drawn digits row by row (the geometry-of-plasticity task). */
export type TrainTaskChoice = TaskChoice | 'row-images';
/** The geometry a single run's update follows: plain steps, or mirror descent under a potential. */
export type MirrorChoice = 'none' | 'euclidean' | 'negative-entropy' | 'p-norm';

/** The row-wise digit task's options (src-core/rnn/tasks/row-images.ts). */
export interface RowImagesForm {
  size: number;
  classes: number;
  /** 0 = fresh images in every batch; K > 0 = one fixed set of K images (the interpolation regime). */
  trainingSet: number;
  noiseStd: number;
  maxRotation: number;
}

/** The settings both forms share, behind "More settings". A 0 in clipNorm or flossLearningRate means off / the
 *  gradient's own default (a number, so a remembered form keeps its type). */
export interface RnnSettingsForm {
  successLoss: number;
  optimiser: 'adam' | 'sgd';
  momentum: number;
  clipNorm: number;
  flossK: number;
  flossSteps: number;
  flossLearningRate: number;
  flossWeight: number;
  flossTrajectory: 'autonomous' | 'noise' | 'task';
  flossInputStd: number;
  flossLength: number;
  flossWarmup: number;
  flossEvery: number;
  flossMaxPhases: number;
  flossTarget: number;
  lyapunovSteps: number;
  lyapunovWarmup: number;
  drivenInputStd: number;
  lyapunovEvery: number;
}

export interface RnnTrainForm {
  task: TrainTaskChoice;
  images: RowImagesForm;
  /** Mirror descent (SGD with momentum in the potential's dual space) or plain steps; p of the p-norm. */
  potential: MirrorChoice;
  p: number;
  /** Memory delay in steps (delayed XOR, the streaming tasks, copy). */
  delay: number;
  n: number;
  gain: number;
  alpha: number;
  rule: RuleName;
  flossing: FlossingSchedule;
  flossGradient: FlossGradient;
  iterations: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  settings: RnnSettingsForm;
}

export interface RnnSweepForm {
  /** The preset the form was last filled from. */
  preset: RnnPresetName;
  task: TaskChoice;
  delay: number;
  n: number;
  alpha: number;
  /** Comma-separated, as typed. */
  gains: string;
  rules: RuleName[];
  schedules: FlossingSchedule[];
  gradients: FlossGradient[];
  iterations: number;
  batchSize: number;
  learningRate: number;
  seeds: number;
  firstSeed: number;
  settings: RnnSettingsForm;
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
export const GRADIENTS: { value: FlossGradient; label: string }[] = [
  { value: 'exact', label: 'exact gradient' },
  { value: 'local', label: 'local rule' },
];
export const TASKS: { value: TaskChoice; label: string }[] = [
  { value: 'delayed-xor', label: 'Delayed XOR' },
  { value: 'streaming-xor', label: 'Streaming XOR (Engelken)' },
  { value: 'streaming-copy', label: 'Streaming copy (Engelken)' },
  { value: 'copy', label: 'Copy' },
  { value: 'sum-of-sines', label: 'Sum of sines' },
];
export const TRAIN_TASKS: { value: TrainTaskChoice; label: string }[] = [...TASKS, { value: 'row-images', label: 'Row-wise digits' }];
export const MIRROR_CHOICES: { value: MirrorChoice; label: string }[] = [
  { value: 'none', label: 'none (plain steps)' },
  { value: 'euclidean', label: 'Euclidean (p = 2)' },
  { value: 'negative-entropy', label: 'negative entropy (multiplicative)' },
  { value: 'p-norm', label: 'p-norm' },
];
export const PRESETS: { value: RnnPresetName; label: string; description: string }[] = RNN_PRESETS.map((p) => ({ value: p.name, label: p.title, description: p.description }));
export const TRAJECTORIES: { value: RnnSettingsForm['flossTrajectory']; label: string }[] = [
  { value: 'autonomous', label: 'autonomous (no input)' },
  { value: 'noise', label: 'driven by noise' },
  { value: 'task', label: 'driven by the task' },
];

/** The tasks with a memory delay. */
export function hasDelay(task: TrainTaskChoice): boolean {
  return task !== 'sum-of-sines' && task !== 'row-images';
}

/** The potential a form asks for, or null for plain steps. */
export function mirrorPotential(choice: MirrorChoice, p: number): PotentialSpec | null {
  if (choice === 'none') return null;
  return choice === 'p-norm' ? { kind: choice, p } : { kind: choice };
}

export const DEFAULT_SETTINGS: RnnSettingsForm = {
  successLoss: 0.1, optimiser: 'adam', momentum: 0.9, clipNorm: 0,
  flossK: 1, flossSteps: 100, flossLearningRate: 0.02, flossWeight: 1, flossTrajectory: 'autonomous', flossInputStd: 0,
  flossLength: 60, flossWarmup: 10, flossEvery: 100, flossMaxPhases: 2, flossTarget: 0,
  lyapunovSteps: PAPER_REGIME_BASE.lyapunov.steps, lyapunovWarmup: PAPER_REGIME_BASE.lyapunov.warmup,
  drivenInputStd: PAPER_REGIME_BASE.lyapunov.drivenInputStd, lyapunovEvery: 0,
};

export const DEFAULT_IMAGES: RowImagesForm = { size: 14, classes: 10, trainingSet: 0, noiseStd: 0.1, maxRotation: 12 };

export const DEFAULT_TRAIN_FORM: RnnTrainForm = {
  task: 'delayed-xor', images: DEFAULT_IMAGES, potential: 'none', p: 3, delay: PAPER_REGIME_BASE.task.delay, n: PAPER_REGIME_BASE.model.n, gain: 1.5, alpha: PAPER_REGIME_BASE.model.alpha,
  rule: 'bptt', flossing: 'none', flossGradient: 'exact', iterations: PAPER_REGIME_BASE.iterations, batchSize: PAPER_REGIME_BASE.batchSize,
  learningRate: PAPER_REGIME_BASE.optimiser.learningRate, seed: 1, settings: DEFAULT_SETTINGS,
};

/** The sweep form filled from a preset (the settings it does not name keep `settings`' values). */
export function presetForm(name: RnnPresetName, settings: RnnSettingsForm = DEFAULT_SETTINGS): RnnSweepForm {
  const c = rnnPreset(name).config;
  const b = c.base;
  const floss = b.flossing as Partial<{ phaseSteps: number; trajectorySteps: number; warmup: number; learningRate: number; k: number }> | undefined;
  return {
    preset: name,
    task: b.task.kind as TaskChoice,
    delay: 'delay' in b.task ? b.task.delay : DEFAULT_TRAIN_FORM.delay,
    n: b.model.n, alpha: b.model.alpha, gains: c.gains.join(', '), rules: [...c.rules], schedules: [...c.flossingSchedules],
    gradients: [...(c.flossingGradients ?? ['exact'])], iterations: b.iterations, batchSize: b.batchSize, learningRate: b.optimiser.learningRate,
    seeds: c.seeds, firstSeed: c.firstSeed,
    settings: {
      ...settings,
      successLoss: b.successLoss,
      flossK: floss?.k ?? settings.flossK, flossSteps: floss?.phaseSteps ?? settings.flossSteps, flossLength: floss?.trajectorySteps ?? settings.flossLength,
      flossWarmup: floss?.warmup ?? settings.flossWarmup,
      // A preset without a flossing learning rate uses the gradient's own (0 here).
      flossLearningRate: floss === undefined ? settings.flossLearningRate : (floss.learningRate ?? 0),
    },
  };
}

/** "0.5, 1 1.5" -> [0.5, 1, 1.5]; anything not a number is kept as NaN so the server names the bad entry. */
export function parseNumberList(text: string): number[] {
  return text.split(/[\s,;]+/).filter(Boolean).map(Number);
}

export function taskConfig(task: TrainTaskChoice, delay: number, images: RowImagesForm = DEFAULT_IMAGES) {
  switch (task) {
    case 'row-images': return { kind: task, ...images };
    case 'sum-of-sines': return { kind: task };
    // The copy task's trial must outlast its delay.
    case 'copy': return { kind: task, delay, duration: Math.max(50, 2 * delay) };
    default: return { kind: task, delay };
  }
}

/** The optimiser, flossing, Lyapunov and success settings of a configuration. */
function settingsConfig(s: RnnSettingsForm, learningRate: number, schedule: FlossingSchedule, gradient: FlossGradient | null) {
  return {
    optimiser: { kind: s.optimiser, learningRate, momentum: s.momentum, clipNorm: s.clipNorm > 0 ? s.clipNorm : null },
    flossing: {
      schedule, ...(gradient === null ? {} : { gradient }),
      k: s.flossK, target: s.flossTarget, weight: s.flossWeight, phaseSteps: s.flossSteps, every: s.flossEvery, maxPhases: s.flossMaxPhases,
      trajectorySteps: s.flossLength, warmup: s.flossWarmup, trajectory: s.flossTrajectory, inputStd: s.flossInputStd,
      ...(s.flossLearningRate > 0 ? { learningRate: s.flossLearningRate } : {}),
    },
    lyapunov: { k: 1, steps: s.lyapunovSteps, warmup: s.lyapunovWarmup, inputStd: 0, drivenInputStd: s.drivenInputStd, every: s.lyapunovEvery },
    successLoss: s.successLoss,
  };
}

export function trainConfig(form: RnnTrainForm) {
  const { optimiser, ...settings } = settingsConfig(form.settings, form.learningRate, form.flossing, form.flossGradient);
  const potential = mirrorPotential(form.potential, form.p);
  return {
    model: { n: form.n, gain: form.gain, alpha: form.alpha },
    task: taskConfig(form.task, form.delay, form.images),
    rule: form.rule,
    iterations: form.iterations,
    batchSize: form.batchSize,
    // Mirror descent is SGD with momentum in the dual space (the paper's optimiser), whatever optimiser is chosen below.
    optimiser: potential ? { ...optimiser, kind: 'sgd' as const, potential } : optimiser,
    ...settings,
    seed: form.seed,
  };
}

export function sweepConfig(form: RnnSweepForm) {
  const { flossing, ...settings } = settingsConfig(form.settings, form.learningRate, 'none', null);
  const { schedule: _schedule, ...flossingBase } = flossing;
  return {
    base: {
      model: { n: form.n, alpha: form.alpha }, task: taskConfig(form.task, form.delay), iterations: form.iterations, batchSize: form.batchSize,
      ...settings, flossing: flossingBase,
    },
    gains: parseNumberList(form.gains),
    rules: form.rules,
    flossingSchedules: form.schedules,
    flossingGradients: form.gradients,
    seeds: form.seeds,
    firstSeed: form.firstSeed,
  };
}

/** The number of training runs a sweep form asks for ('none' once, every other schedule once per gradient). */
export function sweepRunCount(form: RnnSweepForm, gainCount: number): number {
  const variants = form.schedules.reduce((n, s) => n + (s === 'none' ? 1 : form.gradients.length), 0);
  return gainCount * form.rules.length * variants * form.seeds;
}

/** The alpha = 1 warning (src-core/rnn/regime-warning.ts) written with α and ≤. */
export function alphaOneWarning(alpha: number, rules: readonly RuleName[]): string | null {
  return coreWarning(alpha, rules, 'symbols');
}
