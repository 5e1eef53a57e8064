import { describe, expect, it } from 'vitest';
import { identifiesTruth, P_RESOLUTION, pickedSpread, pickedWithin, planIdentification, runIdentification, syntheticPairs } from '@core/plasticity/identification';
import { makePotential } from '@core/plasticity/potentials';

/**
 * The authors' synthetic identification test: 1000 synapses, 30 repeats, true potentials negative entropy, 2 and 3;
 * every (true potential, repeat) draws from its own stream.
 *
 * Measured with this implementation (seeds 0, 1, 2): negative entropy is identified (NE or p <= 1.2) in 29-30 of 30
 * repeats with either start. Neighbouring p differ by less than the dCDF noise at n = 1000, so the per-repeat pick
 * of a p-norm lies within 0.1 of the truth in only 15-28 of 30 repeats; within 0.2 (the test's real resolution,
 * P_RESOLUTION) in 29-30 of 30 for p = 2 with either start and p = 3 with a log-normal start, but in only 23, 26 and
 * 30 of 30 for p = 3 with a normal start, whose picks spread down to 2.7 (p = 3 is the grid's edge, so misses fall on
 * one side); within 0.3 in 30 of 30 everywhere. An independent numpy re-implementation of the authors'
 * robustness_plots gives the same per-repeat rate for p-norms at 1000 synapses (65-87 % within 0.1 over 60 repeats):
 * it is a property of the protocol, not of this code. With 10 000 synapses the dCDF noise drops below the difference
 * between neighbouring p, and every truth is found within 0.1 in p in 28 of 30 repeats or more.
 */
describe('synthetic identification (30 repeats; 1000 synapses unless stated)', () => {
  for (const init of ['lognormal', 'normal'] as const) {
    const summaries = runIdentification({ init, seed: 0 });

    it(`${init} start: negative entropy is identified (NE or p <= 1.2) in at least 28 of 30 repeats`, () => {
      const ne = summaries.find((s) => s.truePotential === 'negative-entropy');
      expect(ne?.repeats).toBe(30);
      expect(pickedWithin(ne!, 0.1)).toBeGreaterThanOrEqual(28);
    });

    for (const truth of ['negative-entropy', 'p=2', 'p=3']) {
      it(`${init} start, true ${truth}: the mean dCDF curve has its minimum at the truth`, () => {
        const s = summaries.find((x) => x.truePotential === truth);
        if (!s) throw new Error(`no summary for ${truth}`);
        let best = s.curve[0];
        for (const c of s.curve) if (c.mean < best.mean) best = c;
        expect(identifiesTruth(makePotential(truth === 'negative-entropy' ? { kind: 'negative-entropy' } : { kind: 'p-norm', p: Number(truth.slice(2)) }), best.hypothesis)).toBe(true);
        // The noise floor of dCDF at n = 1000 is ~0.035 (science note).
        expect(best.mean).toBeGreaterThan(0.02);
        expect(best.mean).toBeLessThan(0.05);
      });
    }

    it(`${init} start: p-norms are identified within 0.2 in p (p = 3 from a normal start: within 0.3), and the picks spread around the truth`, () => {
      for (const truth of ['p=2', 'p=3']) {
        const s = summaries.find((x) => x.truePotential === truth)!;
        const p = Number(truth.slice(2));
        if (init === 'normal' && truth === 'p=3') {
          expect(pickedWithin(s, 0.2)).toBeGreaterThanOrEqual(20);
          expect(pickedWithin(s, 0.3)).toBe(30);
        } else {
          expect(pickedWithin(s, 0.2), truth).toBeGreaterThanOrEqual(28);
        }
        const spread = pickedSpread(s)!;
        expect(spread.n).toBe(30);
        expect(Math.abs(spread.median - p)).toBeLessThanOrEqual(0.2 + 1e-9);
        expect(spread.min).toBeGreaterThanOrEqual(p - 0.3 - 1e-9);
        expect(spread.max).toBeLessThanOrEqual(p + 0.3 + 1e-9);
      }
    });
  }

  for (const init of ['lognormal', 'normal'] as const) {
    it(`${init} start, 10 000 synapses: every truth is identified within 0.1 in p (NE: NE or p <= 1.2) in at least 28 of 30 repeats`, () => {
      // measured (seed 0): 30/30 for every truth with a log-normal start; 30, 30 and 29 of 30 with a normal start
      for (const s of runIdentification({ init, seed: 0, synapses: 10_000 })) {
        expect(s.repeats, s.truePotential).toBe(30);
        expect(pickedWithin(s, 0.1), `${s.truePotential}: ${JSON.stringify(s.bestCounts)}`).toBeGreaterThanOrEqual(28);
      }
    });
  }

  it('pickedWithin: at the resolution (0.2 in p) it counts exactly the repeats marked correct; a looser tolerance never counts fewer', () => {
    expect(P_RESOLUTION).toBe(0.2);
    for (const s of runIdentification({ synapses: 200, repeats: 8, seed: 1, truePotentials: [{ kind: 'negative-entropy' }, { kind: 'euclidean' }, { kind: 'p-norm', p: 1.5 }, { kind: 'p-norm', p: 3 }] })) {
      expect(pickedWithin(s, 0.2), s.truePotential).toBe(s.correct);
      expect(pickedWithin(s, 0.1)).toBeLessThanOrEqual(s.correct);
      expect(pickedWithin(s, 0.3)).toBeGreaterThanOrEqual(s.correct);
      // A wide tolerance takes every pick on the p scale; for a p-norm truth a negative-entropy pick is never counted.
      expect(pickedWithin(s, 5)).toBe(s.repeats - (s.truePotential === 'negative-entropy' ? 0 : s.bestCounts['negative-entropy'] ?? 0));
    }
    // Negative entropy counts from p = 1.1: p = 1.3 is within 0.2, p = 1.4 is not.
    const ne = { truePotential: 'negative-entropy', repeats: 4, correct: 2, bestCounts: { 'negative-entropy': 1, 'p=1.2': 1, 'p=1.3': 1, 'p=1.4': 1 }, curve: [] };
    expect([pickedWithin(ne, 0.1), pickedWithin(ne, 0.2)]).toEqual([2, 3]);
  });

  it('negative-entropy pairs keep their signs; p-norm pairs may cross zero', () => {
    const ne = syntheticPairs({ potential: { kind: 'negative-entropy' }, repeat: 0, synapses: 1000, init: 'normal', weightScale: 0.1, changeScale: 0.1, seed: 3 });
    for (let i = 0; i < 1000; i++) expect(Math.sign(ne.after[i])).toBe(Math.sign(ne.before[i]));
    const p3 = syntheticPairs({ potential: { kind: 'p-norm', p: 3 }, repeat: 0, synapses: 1000, init: 'normal', weightScale: 0.1, changeScale: 0.1, seed: 3 });
    let flips = 0;
    for (let i = 0; i < 1000; i++) if (Math.sign(p3.after[i]) !== Math.sign(p3.before[i])) flips++;
    expect(flips).toBeGreaterThan(0);
  });

  it('every (true potential, repeat) draws from its own stream: the curves of different truths are independent samples', () => {
    const tasks = planIdentification({ synapses: 50, repeats: 3, seed: 7 });
    expect(tasks.map((t) => [t.potentialIndex, t.repeat])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2], [2, 0], [2, 1], [2, 2]]);
    // The starting weights do not depend on the true potential, so equal starts would mean shared draws.
    const starts = tasks.map((t) => Array.from(syntheticPairs(t).before));
    for (let a = 0; a < starts.length; a++) for (let b = a + 1; b < starts.length; b++) expect(starts[a]).not.toEqual(starts[b]);
    // The same task gives the same numbers wherever it runs.
    expect(syntheticPairs(tasks[4])).toEqual(syntheticPairs({ ...tasks[4] }));
  });

  it('identifiesTruth counts picks within 0.2 in p by default, negative entropy from p = 1.1', () => {
    const ne = makePotential({ kind: 'negative-entropy' });
    const p3 = makePotential({ kind: 'p-norm', p: 3 });
    expect(['negative-entropy', 'p=1.2', 'p=1.3'].every((b) => identifiesTruth(ne, b))).toBe(true);
    expect(identifiesTruth(ne, 'p=1.4')).toBe(false);
    expect(identifiesTruth(ne, 'p=1.3', 0.1)).toBe(false);
    expect(['p=2.8', 'p=3'].every((b) => identifiesTruth(p3, b))).toBe(true);
    expect(identifiesTruth(p3, 'p=2.7')).toBe(false);
    expect(identifiesTruth(p3, 'p=2.8', 0.1)).toBe(false);
  });

  it('pickedSpread: median, 5-95 % band and range of the picked p over repeats (negative entropy at p = 1)', () => {
    const spread = pickedSpread({ bestCounts: { 'p=2.8': 2, 'p=3': 5, 'p=2.9': 2, 'p=2.6': 1 } });
    expect(spread).toEqual({ median: 2.95, lo: 2.6 + 0.45 * 0.2, hi: 3, min: 2.6, max: 3, n: 10 });
    expect(pickedSpread({ bestCounts: { 'negative-entropy': 3, 'p=1.1': 1 } })?.median).toBe(1);
    expect(pickedSpread({ bestCounts: {} })).toBeNull();
  });
});
