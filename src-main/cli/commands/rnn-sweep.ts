import type { RnnSweepSummary } from '@core/rnn/sweep';
import type { FlossingConfig, RnnSweepConfig, RuleName } from '@core/rnn/schema';
import { RNN_PRESETS, rnnPreset, type RnnPresetName } from '@core/rnn/presets';
import { comparisonSentence, countSignificant, significanceSummary } from '@core/rnn/comparisons';
import { alphaOneWarning } from '@core/rnn/regime-warning';
import { CliError } from '../io';
import type { RnnSubcommand } from './rnn';
import { choiceOption, intOption, listOption, numberOption, withLeading } from '../options';
import { ruleOption, schedules, trainBase, trainOptionSpec, type TrainDefaults } from './rnn-train-options';

const presetNames = RNN_PRESETS.map((p) => p.name);

export const SWEEP_USAGE = `  plasticity-lab rnn sweep [--preset ${presetNames.join('|')}] [--task TASK] [--gains 0.5,1,2,3]
      [--rules bptt,eprop,eprop-random,rflo] [--floss none,pre,...] [--floss-gradient exact,local] [--seeds 10]
      [--seed 1] [--workers N] [the training options of rnn train] [--json]
    One training run per gain x rule x flossing variant x seed (seeds --seed, --seed + 1, ...), spread over the
    worker pool (one worker per core unless --workers). By default the paper's regime (preset gain-dependence:
    delayed XOR with delay 30, alpha 0.2, N = 64, 300 iterations, 10 seeds); options override a preset's settings.
${RNN_PRESETS.map((p) => `      ${p.name}: ${p.description}`).join('\n')}
    Per cell: every seed's figures ("runs"), final loss and learning-curve area (mean training loss) with 95 % t
    intervals, success rate (final loss <= --success-loss) with its Wilson interval, lambda_max before, after
    pre-flossing and after training (autonomous and input-driven), ||dW||/||W0||. "comparisons": every flossed cell
    against its unflossed twin and every variant's smallest gain against its largest, by Welch's t test (final loss,
    learning-curve area) and Fisher's exact test (success), each with its sentence in the table output.`;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

/** The preset's training settings as the defaults of the options. */
function presetDefaults(config: RnnSweepConfig): TrainDefaults {
  const b = config.base;
  return {
    n: b.model.n, gain: 1, alpha: b.model.alpha, iterations: b.iterations, batch: b.batchSize, learningRate: b.optimiser.learningRate,
    task: b.task, flossing: b.flossing, lyapunov: b.lyapunov, successLoss: b.successLoss,
  };
}

export const sweepCommand: RnnSubcommand = {
  options: {
    ...trainOptionSpec, preset: { type: 'string' }, gains: { type: 'string' }, rules: { type: 'string' }, floss: { type: 'string' },
    seeds: { type: 'string' }, workers: { type: 'string' },
  },
  job(values) {
    const presetName = choiceOption<RnnPresetName>('preset', text(values, 'preset'), 'gain-dependence', presetNames);
    const preset = rnnPreset(presetName).config;
    // --floss-gradient is a list here (one flossed cell per gradient), a single choice in rnn train.
    const base = trainBase({ ...values, 'floss-gradient': undefined }, presetDefaults(preset));
    const gains = listOption('gains', text(values, 'gains'), preset.gains, (p) => numberOption('gains', p, 0, (v) => v >= 0 && v <= 20, 'numbers from 0 to 20'));
    const rules = listOption<RuleName>('rules', text(values, 'rules'), preset.rules, (p) => ruleOption('rules', p));
    const flossingSchedules = listOption<FlossingConfig['schedule']>('floss', text(values, 'floss'), preset.flossingSchedules, (p) => choiceOption('floss', p, 'none', schedules));
    const flossingGradients = listOption<FlossingConfig['gradient']>('floss-gradient', text(values, 'floss-gradient'), preset.flossingGradients ?? ['exact'],
      (p) => choiceOption('floss-gradient', p, 'exact', ['exact', 'local'] as const));
    for (const [name, list] of [['gains', gains], ['rules', rules], ['floss', flossingSchedules], ['floss-gradient', flossingGradients]] as const) {
      if (new Set<unknown>(list).size !== list.length) throw new CliError(`--${name} lists a value twice: "${text(values, name)}"`, 2);
    }
    const seeds = intOption('seeds', text(values, 'seeds'), preset.seeds, 1, 1000);
    const firstSeed = intOption('seed', text(values, 'seed'), preset.firstSeed, 0, 2 ** 32 - 1000);
    return { kind: 'rnn-sweep', config: { base, gains, rules, flossingSchedules, flossingGradients, seeds, firstSeed }, seed: firstSeed };
  },
  warning(config) {
    const c = config as RnnSweepConfig;
    return alphaOneWarning(c.base.model.alpha, c.rules);
  },
  workers: (values) => (values.workers === undefined ? undefined : intOption('workers', values.workers as string, 1, 1, 64)),
  json(result) {
    const r = result as RnnSweepSummary;
    return withLeading(r, ['comparisons', 'finalLossVsGain', 'lambdaVsGain']);
  },
  format(result) {
    const r = result as RnnSweepSummary;
    const ms = (s: { mean: number; sd: number } | null, digits = 4) => (s === null ? 'n/a' : `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`);
    const ci = (i: { lo: number; hi: number } | null | undefined, digits = 3) => (i ? `[${i.lo.toFixed(digits)}, ${i.hi.toFixed(digits)}]` : '');
    const header = ['gain', 'rule', 'floss', 'final loss ± sd', '95 % CI', 'accuracy', 'solved', '95 % CI', 'mean training loss', 'lambda_max autonomous before',
      'after pre-flossing', 'after training', `driven (s = ${r.drivenInputStd}) before`, 'driven after', '||dW||/||W0||', 'diverged'];
    const rows = r.cells.map((c) => [
      String(c.gain), c.rule, c.schedule === 'none' ? 'none' : `${c.schedule}${c.gradient === 'local' ? ' (local)' : ''}`,
      ms(c.finalLoss), ci(c.intervals?.finalLoss), ms(c.finalAccuracy, 3), `${c.success.solved}/${c.success.n}`, ci(c.intervals?.success, 2),
      ms(c.learningCurveArea), ms(c.lambdaMaxAutonomousBefore), c.lambdaMaxAutonomousAfterFlossing ? ms(c.lambdaMaxAutonomousAfterFlossing) : '-',
      ms(c.lambdaMaxAutonomousAfter), ms(c.lambdaMaxDrivenBefore), ms(c.lambdaMaxDrivenAfter), ms(c.weightChange, 3), `${c.diverged}/${c.seeds.length}`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const table = [header, ...rows].map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
    const comparisons = r.comparisons ?? [];
    if (comparisons.length === 0) return table;
    const lines = comparisons.map((c) => `  ${c.significant ? '*' : ' '} ${comparisonSentence(c)}`);
    return [table, '', `Comparisons (* significant at 5 %; ${significanceSummary(countSignificant(comparisons))}):`, ...lines].join('\n');
  },
};

