import { suggestedMirrorLearningRate } from '@core/rnn/mirror-step';
import type { RnnTrainResult } from '@core/rnn/train';
import { signFlipNote } from '@core/plasticity/index';
import { CliError } from '../io';
import { intOption, numberOption } from '../options';
import { potentialOption } from '../potential-option';

/**
 * The options of `rnn train` / `rnn sweep` for the geometry of plasticity (issue 13): mirror descent under a
 * potential for every training rule, and the row-wise image task. Kept apart from rnn-train-options.ts, which calls
 * these.
 */
export const MIRROR_OPTIONS_USAGE = `    Geometry:   --potential negative-entropy|euclidean|p-norm [--p 3]: mirror descent, the update of every rule applied
                in the dual space of the potential (SGD with momentum on the raw gradient, the paper's optimiser; implies
                --optimiser sgd; W, U and V follow the potential, biases take plain steps). Default --learning-rate
                then depends on the potential (negative entropy 0.3, euclidean 0.1, p = 3 0.03). The result adds
                "geometry": every hypothesis scored by dCDF on the recurrent weights W before and after training.
    row-images: --image-size 14 (T = rows, inputs = columns) --classes 10 --training-set 0 (a fixed set of so many
                images, the paper's interpolation regime; 0 = fresh images every batch) --data-seed 0 --image-noise 0.1`;

export const mirrorOptionNames = ['potential', 'p', 'image-size', 'classes', 'training-set', 'data-seed', 'image-noise'] as const;
const imageOptions = ['image-size', 'classes', 'training-set', 'data-seed', 'image-noise'] as const;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

/** The row-images task's settings given on the command line (absent ones keep the schema's defaults). */
export function rowImagesOptions(values: Values, kind: string): Record<string, number> {
  const given = imageOptions.filter((o) => values[o] !== undefined);
  if (kind !== 'row-images') {
    if (given.length > 0) throw new CliError(`--${given[0]} applies to --task row-images, not to ${kind}`, 2);
    return {};
  }
  const out: Record<string, number> = {};
  if (values['image-size'] !== undefined) out.size = intOption('image-size', text(values, 'image-size'), 14, 6, 28);
  if (values.classes !== undefined) out.classes = intOption('classes', text(values, 'classes'), 10, 2, 10);
  if (values['training-set'] !== undefined) out.trainingSet = intOption('training-set', text(values, 'training-set'), 0, 0, 100_000);
  if (values['data-seed'] !== undefined) out.dataSeed = intOption('data-seed', text(values, 'data-seed'), 0, 0, 2 ** 32 - 1);
  if (values['image-noise'] !== undefined) out.noiseStd = numberOption('image-noise', text(values, 'image-noise'), 0.1, (v) => v >= 0, 'a number >= 0');
  return out;
}

/** The optimiser with --potential: mirror descent (SGD kind), its learning rate defaulting by potential. */
export function withPotential<T extends { kind: 'adam' | 'sgd'; learningRate: number }>(values: Values, optimiser: T): T & { potential?: unknown } {
  const potential = potentialOption(values, false);
  if (potential === null) return optimiser;
  if (values.optimiser !== undefined && values.optimiser !== 'sgd') {
    throw new CliError(`--potential trains by mirror descent, SGD with momentum in the dual space: it needs --optimiser sgd, not ${String(values.optimiser)}`, 2);
  }
  const learningRate = values['learning-rate'] === undefined ? suggestedMirrorLearningRate(potential) : optimiser.learningRate;
  return { ...optimiser, kind: 'sgd', learningRate, potential };
}

const fmt = (v: number) => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(4) : v.toExponential(3));

/** The geometry block of a mirror-descent run, for the human-readable report. */
export function geometryLines(r: RnnTrainResult): string[] {
  const g = r.geometry;
  if (!g) return [];
  const shown = g.scores.filter((s) => ['negative-entropy', 'p=1.5', 'p=2', 'p=2.5', 'p=3', g.best, g.potential].includes(s.hypothesis));
  const note = signFlipNote(g.signFlips, g.synapses);
  return [
    `geometry of the recurrent weights W (${g.synapses} synapses, trained with ${g.potential}): best ${g.best} - ${g.verdict.label}`,
    `change magnitude ${fmt(g.changeMagnitude)} (||dual change|| / ||dual start|| under ${g.potential}; the paper's small-change regime when << 1)`,
    ...(note ? [note] : []),
    `dCDF: ${shown.map((s) => `${s.hypothesis} ${fmt(s.dcdf)}`).join(', ')}`,
  ];
}
