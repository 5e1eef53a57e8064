/**
 * How many synapses an experiment needs to tell two geometries apart, simulated from the fitted model.
 *
 * Fitted model under the leading hypothesis h1: starting weights resampled from the measured "before" values, dual
 * change Gaussian with the measured mean and spread of grad_h1(after) - grad_h1(before), mapped back through h1. For
 * each sample size on a doubling grid we simulate experiments and count how often the dCDF test ranks h1 below the
 * rival h2. The required size is the smallest n on the grid where that happens in >= 95 % of experiments.
 */
import type { JobContext } from '../runtime/context';
import { createRng } from '../random/rng';
import { dcdfScore, dualChange, usableSynapses, type SignFlipRule } from './dcdf';
import { potentialFromName } from './potentials';

export interface PowerAnalysis {
  compare: [string, string];
  /** Smallest n on the grid with power >= target, or null if not reached up to maxSynapses. */
  requiredSynapses: number | null;
  target: number;
  curve: { synapses: number; power: number }[];
  /** The fitted dual change under the leading hypothesis. */
  model: { mean: number; sd: number };
}

export interface PowerOptions {
  replicates: number;
  maxSynapses: number;
  seed: number;
  target?: number;
  /** How the negative-entropy score treats sign flips (default 'keep', the authors' definition). */
  signFlips?: SignFlipRule;
}

/** Streams of the power simulation, far from the bootstrap's 1 + r. */
const POWER_STREAM = 0x40000000;

export function geometryPower(before: Float64Array, after: Float64Array, leader: string, rival: string, opts: PowerOptions, ctx?: JobContext): PowerAnalysis {
  const h1 = potentialFromName(leader);
  const h2 = potentialFromName(rival);
  const target = opts.target ?? 0.95;
  const rule = opts.signFlips ?? 'keep';
  const idx = usableSynapses(h1, before, after, rule);
  if (idx.length < 3) throw new Error(`power analysis: only ${idx.length} synapses usable under ${h1.name}`);
  const { delta } = dualChange(h1, before, after, idx);
  let mean = 0;
  for (const v of delta) mean += v;
  mean /= delta.length;
  let ss = 0;
  for (const v of delta) ss += (v - mean) ** 2;
  const sd = Math.sqrt(ss / (delta.length - 1));
  if (!(sd > 0)) throw new Error(`power analysis: the ${delta.length} dual changes under ${h1.name} have zero spread`);
  const starts = Float64Array.from(idx, (i) => before[i]);

  const sizes: number[] = [];
  for (let n = 25; n <= opts.maxSynapses; n *= 2) sizes.push(n);
  const curve: { synapses: number; power: number }[] = [];
  let required: number | null = null;
  for (let s = 0; s < sizes.length && required === null; s++) {
    const n = sizes[s];
    let wins = 0;
    let valid = 0;
    const b = new Float64Array(n);
    const a = new Float64Array(n);
    for (let r = 0; r < opts.replicates; r++) {
      if (r % 10 === 0) ctx?.checkCancelled();
      const rng = createRng(opts.seed, POWER_STREAM + s * 100_003 + r);
      for (let i = 0; i < n; i++) {
        const w = starts[rng.int(starts.length)];
        b[i] = w;
        a[i] = h1.invGrad(h1.grad(w) + mean + sd * rng.normal(), Math.sign(w));
      }
      const s1 = scoreOrNull(h1, b, a, rule);
      const s2 = scoreOrNull(h2, b, a, rule);
      if (s1 === null) continue;
      valid++;
      // A rival that cannot even be scored (e.g. NE with every synapse flipped) counts as separated.
      if (s2 === null || s1 < s2) wins++;
    }
    const power = valid > 0 ? wins / valid : 0;
    curve.push({ synapses: n, power });
    if (power >= target) required = n;
    ctx?.report({ fraction: (s + 1) / sizes.length, metrics: { synapses: n, power } });
  }
  ctx?.report({ fraction: 1, metrics: { requiredSynapses: required ?? -1 } });
  return { compare: [h1.name, h2.name], requiredSynapses: required, target, curve, model: { mean, sd } };
}

function scoreOrNull(pot: ReturnType<typeof potentialFromName>, before: Float64Array, after: Float64Array, rule: SignFlipRule): number | null {
  const idx = usableSynapses(pot, before, after, rule);
  if (idx.length < 2) return null;
  try {
    return dcdfScore(dualChange(pot, before, after, idx).delta);
  } catch {
    return null;
  }
}
