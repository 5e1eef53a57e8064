import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countSignChanges, scoreAllHypotheses, scoreHypothesis, signFlipNote } from '@core/plasticity/dcdf';
import { runGeometryTest } from '@core/plasticity/geometry-test';
import { makePotential, potentialFromName } from '@core/plasticity/potentials';

/** Hand-built pairs with 30 sign flips and 4 exact zeros, scored by tests/fixtures/plasticity/generate_sign_flips.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ref: any = JSON.parse(readFileSync(fileURLToPath(new URL('../../fixtures/plasticity/sign-flips-reference.json', import.meta.url)), 'utf8'));
const before = Float64Array.from(ref.before as number[]);
const after = Float64Array.from(ref.after as number[]);
const ne = makePotential({ kind: 'negative-entropy' });

function expectScore(actual: { dcdf: number; dcdfCentred: number; changeMagnitude: number; n: number }, expected: typeof ref.negativeEntropy) {
  expect(actual.n).toBe(expected.n);
  expect(actual.dcdf).toBeCloseTo(expected.dcdf, 12);
  expect(actual.dcdfCentred).toBeCloseTo(expected.dcdfCentred, 12);
  expect(actual.changeMagnitude).toBeCloseTo(expected.changeMagnitude, 12);
}

describe('negative-entropy score with sign flips (the authors\' definition)', () => {
  it('counts the hand-built flips and zeros', () => {
    expect(countSignChanges(before, after)).toEqual({ flips: ref.flips, zeros: ref.zeros });
    expect(ref.flips).toBe(30);
  });

  it('keeps every flip: equals sign(w)(log|w| + 1) on both sides computed by numpy, only exact zeros left out', () => {
    const s = scoreHypothesis(ne, before, after);
    expectScore(s, ref.negativeEntropy);
    expect(s.excluded).toBe(ref.zeros);
  });

  it('the earlier rule (flips left out) is an option, and it hides the evidence: the score drops', () => {
    const s = scoreHypothesis(ne, before, after, { signFlips: 'exclude' });
    expectScore(s, ref.negativeEntropyFlipsExcluded);
    expect(s.excluded).toBe(ref.zeros + ref.flips);
    expect(ref.negativeEntropyFlipsExcluded.dcdf).toBeLessThan(ref.negativeEntropy.dcdf / 4);
  });

  it('p-norm hypotheses use every pair, zeros included, on both variants of dCDF', () => {
    for (const name of ['p=1.5', 'p=2', 'p=3']) expectScore(scoreHypothesis(potentialFromName(name), before, after), ref.pNorm[name]);
  });

  it('scoreAllHypotheses and the geometry test report the flips with the verdict and say they are impossible under negative entropy', () => {
    const all = scoreAllHypotheses(before, after);
    expect(all.signFlips).toBe(30);
    expect(all.zeros).toBe(4);
    expect(all.excluded).toBe(4);
    expect(all.signFlipRule).toBe('keep');
    const test = runGeometryTest(before, after, { bootstrap: 0, powerReplicates: 0 });
    expect(test.signFlips).toBe(30);
    expect(test.scores.find((s) => s.hypothesis === 'negative-entropy')?.dcdf).toBeCloseTo(ref.negativeEntropy.dcdf, 12);
    // With the flips kept, 30 impossible changes out of 596 lift negative entropy far above the noise floor (~0.035
    // at this size); every p-norm fits worse still, so it stays the best, and the verdict says what the flips mean.
    expect(test.best).toBe('negative-entropy');
    expect(test.verdict.label).toMatch(/30 weights changed sign, which negative entropy forbids/);
    const old = runGeometryTest(before, after, { bootstrap: 0, powerReplicates: 0, signFlips: 'exclude' });
    expect(old.signFlipRule).toBe('exclude');
    expect(old.excluded).toBe(34);
    expect(old.scores.find((s) => s.hypothesis === 'negative-entropy')?.dcdf).toBeLessThan(0.05);
    expect(old.verdict.label).toMatch(/30 weights changed sign/);
    expect(signFlipNote(30, 600)).toMatch(/^30 of 600 weights changed sign: impossible under negative entropy/);
    expect(signFlipNote(30, 600, 'exclude')).toMatch(/left out of its score by the earlier rule/);
    expect(signFlipNote(0, 600)).toBeNull();
  });
});
