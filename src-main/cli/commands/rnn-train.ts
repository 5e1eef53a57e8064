import type { RnnTrainResult } from '@core/rnn/train';
import { exportedWeights } from '@core/rnn/weights-export';
import { alphaOneWarning } from '@core/rnn/regime-warning';
import type { RnnTrainConfig } from '@core/rnn/schema';
import { CliError } from '../io';
import type { RnnSubcommand } from './rnn';
import { choiceOption, intOption, withLeading } from '../options';
import { writeWeightsFile } from '../weights-file';
import { ruleOption, rules, schedules, tasks, trainBase, trainOptionSpec, TRAINING_OPTIONS_USAGE, weightsFileOption } from './rnn-train-options';
import { geometryLines } from './rnn-mirror-options';

export const TRAIN_USAGE = `  plasticity-lab rnn train --task TASK --rule bptt|eprop|eprop-random|rflo [--gain 1] [--n 64] [--alpha 0.2]
      [--activation tanh] [--delay STEPS] [--floss none|pre|inter|continuous] [--floss-gradient exact|local] [--seed 1]
      [--save-weights FILE.npz|FILE.csv] [the options below] [--json]
    Trains a leaky rate RNN (masked MSE or cross-entropy) and measures lambda_max before and after (and after
    pre-flossing), autonomous (zero input) and driven by N(0, s^2) input (s = --driven-input-std):
    { "finalLoss", "finalAccuracy", "solved", "iterationsToCriterion", "learningCurveArea", "lossCurve": { "iteration",
      "loss", "accuracy" }, "lambdaMaxBefore", "lambdaMaxAfterFlossing", "lambdaMaxAfter" (autonomous unless
      --lyap-input-std), "lambdaMaxAutonomous..." and "lambdaMaxDriven..." (Before, AfterFlossing, After),
      "drivenInputStd", "weightChange": { "total", "training" } (||dW|| / ||W||), ... }.
    TASK: ${tasks.join(', ')}.
    Also --rule rflo-symmetric (RFLO with B = V^T).
    --alpha (dt / tau) defaults to 0.2 and the delay of delayed-xor and the streaming tasks to 6 / alpha (30; at
    least 10): the paper's regime. With alpha = 1 e-prop and RFLO have no trace memory and fail on any delay (BPTT
    still learns from gain >= 1), and RFLO equals e-prop with random feedback; the command warns.
    --floss adds gradient flossing toward lambda_max = --floss-target.
    --save-weights writes the trained and the initial weights (W, U, b, V, c, x0 and W_initial, ...): .npz for
    numpy.load, or .csv with rows name,row,col,value.
${TRAINING_OPTIONS_USAGE}`;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

export const trainCommand: RnnSubcommand = {
  options: { ...trainOptionSpec, rule: { type: 'string' }, floss: { type: 'string' }, 'save-weights': { type: 'string' } },
  job(values) {
    const base = trainBase(values);
    if (values.rule === undefined) throw new CliError(`--rule is required (one of ${rules.join(', ')})`, 2);
    const rule = ruleOption('rule', text(values, 'rule')!);
    const schedule = choiceOption('floss', text(values, 'floss'), 'none', schedules);
    const seed = intOption('seed', text(values, 'seed'), 1, 0, 2 ** 32 - 1);
    const returnParams = weightsFileOption(values) !== null;
    return { kind: 'rnn-train', config: { ...base, rule, flossing: { ...base.flossing, schedule }, seed, ...(returnParams ? { returnParams } : {}) }, seed };
  },
  async afterRun(result, values, io) {
    const file = weightsFileOption(values);
    const r = result as RnnTrainResult;
    if (file === null || !r.params || !r.initialParams) return;
    await writeWeightsFile(file.path, file.format, exportedWeights(r.params, r.initialParams));
    io.err(`wrote the trained and initial weights to ${file.path}`);
  },
  warning(config) {
    const c = config as RnnTrainConfig;
    return alphaOneWarning(c.model.alpha, [c.rule]);
  },
  workers: () => 1,
  json(result) {
    // The weights went to --save-weights (and the history); the document keeps the figures.
    const { params: _params, initialParams: _initial, geometry, ...rest } = result as RnnTrainResult;
    const r = geometry ? { ...rest, geometry: { ...geometry, weightsBefore: undefined, weightsAfter: undefined } } : rest;
    return withLeading(r, [
      'finalLoss', 'finalAccuracy', 'initialLoss', 'lambdaMaxBefore', 'lambdaMaxAfter',
      'lambdaMaxAutonomousBefore', 'lambdaMaxAutonomousAfter', 'lambdaMaxDrivenBefore', 'lambdaMaxDrivenAfter', 'drivenInputStd', 'diverged',
      'solved', 'iterationsToCriterion', 'learningCurveArea', 'lambdaMaxAfterFlossing', 'lambdaMaxAutonomousAfterFlossing',
      'lambdaMaxDrivenAfterFlossing', 'weightChange',
    ]);
  },
  format(result) {
    const r = result as RnnTrainResult;
    const c = r.config;
    const fmt = (v: number | null | undefined, digits = 4) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
    const curve = r.lossCurve;
    const marks = [...new Set([0, 0.1, 0.25, 0.5, 0.75, 1].map((f) => Math.round(f * (curve.loss.length - 1))))];
    const pre = r.flossing.phaseStarts.length > 0 && c.flossing.schedule === 'pre';
    const stages = (before: number | null, flossed: number | null, after: number | null) => `before ${fmt(before)}${pre ? `, after pre-flossing ${fmt(flossed)}` : ''}, after training ${fmt(after)}`;
    return [
      `${c.task.kind} with ${c.rule}: N = ${c.model.n}, gain ${c.model.gain}, alpha ${c.model.alpha}, ${c.iterations} iterations, batch ${c.batchSize}${c.model.precision === 'float32' ? ', float32' : ''}, seed ${c.seed}${c.flossing.schedule === 'none' ? '' : `, flossing ${c.flossing.schedule} toward ${c.flossing.target}`}`,
      r.diverged ? `diverged at iteration ${r.divergedAt}` : `loss (held-out) ${fmt(r.initialLoss)} -> ${fmt(r.finalLoss)}${r.finalAccuracy === null ? '' : `, accuracy ${(100 * r.finalAccuracy).toFixed(1)} %`}`,
      `${r.solved ? 'solved' : 'not solved'} (final loss <= ${c.successLoss})${r.iterationsToCriterion === null ? ', training loss never reached it' : `, training loss first reached it at iteration ${r.iterationsToCriterion}`}; mean training loss over the run ${fmt(r.learningCurveArea)}`,
      `lambda_max per step, autonomous: ${stages(r.lambdaMaxAutonomousBefore, r.lambdaMaxAutonomousAfterFlossing, r.lambdaMaxAutonomousAfter)}`,
      `lambda_max per step, input N(0, ${r.drivenInputStd}^2): ${stages(r.lambdaMaxDrivenBefore, r.lambdaMaxDrivenAfterFlossing, r.lambdaMaxDrivenAfter)}`,
      `weight change ||dW|| / ||W0||: ${fmt(r.weightChange?.total, 3)}${pre ? ` (training alone ${fmt(r.weightChange?.training, 3)})` : ''}`,
      `training loss: ${marks.map((i) => `${curve.iteration[i]}: ${curve.loss[i].toPrecision(3)}`).join('  ')}`,
      ...geometryLines(r),
    ].join('\n');
  },
};
