/**
 * The paper's RNN experiment from the Geometry tab (job md-rnn, src-core/rnn/mirror-experiment.ts): a tanh RNN reads
 * drawn digits row by row, is pre-trained and then fine-tuned on a fixed set of images by mirror descent under the
 * chosen potential, and the geometry test reads the potential off its recurrent weights. The form holds the
 * experiment's own sizes; the potential and the seed are the Geometry form's. Pure functions, tested without mounting.
 */
import type { PotentialSpec } from '@core/plasticity/potentials';
import type { RnnGeometryResult } from '@core/rnn/mirror-experiment';
import type { RuleName } from '@core/rnn/schema';
import { suggestedMirrorLearningRate } from '@core/rnn/mirror-step';
import { RULES } from './rnn-forms';

export interface RnnGeometryForm {
  /** Recurrent units N: the test reads N^2 recurrent weights. */
  n: number;
  /** Image side in pixels (one row per step) and the number of digit classes. */
  imageSize: number;
  classes: number;
  rule: RuleName;
  pretrainIterations: number;
  /** Fine-tuning images K; 0 = N (the paper's N = sqrt(D) samples). */
  trainingSet: number;
  iterations: number;
  /** 0 = pick from the grid (0.003 ... 0.3, five rates) by the lowest final fine-tuning loss. */
  learningRate: number;
}

/** The core's defaults (rnnGeometrySchema): a few seconds for the five rates on two cores. */
export const DEFAULT_RNN_GEOMETRY_FORM: RnnGeometryForm = {
  n: 32, imageSize: 14, classes: 10, rule: 'bptt', pretrainIterations: 300, trainingSet: 0, iterations: 150, learningRate: 0,
};

/** ModProp needs Dale's law, which this experiment does not set up. */
export const RNN_GEOMETRY_RULES = RULES.filter((r) => r.value !== 'modprop');

export function rnnGeometryConfig(form: RnnGeometryForm, potential: PotentialSpec, seed: number) {
  return {
    n: form.n,
    imageSize: form.imageSize,
    classes: form.classes,
    rule: form.rule,
    potential,
    pretrainIterations: form.pretrainIterations,
    iterations: form.iterations,
    seed,
    ...(form.trainingSet > 0 ? { trainingSet: form.trainingSet } : {}),
    ...(form.learningRate > 0 ? { learningRate: form.learningRate } : {}),
  };
}

/** The hint under the learning-rate field: what 0 means and the rate that trains this potential (steps differ in
 *  scale by potential, dw ~ -lr g / f''(w)). */
export function mirrorRateHint(potential: PotentialSpec): string {
  return `0 = try 0.003 – 0.3 (5 rates); about ${suggestedMirrorLearningRate(potential)} trains this potential`;
}

export function readRnnGeometryResult(value: unknown): RnnGeometryResult | null {
  const r = value as Partial<RnnGeometryResult> | null;
  const g = r?.run?.geometry;
  if (!r || typeof r.lr !== 'number' || !Array.isArray(r.rates) || !r.run?.lossCurve || !g || !Array.isArray(g.scores) || !g.weightsBefore || !g.weightsAfter) return null;
  return r as RnnGeometryResult;
}
