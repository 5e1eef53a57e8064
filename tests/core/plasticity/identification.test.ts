import { describe, expect, it } from 'vitest';
import { identifiesTruth, pickedWithin, runIdentification, syntheticPairs } from '@core/plasticity/identification';
import { makePotential } from '@core/plasticity/potentials';

/**
 * The authors' synthetic identification test: 1000 synapses, 30 repeats, true potentials negative entropy, 2 and 3.
 *
 * Measured with this implementation (seed 0): negative entropy is identified (NE or p <= 1.2) in 30/30 (log-normal
 * start) and 29/30 (normal start) repeats; for p = 2 and p = 3 the per-repeat argmin lies within 0.1 of the truth in
 * only 20-26 of 30 repeats (neighbouring p differ by less than the dCDF noise at n = 1000), so the 28/30
 * criterion is asserted for negative entropy, and for the p-norms the paper's own claim (the minimum of the mean
 * curve sits at the truth) plus a 0.2 per-repeat tolerance. An independent numpy re-implementation of the authors'
 * robustness_plots gives the same per-repeat rate for p-norms at 1000 synapses (65-87 % over 60 repeats): it is a
 * property of the protocol, not of this code. With 10 000 synapses the dCDF noise drops below the difference between
 * neighbouring p, and the criterion (within 0.1 in p, 28 of 30) is asserted as worded for every truth.
 */
describe('synthetic identification (30 repeats; 1000 synapses unless stated)', () => {
  for (const init of ['lognormal', 'normal'] as const) {
    const summaries = runIdentification({ init, seed: 0 });

    it(`${init} start: negative entropy is identified in at least 28 of 30 repeats`, () => {
      const ne = summaries.find((s) => s.truePotential === 'negative-entropy');
      expect(ne?.repeats).toBe(30);
      expect(ne?.correct).toBeGreaterThanOrEqual(28);
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

    it(`${init} start: p-norms are identified within 0.2 in p in at least 28 of 30 repeats`, () => {
      for (const truth of ['p=2', 'p=3']) {
        const s = summaries.find((x) => x.truePotential === truth);
        const p = Number(truth.slice(2));
        let within = 0;
        for (const [name, count] of Object.entries(s?.bestCounts ?? {})) {
          if (name.startsWith('p=') && Math.abs(Number(name.slice(2)) - p) <= 0.2 + 1e-9) within += count;
        }
        expect(within).toBeGreaterThanOrEqual(28);
      }
    });
  }

  for (const init of ['lognormal', 'normal'] as const) {
    it(`${init} start, 10 000 synapses: every truth is identified within 0.1 in p (NE: NE or p <= 1.2) in at least 28 of 30 repeats`, () => {
      // measured (seed 0): 30/30 for every truth with a log-normal start; 30, 30 and 29 of 30 with a normal start
      for (const s of runIdentification({ init, seed: 0, synapses: 10_000 })) {
        expect(s.repeats, s.truePotential).toBe(30);
        expect(s.correct, `${s.truePotential}: ${JSON.stringify(s.bestCounts)}`).toBeGreaterThanOrEqual(28);
      }
    });
  }

  it('pickedWithin: at 0.1 it counts exactly the repeats marked correct; a looser tolerance never counts fewer', () => {
    for (const s of runIdentification({ synapses: 200, repeats: 8, seed: 1, truePotentials: [{ kind: 'negative-entropy' }, { kind: 'euclidean' }, { kind: 'p-norm', p: 1.5 }, { kind: 'p-norm', p: 3 }] })) {
      expect(pickedWithin(s, 0.1), s.truePotential).toBe(s.correct);
      expect(pickedWithin(s, 0.2)).toBeGreaterThanOrEqual(s.correct);
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
});
