/**
 * The Gaussianity score that identifies a geometry (Pogodin et al. 2024, Sec. 4; linear_regression.py, plots.py and
 * finetuning_processing.py of the authors' code):
 *
 *   delta = grad_h(w_after) - grad_h(w_before)      for a hypothesised potential h
 *   z     = delta / std(delta)                      (sample std with N - 1 as torch.std; NOT centred)
 *   dCDF  = sum_k |F_emp(z_k) - Phi(z_k)| dz         on 1000 evenly spaced z_k in [-5, 5], F_emp(z) = #{z_i < z} / n
 *
 * Under the true geometry the dual change is a sum over many samples, hence ~Gaussian with mean ~0: dCDF is small
 * (noise floor ~0.035 at n = 1000). The hypothesis with the lowest dCDF is the inferred geometry. The authors' code
 * also computes a centred variant, z = (delta - mean) / std ("density_mse" beside "density_mse_uncentered"); their
 * figures use the uncentred one, and so does every verdict here. The centred one is reported beside it.
 *
 * Sign flips under negative entropy: the authors score every synapse with grad = sign(w)(log|w| + 1) on both sides,
 * so a weight that changed sign contributes a large dual change and raises the negative-entropy dCDF. That is right:
 * negative entropy can never change a sign, so a flip is the strongest evidence against it. Only exact zeros (log 0
 * undefined) are left out, and counted. The earlier rule of this app, which also left flips out, is kept only as a
 * labelled option (`signFlips: 'exclude'`); it roughly halves the negative-entropy score under p-norm truths.
 */
import { normalCdf } from '../stats/special';
import { makePotential, type Potential } from './potentials';

const GRID_POINTS = 1000;
const GRID_LO = -5;
const GRID_HI = 5;
const DZ = (GRID_HI - GRID_LO) / (GRID_POINTS - 1);
const GRID = Float64Array.from({ length: GRID_POINTS }, (_, k) => GRID_LO + k * DZ);
const PHI = Float64Array.from(GRID, (z) => normalCdf(z));

/** Both variants of the score: `dcdf` (uncentred, the paper's figures) and `centred` (z = (delta - mean) / std). */
export interface DcdfPair {
  dcdf: number;
  centred: number;
}

/** dCDF of already-computed dual changes. Throws on fewer than 2 values, non-finite values or zero spread. */
export function dcdfScore(delta: Float64Array): number {
  const { sorted, sd } = standardise(delta);
  return distanceToNormal(sorted, 0, sd);
}

/** The uncentred and the centred dCDF from one sort. */
export function dcdfScores(delta: Float64Array): DcdfPair {
  const { sorted, mean, sd } = standardise(delta);
  return { dcdf: distanceToNormal(sorted, 0, sd), centred: distanceToNormal(sorted, mean, sd) };
}

function standardise(delta: Float64Array): { sorted: Float64Array; mean: number; sd: number } {
  const n = delta.length;
  if (n < 2) throw new Error(`dCDF needs at least 2 synapses, got ${n}`);
  let mean = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(delta[i])) bad++;
    else mean += delta[i];
  }
  if (bad > 0) throw new Error(`dCDF: ${bad} of ${n} changes are not finite`);
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (delta[i] - mean) * (delta[i] - mean);
  const sd = Math.sqrt(ss / (n - 1));
  if (!(sd > 0)) throw new Error(`dCDF: all ${n} changes are equal (zero spread), the score is undefined`);
  return { sorted: Float64Array.from(delta).sort(), mean, sd };
}

/**
 * sum_k |F_emp(z_k) - Phi(z_k)| dz with z = (v - shift) / scale over `sorted` values. Subtracting a constant and
 * dividing by a positive one are monotone in floating point, so the z stay sorted.
 */
function distanceToNormal(sorted: Float64Array, shift: number, scale: number): number {
  const n = sorted.length;
  let below = 0;
  let total = 0;
  for (let k = 0; k < GRID_POINTS; k++) {
    const zk = GRID[k];
    while (below < n && (sorted[below] - shift) / scale < zk) below++;
    total += Math.abs(below / n - PHI[k]);
  }
  return total * DZ;
}

/** The paper's hypothesis grid: negative entropy and p = 1.1, 1.2, ..., 3.0 (p = 2 is Euclidean). */
export function defaultHypotheses(): Potential[] {
  const out: Potential[] = [makePotential({ kind: 'negative-entropy' })];
  for (let i = 1; i <= 20; i++) out.push(makePotential({ kind: 'p-norm', p: Number((1 + i / 10).toFixed(1)) }));
  return out;
}

/** The same verdict: negative entropy is the p -> 1 limit, so it and p <= 1.2 are not told apart. */
export function isNegativeEntropyLike(hypothesis: string): boolean {
  if (hypothesis === 'negative-entropy') return true;
  const m = /^p=([0-9.]+)$/.exec(hypothesis);
  return m !== null && Number(m[1]) <= 1.2 + 1e-9;
}

/**
 * How negative entropy treats weights that changed sign: 'keep' (default; the authors' definition, a flip counts
 * against negative entropy) or 'exclude' (this app's earlier rule: flips left out of its score, like exact zeros).
 */
export type SignFlipRule = 'keep' | 'exclude';

export interface ScoringOptions {
  signFlips?: SignFlipRule;
}

export interface HypothesisScore {
  hypothesis: string;
  /** The paper's (uncentred) dCDF. */
  dcdf: number;
  /** The centred variant, z = (delta - mean) / std (computed in the authors' code, not used in their figures). */
  dcdfCentred: number;
  /** ||delta|| / ||grad_h(w_before)|| over the synapses used: small-change regime if << 1. */
  changeMagnitude: number;
  /** Synapses used. */
  n: number;
  /** Synapses left out (negative entropy: exact zeros; sign flips too under the 'exclude' rule). */
  excluded: number;
}

/** Weights that changed sign (both values nonzero) and pairs with an exact zero on either side. */
export interface SignChanges {
  flips: number;
  zeros: number;
}

export function countSignChanges(before: Float64Array, after: Float64Array): SignChanges {
  let flips = 0;
  let zeros = 0;
  for (let i = 0; i < before.length; i++) {
    if (before[i] === 0 || after[i] === 0) zeros++;
    else if (before[i] > 0 !== after[i] > 0) flips++;
  }
  return { flips, zeros };
}

/**
 * Indices usable under `pot`: all for p-norms; for negative entropy those nonzero before and after (its dual
 * coordinate log|w| is undefined at 0), and under the 'exclude' rule only those that kept their sign.
 */
export function usableSynapses(pot: Potential, before: Float64Array, after: Float64Array, signFlips: SignFlipRule = 'keep'): Uint32Array {
  if (pot.allowsSignChange) return Uint32Array.from({ length: before.length }, (_, i) => i);
  const keepFlips = signFlips === 'keep';
  const idx: number[] = [];
  for (let i = 0; i < before.length; i++) {
    if (before[i] !== 0 && after[i] !== 0 && (keepFlips || before[i] > 0 === after[i] > 0)) idx.push(i);
  }
  return Uint32Array.from(idx);
}

export function checkPairs(before: Float64Array, after: Float64Array): void {
  if (before.length !== after.length) throw new Error(`before and after differ in length (${before.length} vs ${after.length})`);
  let bad = 0;
  for (let i = 0; i < before.length; i++) if (!Number.isFinite(before[i]) || !Number.isFinite(after[i])) bad++;
  if (bad > 0) throw new Error(`${bad} of ${before.length} synapse pairs contain a non-finite value`);
}

/** Dual change under `pot` on the given synapses, and ||grad_h(before)|| over them. */
export function dualChange(pot: Potential, before: Float64Array, after: Float64Array, idx: Uint32Array): { delta: Float64Array; initNorm: number } {
  const delta = new Float64Array(idx.length);
  let init = 0;
  for (let k = 0; k < idx.length; k++) {
    const g0 = pot.grad(before[idx[k]]);
    delta[k] = pot.grad(after[idx[k]]) - g0;
    init += g0 * g0;
  }
  return { delta, initNorm: Math.sqrt(init) };
}

/** ||delta|| / ||g0||, with the authors' guard against a zero start (denominator + 1e-10 when it is < 1e-10). */
export function relativeChange(delta: Float64Array, initNorm: number): number {
  let s = 0;
  for (let i = 0; i < delta.length; i++) s += delta[i] * delta[i];
  return Math.sqrt(s) / (initNorm + (initNorm < 1e-10 ? 1e-10 : 0));
}

export function scoreHypothesis(pot: Potential, before: Float64Array, after: Float64Array, options: ScoringOptions = {}): HypothesisScore {
  checkPairs(before, after);
  const rule = options.signFlips ?? 'keep';
  const idx = usableSynapses(pot, before, after, rule);
  const excluded = before.length - idx.length;
  if (idx.length < 2) {
    throw new Error(`${pot.name}: only ${idx.length} of ${before.length} synapses usable (${excluded} excluded as zeros${rule === 'exclude' ? ' or sign flips' : ''})`);
  }
  const { delta, initNorm } = dualChange(pot, before, after, idx);
  const { dcdf, centred } = dcdfScores(delta);
  return { hypothesis: pot.name, dcdf, dcdfCentred: centred, changeMagnitude: relativeChange(delta, initNorm), n: idx.length, excluded };
}

export interface GeometryScores {
  scores: HypothesisScore[];
  /** Lowest dCDF. */
  best: string;
  /** Synapses the negative-entropy hypothesis left out (exact zeros; flips too under the 'exclude' rule). */
  excluded: number;
  /** Weights that changed sign: impossible under negative entropy, whatever the rule. */
  signFlips: number;
  /** Pairs with an exact zero before or after (left out of negative entropy). */
  zeros: number;
  signFlipRule: SignFlipRule;
}

/**
 * Scores every hypothesis. When negative entropy cannot be scored (fewer than 2 usable synapses) it is left out of
 * the list instead of failing the whole analysis; `excluded` still reports how many synapses were dropped.
 */
export function scoreAllHypotheses(before: Float64Array, after: Float64Array, hypotheses: Potential[] = defaultHypotheses(), options: ScoringOptions = {}): GeometryScores {
  checkPairs(before, after);
  const rule = options.signFlips ?? 'keep';
  const scores: HypothesisScore[] = [];
  let excluded = 0;
  for (const pot of hypotheses) {
    if (!pot.allowsSignChange) {
      excluded = before.length - usableSynapses(pot, before, after, rule).length;
      if (before.length - excluded < 2) continue;
    }
    scores.push(scoreHypothesis(pot, before, after, { signFlips: rule }));
  }
  if (scores.length === 0) throw new Error('no hypothesis could be scored');
  let best = scores[0];
  for (const s of scores) if (s.dcdf < best.dcdf) best = s;
  const { flips, zeros } = countSignChanges(before, after);
  return { scores, best: best.hypothesis, excluded, signFlips: flips, zeros, signFlipRule: rule };
}

/** The plain-words note on sign flips that goes beside every verdict (null when no weight changed sign). */
export function signFlipNote(flips: number, total: number, rule: SignFlipRule = 'keep'): string | null {
  if (flips === 0) return null;
  const what = `${flips} of ${total} weights changed sign: impossible under negative entropy, whose updates never change a sign`;
  return rule === 'keep' ? `${what} (the flips count against it in its score)` : `${what} (left out of its score by the earlier rule, so that score ignores this evidence)`;
}
