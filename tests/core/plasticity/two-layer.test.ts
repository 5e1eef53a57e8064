import { describe, expect, it } from 'vitest';
import { runTwoLayer, teacherStudentProblem, twoLayerLossAndGradient } from '@core/plasticity/two-layer';
import { isNegativeEntropyLike } from '@core/plasticity/dcdf';
import { createRng } from '@core/random/rng';
import { normalArray } from '@core/random/samplers';

describe('two-layer teacher-student network', () => {
  it('backpropagated gradients of both layers match central finite differences', () => {
    const p = teacherStudentProblem(3, 7, 2, 5, 4);
    const rng = createRng(9);
    const w = normalArray(rng, 4 * 7, 0, 0.5);
    const v = normalArray(rng, 4, 0, 0.5);
    const dW = new Float64Array(w.length);
    const dv = new Float64Array(v.length);
    twoLayerLossAndGradient(p, w, v, dW, dv);
    const h = 1e-6;
    for (let i = 0; i < w.length; i++) {
      const wp = w.slice();
      const wm = w.slice();
      wp[i] += h;
      wm[i] -= h;
      const fd = (twoLayerLossAndGradient(p, wp, v) - twoLayerLossAndGradient(p, wm, v)) / (2 * h);
      expect(Math.abs(fd - dW[i])).toBeLessThan(1e-8 * Math.max(1, Math.abs(dW[i])));
    }
    for (let k = 0; k < v.length; k++) {
      const vp = v.slice();
      const vm = v.slice();
      vp[k] += h;
      vm[k] -= h;
      const fd = (twoLayerLossAndGradient(p, w, vp) - twoLayerLossAndGradient(p, w, vm)) / (2 * h);
      expect(Math.abs(fd - dv[k])).toBeLessThan(1e-8 * Math.max(1, Math.abs(dv[k])));
    }
  });

  const cases = [
    { spec: { kind: 'negative-entropy' as const }, p: null },
    { spec: { kind: 'euclidean' as const }, p: 2 },
    { spec: { kind: 'p-norm' as const, p: 3 }, p: 3 },
  ];
  for (const { spec, p } of cases) {
    it(`trained with ${spec.kind}${p ? ` (p = ${p})` : ''}: interpolates and the first layer points to its geometry`, () => {
      const r = runTwoLayer({ potential: spec, seed: 1 });
      expect(r.finalLoss).toBeLessThan(1e-3 * r.initialLoss);
      expect(r.firstLayer.after.length).toBe(64 * 100);
      // Measured (seeds 1, 2): NE -> NE; p = 2 -> 1.8-1.9; p = 3 -> 2.9. A shallow net's dual change is a mixture over
      // hidden units, so the verdict is checked to 0.2 in p.
      if (p === null) expect(isNegativeEntropyLike(r.best)).toBe(true);
      else expect(Math.abs(Number(r.best.slice(2)) - p)).toBeLessThanOrEqual(0.2 + 1e-9);
      if (spec.kind === 'negative-entropy') {
        for (let i = 0; i < r.firstLayer.before.length; i++) expect(Math.sign(r.firstLayer.after[i])).toBe(Math.sign(r.firstLayer.before[i]));
      }
    });
  }

  it('picks the rate on a held-out problem from a fresh start, then trains the run\'s own problem and start at it', () => {
    const config = { potential: { kind: 'euclidean' as const }, seed: 5, inputDim: 20, hidden: 8, samples: 10, steps: 60, lrGrid: 5 };
    const r = runTwoLayer(config);
    expect(r.lrSelection).toBe('held-out');
    expect(r.lrLosses).toHaveLength(5);
    // The run's own result at the chosen rate is a fixed-rate run at that rate: same start, same data.
    const fixed = runTwoLayer({ ...config, learningRate: r.lr });
    expect(fixed.lrSelection).toBe('fixed');
    expect(fixed.lrLosses).toBeNull();
    expect(Array.from(fixed.firstLayer.after)).toEqual(Array.from(r.firstLayer.after));
    expect(fixed.finalLoss).toBe(r.finalLoss);
    // The selection's losses are not this run's: the chosen rate's held-out loss differs from the run's own.
    const chosen = r.lrLosses!.find((x) => x.lr === r.lr)!;
    expect(chosen.loss).not.toBe(r.finalLoss);
  });
});
