import { describe, expect, it } from 'vitest';
import { createTask } from '@core/rnn/tasks';
import { rnnTaskSchema } from '@core/rnn/schema';
import { DIGIT_GLYPHS } from '@core/rnn/tasks/digit-glyphs';
import { renderDigit } from '@core/rnn/tasks/row-images';
import { createRng } from '@core/random/rng';

const task = (extra: Record<string, unknown> = {}) => createTask(rnnTaskSchema.parse({ kind: 'row-images', size: 12, classes: 10, ...extra }));
const labelOf = (b: ReturnType<ReturnType<typeof task>['sample']>, r: number) => {
  const last = (b.steps - 1) * b.batch + r;
  return Array.from(b.target.subarray(last * b.nOut, (last + 1) * b.nOut)).indexOf(1);
};

describe('row-wise digits (the in-app stand-in for row-wise MNIST)', () => {
  it('one image row per step, one input per column, the class scored by cross-entropy at the last step only', () => {
    const t = task();
    expect([t.nIn, t.nOut, t.steps]).toEqual([12, 10, 12]);
    const b = t.sample(createRng(1), 5);
    expect(b).toMatchObject({ steps: 12, batch: 5, nIn: 12, nOut: 10, loss: 'cross-entropy', accuracy: 'argmax' });
    for (let s = 0; s < 12; s++) {
      for (let r = 0; r < 5; r++) {
        expect(b.mask[s * 5 + r]).toBe(s === 11 ? 1 : 0);
        expect(b.scoreMask[s * 5 + r]).toBe(s === 11 ? 1 : 0);
      }
    }
    for (let r = 0; r < 5; r++) expect(labelOf(b, r)).toBeGreaterThanOrEqual(0);
    // The same generator and stream give the same images, another stream others.
    expect(t.sample(createRng(1), 5).x).toEqual(b.x);
    expect(t.sample(createRng(2), 5).x).not.toEqual(b.x);
  });

  it('draws ten different digits with ink in the frame; distortion and noise make every image its own', () => {
    const clean = DIGIT_GLYPHS.map((g) => renderDigit(g, 14, createRng(3), { noiseStd: 0, maxRotation: 0 }));
    for (const image of clean) {
      const ink = image.reduce((a, v) => a + v, 0);
      expect(ink).toBeGreaterThan(10);
      expect(Math.min(...image)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...image)).toBeLessThanOrEqual(1);
    }
    for (let a = 0; a < 10; a++) for (let b = a + 1; b < 10; b++) expect(clean[a]).not.toEqual(clean[b]);
    const rng = createRng(4);
    expect(renderDigit(DIGIT_GLYPHS[7], 14, rng, { noiseStd: 0.1, maxRotation: 12 })).not.toEqual(renderDigit(DIGIT_GLYPHS[7], 14, rng, { noiseStd: 0.1, maxRotation: 12 }));
  });

  it('a fixed training set: drawn once from its data seed, classes in turn; a batch at least its size is the whole set in order', () => {
    const t = task({ trainingSet: 20, dataSeed: 5 });
    const whole = t.sample(createRng(1), 64);
    expect(whole.batch).toBe(20);
    expect(Array.from({ length: 20 }, (_, r) => labelOf(whole, r))).toEqual(Array.from({ length: 20 }, (_, k) => k % 10));
    // Whatever the stream, the whole set is the same images; another data seed draws another set.
    expect(t.sample(createRng(9), 20).x).toEqual(whole.x);
    expect(task({ trainingSet: 20, dataSeed: 6 }).sample(createRng(1), 20).x).not.toEqual(whole.x);
  });

  it('a smaller batch is a random subset of the set without repeats', () => {
    const t = task({ trainingSet: 20, dataSeed: 5, noiseStd: 0 });
    const whole = t.sample(createRng(1), 20);
    const rowOf = (b: typeof whole, r: number) => Array.from({ length: b.steps }, (_, s) => Array.from(b.x.subarray((s * b.batch + r) * b.nIn, (s * b.batch + r + 1) * b.nIn))).flat().join(',');
    const set = Array.from({ length: 20 }, (_, r) => rowOf(whole, r));
    const part = t.sample(createRng(2), 8);
    const picked = Array.from({ length: 8 }, (_, r) => set.indexOf(rowOf(part, r)));
    expect(picked.every((i) => i >= 0)).toBe(true);
    expect(new Set(picked).size).toBe(8);
  });

  it('refuses more classes than there are digits', () => {
    expect(() => createTask({ kind: 'row-images', size: 10, classes: 11, trainingSet: 0, dataSeed: 0, noiseStd: 0, maxRotation: 0 })).toThrow(/at most 10 classes, got 11/);
  });
});
