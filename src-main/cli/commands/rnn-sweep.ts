import type { RnnSweepSummary } from '@core/rnn/sweep';
import type { FlossingConfig, RuleName } from '@core/rnn/schema';
import { CliError } from '../io';
import type { RnnSubcommand } from './rnn';
import { choiceOption, intOption, listOption, numberOption, withLeading } from '../options';
import { ruleOption, schedules, trainBase, trainOptionSpec } from './rnn-train-options';

export const SWEEP_USAGE = `  plasticity-lab rnn sweep --task TASK [--gains 0.5,1,1.5,2] [--rules bptt,eprop] [--floss none,...] [--seeds 3]
      [--seed 1] [--workers N] [the training options of rnn train] [--json]
    One training run per gain x rule x flossing schedule x seed (seeds --seed, --seed + 1, ...), spread over the
    worker pool (one worker per core unless --workers): learning curves (mean, sd, min, max), final loss and
    accuracy against gain per rule, lambda_max against gain before and after training, autonomous and input-driven
    ("lambdaVsGain": "before", "after" autonomous; "autonomousBefore", ..., "drivenAfter"; "drivenInputStd").`;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

export const sweepCommand: RnnSubcommand = {
  options: { ...trainOptionSpec, gains: { type: 'string' }, rules: { type: 'string' }, floss: { type: 'string' }, seeds: { type: 'string' }, workers: { type: 'string' } },
  job(values) {
    const base = trainBase(values);
    const gains = listOption('gains', text(values, 'gains'), [0.5, 1, 1.5, 2], (p) => numberOption('gains', p, 0, (v) => v >= 0 && v <= 20, 'numbers from 0 to 20'));
    const rules = listOption<RuleName>('rules', text(values, 'rules'), ['bptt', 'eprop'], (p) => ruleOption('rules', p));
    const flossingSchedules = listOption<FlossingConfig['schedule']>('floss', text(values, 'floss'), ['none'], (p) => choiceOption('floss', p, 'none', schedules));
    for (const [name, list] of [['gains', gains], ['rules', rules], ['floss', flossingSchedules]] as const) {
      if (new Set<unknown>(list).size !== list.length) throw new CliError(`--${name} lists a value twice: "${text(values, name)}"`, 2);
    }
    const seeds = intOption('seeds', text(values, 'seeds'), 3, 1, 1000);
    const firstSeed = intOption('seed', text(values, 'seed'), 1, 0, 2 ** 32 - 1000);
    return { kind: 'rnn-sweep', config: { base, gains, rules, flossingSchedules, seeds, firstSeed }, seed: firstSeed };
  },
  workers: (values) => (values.workers === undefined ? undefined : intOption('workers', values.workers as string, 1, 1, 64)),
  json(result) {
    const r = result as RnnSweepSummary;
    return withLeading(r, ['finalLossVsGain', 'lambdaVsGain']);
  },
  format(result) {
    const r = result as RnnSweepSummary;
    const ms = (s: { mean: number; sd: number } | null, digits = 4) => (s === null ? 'n/a' : `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`);
    const header = ['gain', 'rule', 'floss', 'final loss', 'accuracy', 'solved', 'mean training loss', 'lambda_max autonomous before', 'autonomous after',
      `driven (s = ${r.drivenInputStd}) before`, 'driven after', '||dW||/||W0||', 'diverged'];
    const rows = r.cells.map((c) => [
      String(c.gain), c.rule, c.schedule, ms(c.finalLoss), ms(c.finalAccuracy, 3), `${c.success.solved}/${c.success.n}`, ms(c.learningCurveArea),
      ms(c.lambdaMaxAutonomousBefore), ms(c.lambdaMaxAutonomousAfter), ms(c.lambdaMaxDrivenBefore), ms(c.lambdaMaxDrivenAfter), ms(c.weightChange, 3),
      `${c.diverged}/${c.seeds.length}`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    return [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
  },
};
