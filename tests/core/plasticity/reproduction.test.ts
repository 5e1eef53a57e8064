import { describe, expect, it } from 'vitest';
import { isNegativeEntropyLike } from '@core/plasticity/dcdf';
import { mergeWidthSweep, planWidthSweep, runWidthSweepTask, type WidthSweepCurve } from '@core/plasticity/width-sweep';

/**
 * The paper's linear-regression result (Fig. 2; issue 4 "Done when"): c = 2, N = sqrt(D), 30 seeds, true potentials
 * negative entropy, 2-norm and 3-norm, scored at D = 300 and D = 3000.
 */
function sweepAt(dim: number): WidthSweepCurve[] {
  const tasks = planWidthSweep({ minDim: dim, maxDim: dim, widths: 1, seeds: 30, samplesExponents: [0.5], correlations: [2] });
  return mergeWidthSweep(tasks.map((t) => runWidthSweepTask(t)));
}

const median = (curve: WidthSweepCurve, hypothesis: string): number => {
  const h = curve.hypotheses.find((x) => x.hypothesis === hypothesis);
  if (!h || !h.dcdf[0]) throw new Error(`no score for ${hypothesis}`);
  return h.dcdf[0].median;
};

const trio = ['negative-entropy', 'p=2', 'p=3'];

describe('width sweep reproduces the paper (c = 2, N = sqrt(D), 30 seeds)', () => {
  const at3000 = sweepAt(3000);
  const at300 = sweepAt(300);

  for (const truth of trio) {
    it(`true ${truth}: lowest median dCDF at D = 3000, every wrong one of {NE, 2, 3} at least 5x higher`, () => {
      const curve = at3000.find((c) => c.truePotential === truth) as WidthSweepCurve;
      expect(curve.notConverged[0]).toBe(0);
      const own = median(curve, truth);
      for (const other of trio.filter((o) => o !== truth)) expect(median(curve, other)).toBeGreaterThan(5 * own);
      // Over the whole grid the minimum sits at the truth (within 0.1 in p; NE or p <= 1.2 for negative entropy).
      let best = curve.hypotheses[0];
      for (const h of curve.hypotheses) if ((h.dcdf[0]?.median ?? Infinity) < (best.dcdf[0]?.median ?? Infinity)) best = h;
      if (truth === 'negative-entropy') expect(isNegativeEntropyLike(best.hypothesis)).toBe(true);
      else expect(Math.abs(Number(best.hypothesis.slice(2)) - Number(truth.slice(2)))).toBeLessThanOrEqual(0.1 + 1e-9);
    });

    it(`true ${truth}: its score falls from D = 300 to D = 3000`, () => {
      const small = at300.find((c) => c.truePotential === truth) as WidthSweepCurve;
      const large = at3000.find((c) => c.truePotential === truth) as WidthSweepCurve;
      expect(median(large, truth)).toBeLessThan(median(small, truth));
    });
  }
});
