import type { RnnTrainResult } from '@core/rnn/train';
import { rnnTrainConfigSchema, type RnnTaskConfig, type RuleName } from '@core/rnn/schema';
import { CliError } from '../io';
import type { RnnSubcommand } from './rnn';
import { choiceOption, intOption, numberOption, withLeading } from '../options';
import { modelOptions, modelOptionSpec } from './rnn-lyapunov';

/**
 * Defaults chosen so a first run learns with every rule: with alpha = 1 the eligibility traces of e-prop and RFLO
 * have no memory and the local rules cannot solve delayed XOR (src-core/rnn/README.md), so the leak defaults to
 * alpha = 0.2, where all four rules solve it in 500 iterations at N = 100, g = 1 (about 3-6 s each).
 */
export const TRAIN_DEFAULTS = { n: 100, gain: 1, alpha: 0.2, iterations: 500, batch: 32, learningRate: 3e-3 };

export const tasks = ['delayed-xor', 'sum-of-sines', 'copy', 'perceptual-decision', 'delayed-match-to-sample', 'context-decision'] as const;
// modprop is left out: it needs Dale's law, which the command line does not set.
export const rules = ['bptt', 'eprop', 'eprop-random', 'rflo', 'rflo-symmetric'] as const;
export const schedules = ['none', 'pre', 'inter', 'continuous'] as const;

export const TRAIN_USAGE = `  plasticity-lab rnn train --task TASK --rule bptt|eprop|eprop-random|rflo [--gain 1] [--n 100] [--alpha 0.2]
      [--activation tanh] [--iterations 500] [--batch 32] [--learning-rate 0.003] [--delay STEPS]
      [--floss none|pre|inter|continuous] [--floss-target 0] [--driven-input-std 0.5] [--seed 1] [--json]
    Trains a leaky rate RNN (Adam, masked MSE) and measures lambda_max before and after, autonomous (zero input)
    and driven by N(0, s^2) input (s = --driven-input-std):
    { "finalLoss", "finalAccuracy", "lossCurve": { "iteration", "loss", "accuracy" }, "lambdaMaxBefore",
      "lambdaMaxAfter" (both autonomous), "lambdaMaxAutonomousBefore", "lambdaMaxAutonomousAfter",
      "lambdaMaxDrivenBefore", "lambdaMaxDrivenAfter", "drivenInputStd", ... }.
    TASK: ${tasks.join(', ')}.
    --delay sets the delay of delayed-xor (default 10) and copy (5).
    Also --rule rflo-symmetric (RFLO with B = V^T).
    --alpha (dt / tau) defaults to 0.2: with alpha = 1 e-prop and RFLO have no trace memory and fail on delayed XOR
    (BPTT still learns from gain >= 1). --floss adds gradient flossing toward lambda_max = --floss-target.`;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

export const trainOptionSpec = {
  ...modelOptionSpec, task: { type: 'string' }, iterations: { type: 'string' }, batch: { type: 'string' },
  'learning-rate': { type: 'string' }, delay: { type: 'string' }, 'floss-target': { type: 'string' },
  'driven-input-std': { type: 'string' },
} as const;

export function taskOption(values: Values): RnnTaskConfig {
  if (values.task === undefined) throw new CliError(`--task is required (one of ${tasks.join(', ')})`, 2);
  const kind = choiceOption('task', text(values, 'task'), 'delayed-xor', tasks);
  const delayText = text(values, 'delay');
  if (delayText === undefined) return { kind } as RnnTaskConfig;
  if (kind !== 'delayed-xor' && kind !== 'copy') throw new CliError(`--delay applies to delayed-xor and copy, not to ${kind}`, 2);
  return { kind, delay: intOption('delay', delayText, 10, kind === 'copy' ? 1 : 0, 1000) } as RnnTaskConfig;
}

/** Everything of a training configuration except the rule, gain, flossing schedule and seed. */
export function trainBase(values: Values) {
  return {
    model: modelOptions(values, TRAIN_DEFAULTS),
    task: taskOption(values),
    iterations: intOption('iterations', text(values, 'iterations'), TRAIN_DEFAULTS.iterations, 0, 1_000_000),
    batchSize: intOption('batch', text(values, 'batch'), TRAIN_DEFAULTS.batch, 1, 4096),
    optimiser: {
      learningRate: numberOption('learning-rate', text(values, 'learning-rate'), TRAIN_DEFAULTS.learningRate, (v) => v > 0, 'a positive number'),
    },
    flossing: { target: numberOption('floss-target', text(values, 'floss-target'), 0, () => true, 'a number') },
    ...lyapunovOption(values),
  };
}

/** The Lyapunov settings only when --driven-input-std is given (a partial object would reset the train defaults). */
function lyapunovOption(values: Values) {
  const std = text(values, 'driven-input-std');
  if (std === undefined) return {};
  const defaults = rnnTrainConfigSchema.parse({}).lyapunov;
  return { lyapunov: { ...defaults, drivenInputStd: numberOption('driven-input-std', std, defaults.drivenInputStd, (v) => v > 0, 'a positive number') } };
}

export function ruleOption(name: string, text: string): RuleName {
  return choiceOption(name, text, 'bptt', rules);
}

export const trainCommand: RnnSubcommand = {
  options: { ...trainOptionSpec, rule: { type: 'string' }, floss: { type: 'string' } },
  job(values) {
    const base = trainBase(values);
    if (values.rule === undefined) throw new CliError(`--rule is required (one of ${rules.join(', ')})`, 2);
    const rule = ruleOption('rule', text(values, 'rule')!);
    const schedule = choiceOption('floss', text(values, 'floss'), 'none', schedules);
    const seed = intOption('seed', text(values, 'seed'), 1, 0, 2 ** 32 - 1);
    return { kind: 'rnn-train', config: { ...base, rule, flossing: { ...base.flossing, schedule }, seed }, seed };
  },
  workers: () => 1,
  json(result) {
    const r = result as RnnTrainResult;
    return withLeading(r, [
      'finalLoss', 'finalAccuracy', 'initialLoss', 'lambdaMaxBefore', 'lambdaMaxAfter',
      'lambdaMaxAutonomousBefore', 'lambdaMaxAutonomousAfter', 'lambdaMaxDrivenBefore', 'lambdaMaxDrivenAfter', 'drivenInputStd', 'diverged',
    ]);
  },
  format(result) {
    const r = result as RnnTrainResult;
    const c = r.config;
    const fmt = (v: number | null, digits = 4) => (v === null ? 'n/a' : v.toFixed(digits));
    const curve = r.lossCurve;
    const marks = [...new Set([0, 0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (curve.loss.length - 1))))];
    return [
      `${c.task.kind} with ${c.rule}: N = ${c.model.n}, gain ${c.model.gain}, alpha ${c.model.alpha}, ${c.iterations} iterations, batch ${c.batchSize}, seed ${c.seed}${c.flossing.schedule === 'none' ? '' : `, flossing ${c.flossing.schedule} toward ${c.flossing.target}`}`,
      r.diverged ? `diverged at iteration ${r.divergedAt}` : `loss (held-out) ${fmt(r.initialLoss)} -> ${fmt(r.finalLoss)}${r.finalAccuracy === null ? '' : `, accuracy ${(100 * r.finalAccuracy).toFixed(1)} %`}`,
      `lambda_max per step, autonomous: before ${fmt(r.lambdaMaxAutonomousBefore)}, after ${fmt(r.lambdaMaxAutonomousAfter)}`,
      `lambda_max per step, input N(0, ${r.drivenInputStd}^2): before ${fmt(r.lambdaMaxDrivenBefore)}, after ${fmt(r.lambdaMaxDrivenAfter)}`,
      `training loss: ${marks.map((i) => `${curve.iteration[i]}: ${curve.loss[i].toPrecision(3)}`).join('  ')}`,
    ].join('\n');
  },
};
