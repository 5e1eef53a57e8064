import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { createTask } from '@core/rnn/tasks';
import { rnnTaskSchema, rnnTrainConfigSchema } from '@core/rnn/schema';
import { evaluateLoss } from '@core/rnn/loss';
import { trainRnn } from '@core/rnn/train';
import { silentContext } from '@core/runtime/context';

const kinds = ['sum-of-sines', 'delayed-xor', 'copy', 'streaming-xor', 'streaming-copy', 'perceptual-decision', 'delayed-match-to-sample', 'context-decision'] as const;

describe('tasks', () => {
  for (const kind of kinds) {
    it(`${kind}: sizes, a non-empty mask, and seeded reproducibility`, () => {
      const task = createTask(rnnTaskSchema.parse({ kind }));
      const a = task.sample(createRng(7), 8);
      const b = task.sample(createRng(7), 8);
      expect(a.x.length).toBe(task.steps * 8 * task.nIn);
      expect(a.target.length).toBe(task.steps * 8 * task.nOut);
      expect(Array.from(a.x)).toEqual(Array.from(b.x));
      expect(Array.from(a.target)).toEqual(Array.from(b.target));
      expect(a.mask.reduce((s, m) => s + m, 0)).toBeGreaterThan(0);
      // A perfect output gives zero loss and full accuracy.
      const perfect = evaluateLoss(a.target.map((v) => (a.loss === 'mse' ? v : 30 * v)), a);
      expect(perfect.loss).toBeLessThan(1e-9);
      if (a.accuracy !== null) expect(perfect.accuracy).toBe(1);
    });
  }

  it('delayed XOR: the answer is +1 exactly when the two bits differ, after the delay', () => {
    const task = createTask({ kind: 'delayed-xor', delay: 10, pulse: 2, response: 5 });
    expect(task.steps).toBe(2 + 2 + 10 + 5);
    const b = task.sample(createRng(1), 8);
    for (let r = 0; r < 8; r++) {
      const first = b.x[(0 * 8 + r) * 2], second = b.x[(2 * 8 + r) * 2 + 1];
      const answer = b.target[(task.steps - 1) * 8 + r];
      expect(answer).toBe(first !== second ? 1 : -1);
      expect(b.mask[(task.steps - 6) * 8 + r]).toBe(0);
      expect(b.mask[(task.steps - 5) * 8 + r]).toBe(1);
    }
  });

  it('copy: the target is the input delayed', () => {
    const task = createTask({ kind: 'copy', delay: 4, duration: 30 });
    const b = task.sample(createRng(2), 5);
    for (let t = 4; t < 30; t++) for (let r = 0; r < 5; r++) expect(b.target[t * 5 + r]).toBe(b.x[(t - 4) * 5 + r]);
    expect(() => createTask({ kind: 'copy', delay: 30, duration: 30 })).toThrow(/delay/);
  });

  it('streaming XOR (Engelken): a 0/1 bit stream; the target is the XOR of the bits d and 2d steps back, scored from 2d on', () => {
    const task = createTask({ kind: 'streaming-xor', delay: 3, duration: 20, amplitude: 0.5 });
    expect([task.nIn, task.nOut, task.steps]).toEqual([1, 2, 20]);
    const b = task.sample(createRng(4), 6);
    expect(b.loss).toBe('cross-entropy');
    const bit = (t: number, r: number) => b.x[t * 6 + r] / 0.5;
    let ones = 0;
    for (let t = 0; t < 20; t++) {
      for (let r = 0; r < 6; r++) {
        expect([0, 1]).toContain(bit(t, r));
        ones += bit(t, r);
        const row = t * 6 + r;
        expect(b.mask[row]).toBe(t >= 6 ? 1 : 0);
        if (t < 6) { expect(b.target[2 * row] + b.target[2 * row + 1]).toBe(0); continue; }
        const xor = bit(t - 3, r) !== bit(t - 6, r) ? 1 : 0;
        expect([b.target[2 * row], b.target[2 * row + 1]]).toEqual(xor ? [0, 1] : [1, 0]);
      }
    }
    expect(ones).toBeGreaterThan(30);
    expect(ones).toBeLessThan(90);
    expect(() => createTask({ kind: 'streaming-xor', delay: 10, duration: 20, amplitude: 1 })).toThrow(/longer than twice the delay \(20 steps\)/);
  });

  it('streaming copy (Engelken): the target is the bit d steps back, scored from d on', () => {
    const task = createTask({ kind: 'streaming-copy', delay: 4, duration: 15, amplitude: 1 });
    const b = task.sample(createRng(5), 3);
    for (let t = 0; t < 15; t++) {
      for (let r = 0; r < 3; r++) {
        const row = t * 3 + r;
        expect(b.mask[row]).toBe(t >= 4 ? 1 : 0);
        if (t >= 4) expect(b.target[2 * row + 1]).toBe(b.x[(t - 4) * 3 + r]);
      }
    }
  });

  it('streaming XOR is learnable: BPTT reaches > 95 % accuracy at d = 2 (N = 32, alpha = 1, 300 iterations)', () => {
    const r = trainRnn(rnnTrainConfigSchema.parse({
      model: { n: 32, gain: 1, alpha: 1 }, task: { kind: 'streaming-xor', delay: 2, duration: 40 }, rule: 'bptt', iterations: 300,
      batchSize: 16, optimiser: { learningRate: 3e-3 }, lyapunov: { k: 1, steps: 100, warmup: 20, inputStd: 0, drivenInputStd: 0.5, every: 0 },
      evalBatchSize: 32, seed: 1,
    }), silentContext(createRng(0)));
    expect(r.initialLoss).toBeGreaterThan(0.6); // chance: log 2
    expect(r.finalAccuracy!).toBeGreaterThan(0.95);
  });

  it('neurogym timings follow dt: perceptual decision = 1 + 7 + 1 steps at dt = 100 ms', () => {
    expect(createTask(rnnTaskSchema.parse({ kind: 'perceptual-decision' })).steps).toBe(9);
    expect(createTask(rnnTaskSchema.parse({ kind: 'delayed-match-to-sample' })).steps).toBe(9);
    expect(createTask(rnnTaskSchema.parse({ kind: 'context-decision' })).steps).toBe(9);
    expect(createTask(rnnTaskSchema.parse({ kind: 'perceptual-decision', dtMs: 20 })).steps).toBe(45);
    expect(() => createTask(rnnTaskSchema.parse({ kind: 'perceptual-decision', decisionMs: 10 }))).toThrow(/shorter than one step/);
  });

  it('context decision: the answer follows the cued modality', () => {
    const task = createTask(rnnTaskSchema.parse({ kind: 'context-decision', noiseStd: 0 }));
    const b = task.sample(createRng(3), 16);
    const t = 2; // inside the stimulus period
    for (let r = 0; r < 16; r++) {
      const row = (t * 16 + r) * 7;
      const context = b.x[row + 5] === 1 ? 0 : 1;
      const evidence = b.x[row + 1 + 2 * context] - b.x[row + 2 + 2 * context];
      const last = ((task.steps - 1) * 16 + r) * 3;
      expect(b.target[last + (evidence > 0 ? 1 : 2)]).toBe(1);
    }
  });

  it('losses reject an empty mask', () => {
    const task = createTask({ kind: 'copy', delay: 4, duration: 30 });
    const b = task.sample(createRng(2), 2);
    b.mask.fill(0);
    expect(() => evaluateLoss(new Float64Array(b.target.length), b)).toThrow(/mask is empty/);
  });
});
