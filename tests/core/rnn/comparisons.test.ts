import { describe, expect, it } from 'vitest';
import { compareCells, comparisonSentence, countSignificant, figure, pValue, significanceSummary, sweepComparisons } from '@core/rnn/comparisons';
import { mergeCell, type RnnSweepTaskResult } from '@core/rnn/sweep-cell';
import { welchTest } from '@core/stats/inference/means';
import { fisherExact } from '@core/stats/inference/proportions';
import { alphaOneWarning } from '@core/rnn/regime-warning';

/** A cell from per-seed final losses (solved below 0.1; NaN marks a diverged seed). */
function cell(gain: number, rule: 'eprop' | 'bptt', schedule: 'none' | 'pre', losses: number[], gradient: 'exact' | 'local' | null = schedule === 'none' ? null : 'exact') {
  const results = losses.map((loss, i): RnnSweepTaskResult => {
    const diverged = Number.isNaN(loss);
    return {
      index: i, gain, rule, schedule, gradient, seed: i + 1, lossCurve: [1, diverged ? 1 : loss], finalLoss: diverged ? null : loss, finalAccuracy: null,
      solved: !diverged && loss <= 0.1, iterationsToCriterion: null, learningCurveArea: diverged ? null : (1 + loss) / 2,
      lambdaMaxBefore: -0.1, lambdaMaxAfterFlossing: null, lambdaMaxAfter: 0, lambdaMaxAutonomousBefore: -0.1, lambdaMaxAutonomousAfterFlossing: null,
      lambdaMaxAutonomousAfter: 0, lambdaMaxDrivenBefore: -0.1, lambdaMaxDrivenAfterFlossing: null, lambdaMaxDrivenAfter: 0,
      weightChange: 0.5, weightChangeTraining: 0.5, diverged,
    };
  });
  return mergeCell(gain, rule, schedule, gradient, results.map((r) => r.index), (index) => results[index]);
}

describe('comparisons of sweep cells', () => {
  const plain = cell(0.5, 'eprop', 'none', [0.9, 0.8, 1, 0.05, 0.95, 0.85, 0.9, 0.02]);
  const flossed = cell(0.5, 'eprop', 'pre', [0.01, 0.3, 0.02, 0.05, 0.9, 0.01, 0.03, NaN]);

  it('Welch on the final losses and learning-curve areas of the seeds that did not diverge, Fisher on all seeds', () => {
    const c = compareCells('flossing', plain, flossed);
    const losses = (x: typeof plain) => x.runs.filter((r) => !r.diverged).map((r) => r.finalLoss!);
    expect(c.finalLoss).toEqual(welchTest(losses(plain), losses(flossed)));
    expect(c.finalLoss!.nB).toBe(7);
    expect(c.learningCurveArea).toEqual(welchTest(plain.runs.map((r) => r.learningCurveArea!), flossed.runs.filter((r) => !r.diverged).map((r) => r.learningCurveArea!)));
    expect(c.success).toEqual({ solvedA: 2, nA: 8, solvedB: 5, nB: 8, p: fisherExact(2, 8, 5, 8) });
    expect(c.significant).toBe(c.finalLoss!.p < 0.05);
    expect(c.significant).toBe(true);
  });

  it('words a significant comparison with its numbers, and says "does not change ... significantly" otherwise', () => {
    const sentence = comparisonSentence(compareCells('flossing', plain, flossed));
    expect(sentence).toMatch(/^e-prop at g = 0\.5: pre-flossing \(exact gradient\) lowers the final loss: 0\.684 -> 0\.189 \(difference -0\.495, 95 % CI -0\.\d+ to -0\.\d+; Welch p = 0\.0\d+\); mean training loss 0\.842 -> 0\.594 \(Welch p = 0\.0\d+\); solved 2\/8 -> 5\/8 \(Fisher p = 0\.3\d*\)\.$/);
    const same = comparisonSentence(compareCells('flossing', plain, cell(0.5, 'eprop', 'pre', [0.85, 0.9, 0.95, 0.04, 0.9, 0.8, 1, 0.1])));
    expect(same).toMatch(/pre-flossing \(exact gradient\) does not change the final loss significantly: .*Welch p = 0\.\d+\)/);
    const local = comparisonSentence(compareCells('flossing', plain, cell(0.5, 'eprop', 'pre', [0.85, 0.9, 0.95, 0.04, 0.9, 0.8, 1, 0.1], 'local')));
    expect(local).toMatch(/pre-flossing \(local rule\)/);
    const gain = comparisonSentence(compareCells('gain', plain, cell(3, 'eprop', 'none', [0.01, 0.02, 0.01, 0.03, 0.01, 0.02, 0.01, 0.02])));
    expect(gain).toMatch(/^e-prop with no flossing: gain 3 against 0\.5 lowers the final loss: 0\.684 -> 0\.0163 .*solved 2\/8 -> 8\/8 \(Fisher p = 0\.007\)\.$/);
    const tooFew = comparisonSentence(compareCells('flossing', cell(1, 'bptt', 'none', [0.5]), cell(1, 'bptt', 'pre', [0.4])));
    expect(tooFew).toMatch(/too few seeds without divergence to test the final loss; solved 0\/1 -> 0\/1/);
    expect(tooFew).not.toMatch(/mean training loss/); // one seed a side: no Welch test of the area either
  });

  it('a sweep compares every flossed cell with its unflossed twin and every variant at its smallest gain with its largest', () => {
    const cells = [0.5, 1, 3].flatMap((g) => [cell(g, 'eprop', 'none', [0.5, 0.6]), cell(g, 'eprop', 'pre', [0.4, 0.5]), cell(g, 'eprop', 'pre', [0.3, 0.5], 'local')]);
    const all = sweepComparisons(cells, [0.5, 1, 3]);
    expect(all.filter((c) => c.kind === 'flossing').map((c) => [c.gainA, c.gradient])).toEqual([
      [0.5, 'exact'], [0.5, 'local'], [1, 'exact'], [1, 'local'], [3, 'exact'], [3, 'local'],
    ]);
    expect(all.filter((c) => c.kind === 'gain').map((c) => [c.gainA, c.gainB, c.schedule, c.gradient])).toEqual([
      [0.5, 3, 'none', null], [0.5, 3, 'pre', 'exact'], [0.5, 3, 'pre', 'local'],
    ]);
    expect(sweepComparisons(cells.filter((c) => c.gain === 1), [1]).every((c) => c.kind === 'flossing')).toBe(true);
    const count = countSignificant(all);
    expect(significanceSummary(count)).toBe(`${count.significant} of 9 comparisons are significant at the 5 % level (about 0.45 expected by chance alone)`);
  });

  it('cells carry 95 % intervals: Wilson for the success rate, t for the mean final loss', () => {
    expect(plain.intervals.success).toMatchObject({ successes: 2, n: 8 });
    expect(plain.intervals.success.lo).toBeLessThan(0.25);
    expect(plain.intervals.finalLoss!.lo).toBeLessThan(plain.finalLoss!.mean);
    expect(flossed.intervals.finalLoss!.n).toBe(7);
    expect(flossed.success).toEqual({ solved: 5, n: 8 });
  });

  it('figures and p-values in words', () => {
    expect([figure(0.34012), figure(0.0012345), figure(12.345), figure(0)]).toEqual(['0.34', '0.00123', '12.3', '0']);
    expect([pValue(0.0004), pValue(0.0712), pValue(1)]).toEqual(['p < 0.001', 'p = 0.071', 'p = 1']);
  });

  it('warns at alpha = 1 when a trace-based rule is run', () => {
    expect(alphaOneWarning(1, ['bptt', 'eprop'])).toMatch(/At alpha = 1 the eligibility traces have no memory .* RFLO equals e-prop with random feedback/);
    expect(alphaOneWarning(1, ['bptt'])).toBeNull();
    expect(alphaOneWarning(0.2, ['rflo'])).toBeNull();
  });
});
