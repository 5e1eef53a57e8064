/**
 * The geometry test on a recurrent network trained by mirror descent (optimiser.potential): every hypothesis of
 * the dCDF score (plasticity/dcdf.ts: negative entropy, p = 1.1 ... 3) on the recurrent weights W, from the start of
 * task training (after any pre-flossing) to its end, as the authors read the geometry off their RNN's weight_hh
 * (finetuning_processing_rnn.py). The weights before and after travel with the result, so the full geometry test
 * (bootstrap CIs, resolution, power) and the final-distribution fit can be run on them later.
 */
import { dualCoordinates, makePotential, type PotentialSpec } from '../plasticity/potentials';
import { relativeChange, scoreAllHypotheses, type HypothesisScore } from '../plasticity/dcdf';
import { geometryVerdict, type GeometryVerdict } from '../plasticity/geometry-test';

export interface RnnGeometry {
  /** The weights read: the recurrent matrix W (N x N, row i = postsynaptic unit). */
  weights: 'recurrent';
  /** The potential the network was trained with. */
  potential: string;
  synapses: number;
  scores: HypothesisScore[];
  best: string;
  verdict: GeometryVerdict;
  /** Weights that changed sign (impossible under negative entropy), pairs with an exact zero, and the synapses
   *  left out of the negative-entropy score (the zeros). */
  signFlips: number;
  zeros: number;
  excluded: number;
  /** ||grad_phi(W_after) - grad_phi(W_before)|| / ||grad_phi(W_before)|| under the training potential: the paper's
   *  small-change regime when << 1. */
  changeMagnitude: number;
  weightsBefore: Float64Array;
  weightsAfter: Float64Array;
}

/** Null when no recurrent weight moved (e.g. zero iterations): there is no change to score. */
export function recurrentGeometry(potential: PotentialSpec, before: Float64Array, after: Float64Array): RnnGeometry | null {
  let moved = false;
  for (let i = 0; i < before.length && !moved; i++) moved = before[i] !== after[i];
  if (!moved) return null;
  const pot = makePotential(potential);
  const s = scoreAllHypotheses(before, after);
  const dualBefore = dualCoordinates(pot, before);
  const delta = Float64Array.from(dualCoordinates(pot, after), (v, i) => v - dualBefore[i]);
  let init = 0;
  for (const v of dualBefore) init += v * v;
  return {
    weights: 'recurrent',
    potential: pot.name,
    synapses: before.length,
    scores: s.scores,
    best: s.best,
    verdict: geometryVerdict(s.best, s.signFlips),
    signFlips: s.signFlips,
    zeros: s.zeros,
    excluded: s.excluded,
    changeMagnitude: relativeChange(delta, Math.sqrt(init)),
    weightsBefore: before.slice(),
    weightsAfter: after.slice(),
  };
}
