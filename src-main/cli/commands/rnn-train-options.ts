import { extname } from 'node:path';
import { flossingSchema, optimiserSchema, rnnTrainConfigSchema, type FlossingConfig, type RnnTaskConfig, type RuleName, type TrainLyapunovOptions } from '@core/rnn/schema';
import { PAPER_REGIME_BASE } from '@core/rnn/presets';
import { CliError } from '../io';
import { choiceOption, intOption, numberOption } from '../options';
import { modelOptions, modelOptionSpec } from './rnn-lyapunov';
import { MIRROR_OPTIONS_USAGE, mirrorOptionNames, rowImagesOptions, withPotential } from './rnn-mirror-options';

/**
 * The options `rnn train` and `rnn sweep` share: model, task, training, optimiser, flossing and Lyapunov settings.
 * An option left out leaves its setting at the configuration's default (so a stored command line re-runs the same).
 */

/** What an option left out means; a preset (src-core/rnn/presets.ts) supplies its own. */
export interface TrainDefaults {
  n: number; gain: number; alpha: number; iterations: number; batch: number; learningRate: number;
  /** The task when --task is left out (none: --task is required). */
  task?: RnnTaskConfig;
  flossing?: Partial<FlossingConfig>;
  lyapunov?: TrainLyapunovOptions;
  successLoss?: number;
}

/**
 * The paper's regime (src-core/rnn/presets.ts): with alpha = 1 the eligibility traces of e-prop and RFLO have no
 * memory and the local rules cannot solve delayed XOR, so the leak defaults to alpha = 0.2, with N = 64, 300
 * iterations of batch 16 (about 0.5-1 s a run), and memory delays of at least 5 / alpha steps (regimeDelay).
 */
export const TRAIN_DEFAULTS: TrainDefaults = {
  n: PAPER_REGIME_BASE.model.n, gain: 1, alpha: PAPER_REGIME_BASE.model.alpha, iterations: PAPER_REGIME_BASE.iterations,
  batch: PAPER_REGIME_BASE.batchSize, learningRate: PAPER_REGIME_BASE.optimiser.learningRate,
};

/** The default memory delay of delayed-xor and the streaming tasks: 6 / alpha steps (30 at alpha = 0.2; the traces
 *  of the local rules forget in about 1 / alpha steps, so shorter delays are a ceiling every rule reaches), at least
 *  10 (the tasks' own default). */
export function regimeDelay(alpha: number): number {
  return Math.max(10, Math.ceil(6 / alpha));
}
const regimeDelayed = ['delayed-xor', 'streaming-xor', 'streaming-copy'];

export const tasks = [
  'delayed-xor', 'streaming-xor', 'streaming-copy', 'sum-of-sines', 'copy', 'perceptual-decision', 'delayed-match-to-sample', 'context-decision',
  'row-images',
] as const;
/** The tasks with a memory delay (--delay) and those with a trial length in steps (--duration). */
const delayed = ['delayed-xor', 'copy', 'streaming-xor', 'streaming-copy'] as const;
const lengthened = ['copy', 'streaming-xor', 'streaming-copy', 'sum-of-sines'] as const;
// modprop is left out: it needs Dale's law, which the command line does not set.
export const rules = ['bptt', 'eprop', 'eprop-random', 'rflo', 'rflo-symmetric'] as const;
export const schedules = ['none', 'pre', 'inter', 'continuous'] as const;
export const trajectories = ['autonomous', 'noise', 'task'] as const;

export const TRAINING_OPTIONS_USAGE = `    Task:       --delay STEPS (delayed-xor and streaming tasks 6 / alpha, at least 10; copy 5) --duration STEPS (trial
                length of copy, sum-of-sines, and of the streaming tasks, 300). streaming-xor is Engelken's: a 0/1 bit
                stream whose target is the XOR of the bits d and 2d steps back (cross-entropy); streaming-copy the bit
                d steps back.
    Training:   --iterations 300 --batch 16 --eval-batch 128 --success-loss 0.1 (solved: final loss <= it)
    Optimiser:  --optimiser adam|sgd --learning-rate 0.003 --momentum 0.9 (Adam beta1 or SGD momentum) --beta2 0.999
                --epsilon 1e-8 --clip-norm X (global gradient norm; default off)
    Flossing:   --floss-gradient exact|local (backpropagation through the QR chain, or the synapse-local rule:
                Lyapunov-vector component x filtered presynaptic perturbation rate x (lambda - target))
                --floss-k 1 (exponents) --floss-target 0 --floss-steps 100 (updates per phase) --floss-optimiser adam|sgd
                --floss-lr --floss-momentum (exact: Adam, 0.001, 0.9; local: SGD, 5, 0) --floss-weight 1
                --floss-trajectory autonomous|noise|task
                --floss-input-std 0 --floss-length 100 (scored steps) --floss-warmup 20 --floss-every 100
                --floss-max-phases 2 (inter)
    Lyapunov:   --lyap-k 1 --lyap-steps 1000 --lyap-warmup 200 --lyap-input-std 0 (0: lambdaMaxBefore/After are
                autonomous) --driven-input-std 0.5 --lyap-every 0 (also track lambda_max every so many iterations)
    Precision:  --precision float64|float32 (float32 trains in single precision, about twice as fast; weights,
                Adam, Lyapunov exponents and flossing stay float64; float64, the default, is the reference)
${MIRROR_OPTIONS_USAGE}`;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

const stringOptions = [
  'task', 'duration', 'iterations', 'batch', 'eval-batch', 'success-loss', 'learning-rate', 'delay', 'optimiser', 'momentum', 'beta2',
  'epsilon', 'clip-norm', 'floss-k', 'floss-target', 'floss-steps', 'floss-lr', 'floss-weight', 'floss-trajectory',
  'floss-input-std', 'floss-length', 'floss-warmup', 'floss-every', 'floss-max-phases', 'floss-gradient', 'floss-optimiser', 'floss-momentum', 'lyap-k', 'lyap-steps',
  'lyap-warmup', 'lyap-input-std', 'driven-input-std', 'lyap-every', 'precision', ...mirrorOptionNames,
] as const;

export const trainOptionSpec = {
  ...modelOptionSpec,
  ...Object.fromEntries(stringOptions.map((name) => [name, { type: 'string' as const }])),
} as Record<(typeof stringOptions)[number] | keyof typeof modelOptionSpec, { type: 'string' }>;

/** The task: --task (required unless the defaults name one) with --delay / --duration; a memory task without
 *  --delay gets regimeDelay(alpha), a preset's task its own delay. */
export function taskOption(values: Values, alpha: number, fallback?: RnnTaskConfig): RnnTaskConfig {
  if (values.task === undefined && fallback === undefined) throw new CliError(`--task is required (one of ${tasks.join(', ')})`, 2);
  const kind = values.task === undefined ? fallback!.kind : choiceOption('task', text(values, 'task'), 'delayed-xor', tasks);
  const delayText = text(values, 'delay'), durationText = text(values, 'duration');
  if (delayText !== undefined && !(delayed as readonly string[]).includes(kind)) throw new CliError(`--delay applies to ${delayed.join(', ')}, not to ${kind}`, 2);
  if (durationText !== undefined && !(lengthened as readonly string[]).includes(kind)) throw new CliError(`--duration applies to ${lengthened.join(', ')}, not to ${kind}`, 2);
  const base = values.task === undefined ? fallback! : ({ kind } as RnnTaskConfig);
  const fallbackDelay = values.task === undefined ? undefined : (regimeDelayed.includes(kind) ? regimeDelay(alpha) : undefined);
  return {
    ...base,
    ...rowImagesOptions(values, kind),
    ...given({
      delay: delayText === undefined ? fallbackDelay : intOption('delay', delayText, 10, kind === 'delayed-xor' ? 0 : 1, 1000),
      duration: durationText === undefined ? undefined : intOption('duration', durationText, 100, 1, 100_000),
    }),
  } as RnnTaskConfig;
}

/** Only the given keys: an absent option leaves the schema default in place. */
function given<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const positive = (name: string, values: Values) => (text(values, name) === undefined ? undefined : numberOption(name, text(values, name), 1, (v) => v > 0, 'a positive number'));
const nonNegative = (name: string, values: Values) => (text(values, name) === undefined ? undefined : numberOption(name, text(values, name), 0, (v) => v >= 0, 'a number >= 0'));
const fraction = (name: string, values: Values) => (text(values, name) === undefined ? undefined : numberOption(name, text(values, name), 0, (v) => v >= 0 && v < 1, 'a number in [0, 1)'));
const count = (name: string, values: Values, min: number, max: number) => (text(values, name) === undefined ? undefined : intOption(name, text(values, name), min, min, max));

function optimiserOptions(values: Values, defaults: TrainDefaults) {
  const kind = text(values, 'optimiser') === undefined ? undefined : choiceOption('optimiser', text(values, 'optimiser'), 'adam', ['adam', 'sgd'] as const);
  return withPotential(values, {
    ...optimiserSchema.parse({}),
    learningRate: numberOption('learning-rate', text(values, 'learning-rate'), defaults.learningRate, (v) => v > 0, 'a positive number'),
    ...given({
      kind, momentum: fraction('momentum', values), beta2: fraction('beta2', values), epsilon: positive('epsilon', values),
      clipNorm: positive('clip-norm', values),
    }),
  });
}

function flossingOptions(values: Values, defaults: TrainDefaults) {
  const trajectory = text(values, 'floss-trajectory') === undefined ? undefined : choiceOption('floss-trajectory', text(values, 'floss-trajectory'), 'autonomous', trajectories);
  const inputStd = nonNegative('floss-input-std', values);
  const gradient = text(values, 'floss-gradient') === undefined ? undefined : choiceOption('floss-gradient', text(values, 'floss-gradient'), 'exact', ['exact', 'local'] as const);
  const optimiser = text(values, 'floss-optimiser') === undefined ? undefined : choiceOption('floss-optimiser', text(values, 'floss-optimiser'), 'adam', ['adam', 'sgd'] as const);
  if (trajectory === 'noise' && !(inputStd! > 0)) throw new CliError('--floss-trajectory noise needs --floss-input-std > 0', 2);
  const start = { ...flossingSchema.parse({}), ...defaults.flossing };
  return {
    ...start,
    target: numberOption('floss-target', text(values, 'floss-target'), start.target, () => true, 'a number'),
    ...given({
      k: count('floss-k', values, 1, 200), phaseSteps: count('floss-steps', values, 0, 1_000_000), learningRate: positive('floss-lr', values),
      weight: nonNegative('floss-weight', values), trajectory, inputStd, trajectorySteps: count('floss-length', values, 1, 1_000_000),
      warmup: count('floss-warmup', values, 0, 1_000_000), every: count('floss-every', values, 1, 1_000_000),
      maxPhases: count('floss-max-phases', values, 0, 1_000_000), gradient, optimiser, momentum: fraction('floss-momentum', values),
    }),
  };
}

/** The Lyapunov settings, from the training run's defaults (a partial object would reset them to the plain ones). */
function lyapunovOptions(values: Values, start: TrainDefaults) {
  const defaults = start.lyapunov ?? rnnTrainConfigSchema.parse({}).lyapunov;
  const driven = text(values, 'driven-input-std');
  return {
    ...defaults,
    ...given({
      k: count('lyap-k', values, 1, 2000), steps: count('lyap-steps', values, 1, 10_000_000), warmup: count('lyap-warmup', values, 0, 10_000_000),
      inputStd: nonNegative('lyap-input-std', values), every: count('lyap-every', values, 0, 1_000_000),
      drivenInputStd: driven === undefined ? undefined : numberOption('driven-input-std', driven, defaults.drivenInputStd, (v) => v > 0, 'a positive number'),
    }),
  };
}

/** Everything of a training configuration except the rule, gain, flossing schedule and seed. */
export function trainBase(values: Values, defaults: TrainDefaults = TRAIN_DEFAULTS) {
  const model = modelOptions(values, defaults);
  const flossing = flossingOptions(values, defaults);
  const lyapunov = lyapunovOptions(values, defaults);
  for (const [name, k] of [['floss-k', flossing.k], ['lyap-k', lyapunov.k]] as const) {
    if (k > model.n) throw new CliError(`--${name} (${k}) cannot exceed --n (${model.n})`, 2);
  }
  const precision = text(values, 'precision') === undefined ? undefined : choiceOption('precision', text(values, 'precision'), 'float64', ['float64', 'float32'] as const);
  return {
    model: { ...model, ...given({ precision }) },
    task: taskOption(values, model.alpha, defaults.task),
    iterations: intOption('iterations', text(values, 'iterations'), defaults.iterations, 0, 1_000_000),
    batchSize: intOption('batch', text(values, 'batch'), defaults.batch, 1, 4096),
    optimiser: optimiserOptions(values, defaults),
    flossing,
    lyapunov,
    ...given({ evalBatchSize: count('eval-batch', values, 1, 1_000_000), successLoss: positive('success-loss', values) ?? defaults.successLoss }),
  };
}

export function ruleOption(name: string, text: string): RuleName {
  return choiceOption(name, text, 'bptt', rules);
}

/** --save-weights FILE: .npz (NumPy archive) or .csv (one row per weight), checked before anything runs. */
export function weightsFileOption(values: Values): { path: string; format: 'npz' | 'csv' } | null {
  const path = text(values, 'save-weights');
  if (path === undefined) return null;
  const ext = extname(path).toLowerCase();
  if (ext !== '.npz' && ext !== '.csv') throw new CliError(`--save-weights must name a .npz or .csv file, got "${path}"`, 2);
  return { path, format: ext === '.npz' ? 'npz' : 'csv' };
}
