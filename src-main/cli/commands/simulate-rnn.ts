import type { RnnGeometryConfig, RnnGeometryResult } from '@core/rnn/mirror-experiment';
import { signFlipNote, type PotentialSpec } from '@core/plasticity/index';
import type { CliIo } from '../io';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { runOrSubmit } from '../slurm-options';
import { choiceOption, listOption, numberArg, numberOption } from '../options';
import { potentialOption } from '../potential-option';

type Values = Record<string, string | boolean | undefined>;

/** The options `simulate md --task rnn` takes beyond the shared ones (--potential, --p, --seed, --steps, --learning-rate, --hidden). */
export const RNN_OPTIONS = ['image-size', 'training-set', 'pretrain-iterations', 'pretrain-batch', 'rule', 'learning-rates'] as const;
/** Options of the other tasks. */
const OTHER_OPTIONS = ['dim', 'samples-exponent', 'correlation', 'correlation-scale', 'input-dim', 'samples', 'out', 'synapses', 'repeats', 'init', 'potentials', 'dims', 'min-dim', 'max-dim', 'widths', 'seeds', 'init-from', 'init-dataset', 'init-column'] as const;
const RULES = ['bptt', 'eprop', 'eprop-random', 'rflo', 'rflo-symmetric'] as const;

export const RNN_USAGE = `  plasticity-lab simulate md --task rnn --potential negative-entropy|euclidean|p-norm [--p 3] [--hidden 32]
      [--image-size 14] [--training-set N] [--pretrain-iterations 300] [--pretrain-batch 64] [--steps 150]
      [--rule bptt|eprop|eprop-random|rflo|rflo-symmetric] [--learning-rate LR | --learning-rates 0.003,...,0.3]
      [--seed 1] [--json]
    The paper's RNN experiment at desktop size: a tanh RNN of --hidden units reads digit images row by row (drawn by
    the app) and names them at the last step; it is pre-trained on fresh images, then fine-tuned on a fixed set of
    --training-set images (default N, the paper's sqrt(D)) to interpolation, both by mirror descent under the
    potential; every hypothesis is scored on the recurrent weights W from the start of fine-tuning to its end. The
    rate is the lowest final fine-tuning loss of the grid (default 5 rates from 0.003 to 0.3, each from its own fresh
    start), unless --learning-rate fixes it: { "lr", "rates": [ { "lr", "pretrainAccuracy", "finalLoss", "best" } ],
    "finalAccuracy", "geometry": { "best", "verdict", "scores", "signFlips", "changeMagnitude", ... } }.`;

export function rnnGeometryConfig(values: Values, potential: PotentialSpec): RnnGeometryConfig {
  for (const o of OTHER_OPTIONS) if (values[o] !== undefined) throw new CliError(`--${o} does not apply to --task rnn`, 2);
  if (values['learning-rate'] !== undefined && values['learning-rates'] !== undefined) throw new CliError('--learning-rate and --learning-rates exclude each other', 2);
  const rates = typeof values['learning-rates'] === 'string'
    ? listOption('learning-rates', values['learning-rates'], [], (part) => numberOption('learning-rates', part, 0, (v) => v > 0, 'a list of positive numbers'))
    : undefined;
  const n = numberArg(values, 'hidden', 32, { integer: true, min: 4, max: 1000 }) as number;
  return {
    n,
    potential,
    imageSize: numberArg(values, 'image-size', 14, { integer: true, min: 6, max: 28 }) as number,
    trainingSet: numberArg(values, 'training-set', n, { integer: true, min: 1, max: 10_000 }) as number,
    pretrainIterations: numberArg(values, 'pretrain-iterations', 300, { integer: true, min: 0, max: 1_000_000 }) as number,
    pretrainBatch: numberArg(values, 'pretrain-batch', 64, { integer: true, min: 1, max: 4096 }) as number,
    iterations: numberArg(values, 'steps', 150, { integer: true, min: 1, max: 1_000_000 }) as number,
    rule: choiceOption('rule', values.rule as string | undefined, 'bptt', RULES),
    seed: numberArg(values, 'seed', 1, { integer: true, min: 0, max: 2 ** 32 - 1 }) as number,
    ...(values['learning-rate'] !== undefined ? { learningRate: numberArg(values, 'learning-rate', undefined, { min: Number.MIN_VALUE }) } : {}),
    ...(rates ? { learningRates: rates } : {}),
  };
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));

/** `simulate md --task rnn`: the RNN experiment as a recorded job, its geometry in words and figures. */
export async function runRnnTask(values: Values, io: CliIo): Promise<number> {
  const potential = potentialOption(values, true) as PotentialSpec;
  const config = rnnGeometryConfig(values, potential);
  return withContext(values.db as string | undefined, { workers: 2 }, async (context) => {
    const entry = await runOrSubmit(context, { kind: 'md-rnn', config, seed: config.seed as number }, io, values);
    if (!entry) return 0;
    const r = entry.result as RnnGeometryResult;
    const g = r.run.geometry;
    if (values.json) {
      const geometry = g ? { ...g, weightsBefore: undefined, weightsAfter: undefined } : null;
      io.out(toJson({
        entryId: entry.id, task: 'rnn', potential: r.potential, lr: r.lr, lrSelection: r.lrSelection, rates: r.rates, pretrain: r.pretrain,
        finalLoss: r.run.finalLoss, finalAccuracy: r.run.finalAccuracy, geometry,
      }));
      return 0;
    }
    const note = g ? signFlipNote(g.signFlips, g.synapses) : null;
    io.out([
      entry.name,
      `learning rate ${r.lr.toPrecision(3)} (${r.lrSelection === 'fixed' ? 'fixed' : `lowest final fine-tuning loss of ${r.rates.length} rates`}); pre-training accuracy ${fmt(r.pretrain?.finalAccuracy)}; fine-tuning loss ${fmt(r.run.finalLoss)}, accuracy ${fmt(r.run.finalAccuracy)} on its ${r.run.config.task.kind === 'row-images' ? r.run.config.task.trainingSet : '?'} images`,
      ...(g ? [
        `geometry of W (${g.synapses} synapses): best ${g.best} - ${g.verdict.label} (trained with ${g.potential})`,
        `change magnitude ${fmt(g.changeMagnitude)} (||dual change|| / ||dual start||; the paper's small-change regime when << 1)`,
        ...(note ? [note] : []),
        '',
        'hypothesis          dCDF',
        ...g.scores.map((s) => `${s.hypothesis.padEnd(18)}  ${fmt(s.dcdf)}${s.hypothesis === g.best ? '  <- best' : ''}`),
      ] : ['W did not change: no geometry to read']),
      '',
      'rate        pre-training acc.  fine-tuning loss  best',
      ...r.rates.map((x) => `${x.lr.toPrecision(3).padEnd(10)}  ${fmt(x.pretrainAccuracy).padEnd(17)}  ${fmt(x.finalLoss).padEnd(16)}  ${x.best ?? '(diverged)'}`),
      `history entry ${entry.id}`,
    ].join('\n'));
    return 0;
  });
}
