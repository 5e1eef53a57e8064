/**
 * The comparisons a sweep is read by, each with its test, so that every statement the app makes about flossing or
 * gain follows from the numbers beside it (issue 14):
 *   flossing  every flossed cell against the cell without flossing at the same gain and rule (same seeds);
 *   gain      every rule and flossing variant at its smallest gain against its largest.
 * Final loss and the area under the learning curve by Welch's t test over the seeds that did not diverge, the success
 * rate by Fisher's exact test over all seeds. A comparison is "significant" when the final loss differs at the 5 %
 * level (two-sided); the sentence says "not significant" otherwise, and the sweep says how many of its comparisons
 * are significant, since about 1 in 20 would be by chance. Welch ignores the pairing by seed (the two cells share
 * their initial weights and task batches), which makes it conservative.
 */
import { welchTest, type WelchResult } from '../stats/inference/means';
import { fisherExact } from '../stats/inference/proportions';
import type { RuleName } from './schema';
import type { RnnSweepCell } from './sweep-cell';

export const SIGNIFICANCE_LEVEL = 0.05;

export interface RnnComparison {
  kind: 'flossing' | 'gain';
  rule: RuleName;
  /** Cell B's flossing variant (for 'gain', both cells'). */
  schedule: RnnSweepCell['schedule'];
  gradient: RnnSweepCell['gradient'];
  /** A is the reference (no flossing, or the smallest gain), B the other; differences are B - A. */
  gainA: number;
  gainB: number;
  finalLoss: WelchResult | null;
  learningCurveArea: WelchResult | null;
  success: { solvedA: number; nA: number; solvedB: number; nB: number; p: number };
  /** Final loss differs at the 5 % level. */
  significant: boolean;
}

export interface ComparisonCount { significant: number; total: number }

const seedValues = (cell: RnnSweepCell, key: 'finalLoss' | 'learningCurveArea') =>
  cell.runs.filter((r) => !r.diverged).map((r) => r[key]).filter((v): v is number => v !== null && Number.isFinite(v));

export function compareCells(kind: RnnComparison['kind'], a: RnnSweepCell, b: RnnSweepCell): RnnComparison {
  const finalLoss = welchTest(seedValues(a, 'finalLoss'), seedValues(b, 'finalLoss'));
  return {
    kind, rule: b.rule, schedule: b.schedule, gradient: b.gradient ?? (b.schedule === 'none' ? null : 'exact'), gainA: a.gain, gainB: b.gain,
    finalLoss,
    learningCurveArea: welchTest(seedValues(a, 'learningCurveArea'), seedValues(b, 'learningCurveArea')),
    success: {
      solvedA: a.success.solved, nA: a.success.n, solvedB: b.success.solved, nB: b.success.n,
      p: fisherExact(a.success.solved, a.success.n, b.success.solved, b.success.n),
    },
    significant: finalLoss !== null && finalLoss.p < SIGNIFICANCE_LEVEL,
  };
}

const sameVariant = (a: RnnSweepCell, b: RnnSweepCell) => a.schedule === b.schedule && (a.gradient ?? null) === (b.gradient ?? null);

export function sweepComparisons(cells: RnnSweepCell[], gains: number[]): RnnComparison[] {
  const out: RnnComparison[] = [];
  for (const cell of cells) {
    if (cell.schedule === 'none') continue;
    const plain = cells.find((c) => c.gain === cell.gain && c.rule === cell.rule && c.schedule === 'none');
    if (plain) out.push(compareCells('flossing', plain, cell));
  }
  if (gains.length >= 2) {
    const lo = Math.min(...gains), hi = Math.max(...gains);
    for (const small of cells.filter((c) => c.gain === lo)) {
      const large = cells.find((c) => c.gain === hi && c.rule === small.rule && sameVariant(c, small));
      if (large) out.push(compareCells('gain', small, large));
    }
  }
  return out;
}

export function countSignificant(comparisons: RnnComparison[]): ComparisonCount {
  return { significant: comparisons.filter((c) => c.significant).length, total: comparisons.length };
}

// ---- words ----

const RULE_NAMES: Record<string, string> = {
  bptt: 'BPTT', eprop: 'e-prop', 'eprop-random': 'e-prop (random feedback)', rflo: 'RFLO', 'rflo-symmetric': 'RFLO (symmetric feedback)', modprop: 'ModProp',
};
const SCHEDULE_NAMES: Record<string, string> = { pre: 'pre-flossing', inter: 'flossing between phases', continuous: 'continuous flossing', none: 'no flossing' };

export function ruleName(rule: string): string {
  return RULE_NAMES[rule] ?? rule;
}

/** "pre-flossing (exact gradient)", "no flossing". */
export function variantName(schedule: string, gradient: string | null | undefined): string {
  const name = SCHEDULE_NAMES[schedule] ?? schedule;
  return schedule === 'none' ? name : `${name} (${gradient === 'local' ? 'local rule' : 'exact gradient'})`;
}

/** Three significant digits, no padding zeros (0.34, 0.0012, 12.3). */
export function figure(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  return String(Number(x.toPrecision(3)));
}

export function pValue(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${String(Number(p.toPrecision(2)))}`;
}

const signed = (x: number) => (x > 0 ? `+${figure(x)}` : figure(x));

/**
 * One sentence a scientist can quote, e.g. "e-prop at g = 0.5: pre-flossing (exact gradient) lowers the final loss:
 * 0.78 -> 0.34 (difference -0.44, 95 % CI -0.71 to -0.17; Welch p = 0.002); mean training loss 0.95 -> 0.64 (Welch
 * p < 0.001); solved 5/20 -> 14/20 (Fisher p = 0.01)." or "... does not change the final loss significantly: ...".
 * The verdict word follows the final loss; the other two tests are printed beside it. The interface passes '→'.
 */
export function comparisonSentence(c: RnnComparison, arrow = '->'): string {
  const subject = c.kind === 'flossing'
    ? `${ruleName(c.rule)} at g = ${figure(c.gainA)}: ${variantName(c.schedule, c.gradient)}`
    : `${ruleName(c.rule)} with ${variantName(c.schedule, c.gradient)}: gain ${figure(c.gainB)} against ${figure(c.gainA)}`;
  const s = c.success;
  const a = c.learningCurveArea;
  // The area under the learning curve (as the mean training loss) and the success rate, each with its own test.
  const others = [
    ...(a === null ? [] : [`mean training loss ${figure(a.meanA)} ${arrow} ${figure(a.meanB)} (Welch ${pValue(a.p)})`]),
    `solved ${s.solvedA}/${s.nA} ${arrow} ${s.solvedB}/${s.nB} (Fisher ${pValue(s.p)})`,
  ].join('; ');
  const w = c.finalLoss;
  if (w === null) return `${subject}: too few seeds without divergence to test the final loss; ${others}.`;
  const numbers = `${figure(w.meanA)} ${arrow} ${figure(w.meanB)} (difference ${signed(w.difference)}, 95 % CI ${figure(w.lo)} to ${figure(w.hi)}; Welch ${pValue(w.p)})`;
  if (!c.significant) return `${subject} does not change the final loss significantly: ${numbers}; ${others}.`;
  return `${subject} ${w.difference < 0 ? 'lowers' : 'raises'} the final loss: ${numbers}; ${others}.`;
}

/** "3 of 12 comparisons are significant at the 5 % level (about 0.6 expected by chance)". */
export function significanceSummary(count: ComparisonCount): string {
  return `${count.significant} of ${count.total} comparison${count.total === 1 ? '' : 's'} ${count.significant === 1 ? 'is' : 'are'} significant at the 5 % level (about ${figure(SIGNIFICANCE_LEVEL * count.total)} expected by chance alone)`;
}
