import { describe, expect, it } from 'vitest';
import { generateLinearRegressionData, sampleCount, type LinearRegressionData } from '@core/plasticity/linear-regression';
import { column, trainLinearModel, trainLinearModels } from '@core/plasticity/linear-training';
import { PAPER_LR_GRID, mergeLrSelectionShards, planLrSelectionShards, runLrSelectionShard, selectLearningRate } from '@core/plasticity/lr-selection';
import {
  finishLinearRegression,
  linearRegressionProblem,
  planLinearRegressionShards,
  runLinearRegression,
  runLinearRegressionShard,
} from '@core/plasticity/linear-regression-run';
import { makePotential, potentialFromName } from '@core/plasticity/potentials';
import { createRng } from '@core/random/rng';
import { sweepLearningRate } from '@core/plasticity/width-sweep';
import { maxRelativeError, reference } from './fixture';

const fixtureData = (): { data: LinearRegressionData; w0: Float64Array } => {
  const t = reference.training;
  return { data: { n: t.n, d: t.d, x: Float64Array.from(t.X), y: Float64Array.from(t.y) }, w0: Float64Array.from(t.w0) };
};

/** || delta - P_rowspan(X) delta || / || delta ||, by solving (X X^T) a = X delta with Gaussian elimination. */
function offRowSpan(data: LinearRegressionData, delta: Float64Array): number {
  const { n, d, x } = data;
  const g = new Float64Array(n * n);
  const rhs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += x[i * d + k] * x[j * d + k];
      g[i * n + j] = s;
    }
    let s = 0;
    for (let k = 0; k < d; k++) s += x[i * d + k] * delta[k];
    rhs[i] = s;
  }
  for (let p = 0; p < n; p++) {
    for (let i = p + 1; i < n; i++) {
      const f = g[i * n + p] / g[p * n + p];
      for (let j = p; j < n; j++) g[i * n + j] -= f * g[p * n + j];
      rhs[i] -= f * rhs[p];
    }
  }
  const a = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = rhs[i];
    for (let j = i + 1; j < n; j++) s -= g[i * n + j] * a[j];
    a[i] = s / g[i * n + i];
  }
  let num = 0;
  let den = 0;
  for (let k = 0; k < d; k++) {
    let proj = 0;
    for (let i = 0; i < n; i++) proj += x[i * d + k] * a[i];
    num += (delta[k] - proj) ** 2;
    den += delta[k] ** 2;
  }
  return Math.sqrt(num / den);
}

describe('linear-regression training', () => {
  for (const run of reference.training.runs) {
    it(`${run.potential}: matches the numpy re-implementation of the authors' optimiser`, () => {
      const { data, w0 } = fixtureData();
      const curve: number[] = [];
      const r = trainLinearModel(data, w0, run.lr, { potential: potentialFromName(run.potential), steps: run.steps, onStep: (_, l) => curve.push(l[0]) });
      expect(maxRelativeError(r.w, run.w, 1e-6)).toBeLessThan(1e-9);
      expect(maxRelativeError(curve, run.losses)).toBeLessThan(1e-9);
      expect(Math.abs(r.finalLoss - run.finalLoss) / run.finalLoss).toBeLessThan(1e-7);
    });

    it(`${run.potential}: the dual change lies in the row span of X to 1e-8`, () => {
      const { data, w0 } = fixtureData();
      const pot = potentialFromName(run.potential);
      const r = trainLinearModel(data, w0, run.lr, { potential: pot, steps: run.steps });
      const delta = Float64Array.from(r.w, (w, i) => pot.grad(w) - pot.grad(w0[i]));
      expect(offRowSpan(data, delta)).toBeLessThan(1e-8);
      // and the primal change does not (except for the Euclidean geometry), which is the whole point
      if (pot.kind !== 'euclidean') expect(offRowSpan(data, Float64Array.from(r.w, (w, i) => w - w0[i]))).toBeGreaterThan(1e-4);
    });
  }

  it('models trained side by side are bit-identical to models trained alone', () => {
    const { data, w0 } = fixtureData();
    const pot = makePotential({ kind: 'p-norm', p: 3 });
    const lrs = [0.001, 0.01, 0.05, 0.3];
    const block = trainLinearModels(data, w0, lrs, { potential: pot, steps: 40 });
    lrs.forEach((lr, c) => {
      const alone = trainLinearModel(data, w0, lr, { potential: pot, steps: 40 });
      expect(Array.from(column(block.w, 4, c))).toEqual(Array.from(alone.w));
      expect(block.finalLoss[c]).toBe(alone.finalLoss);
    });
  });

  it('a diverging model drops out of the block without changing the others', () => {
    const { data, w0 } = fixtureData();
    const pot = makePotential({ kind: 'negative-entropy' });
    const lrs = [0.01, 1e4, 0.05];
    const block = trainLinearModels(data, w0, lrs, { potential: pot, steps: 60 });
    expect(block.diverged).toEqual([false, true, false]);
    expect(block.finalLoss[1]).toBe(Infinity);
    for (const c of [0, 2]) {
      const alone = trainLinearModel(data, w0, lrs[c], { potential: pot, steps: 60 });
      expect(Array.from(column(block.w, 3, c))).toEqual(Array.from(alone.w));
      expect(block.finalLoss[c]).toBe(alone.finalLoss);
    }
  });

  it('flags diverged runs instead of returning NaN', () => {
    const { data, w0 } = fixtureData();
    const r = trainLinearModel(data, w0, 1e3, { potential: makePotential({ kind: 'euclidean' }), steps: 50 });
    expect(r.diverged).toBe(true);
    expect(r.finalLoss).toBe(Infinity);
  });

  it('learning-rate selection keeps the grid rate with the lowest final loss', () => {
    const rng = createRng(3);
    const data = generateLinearRegressionData(rng, 200, sampleCount(200, 0.5), 2);
    const w0 = Float64Array.from({ length: 200 }, () => rng.normal() / Math.sqrt(200));
    const pot = makePotential({ kind: 'negative-entropy' });
    const sel = selectLearningRate(data, w0, { potential: pot });
    expect(PAPER_LR_GRID.length).toBe(16);
    expect(PAPER_LR_GRID[0]).toBeCloseTo(1e-7, 20);
    expect(PAPER_LR_GRID[15]).toBeCloseTo(0.1, 15);
    const alone = PAPER_LR_GRID.map((lr) => trainLinearModel(data, w0, lr, { potential: pot, steps: sel.steps }).finalLoss);
    const best = alone.indexOf(Math.min(...alone));
    expect(sel.lr).toBe(PAPER_LR_GRID[best]);
    expect(sel.loss).toBe(alone[best]);
    expect(sel.converged).toBe(sel.loss < 1e-3);
  });

  it('sample count is floor(D^a)', () => {
    expect(sampleCount(3000, 0.5)).toBe(54);
    expect(sampleCount(10000, 0.75)).toBe(1000);
    expect(sampleCount(100, 0.5)).toBe(10);
  });
});

describe('runLinearRegression', () => {
  it('is reproducible, interpolates, and returns weights and dual coordinates', () => {
    const cfg = { dim: 300, potential: { kind: 'negative-entropy' as const }, seed: 7 };
    const a = runLinearRegression(cfg);
    const b = runLinearRegression(cfg);
    expect(Array.from(a.weightsAfter)).toEqual(Array.from(b.weightsAfter));
    expect(a.samples).toBe(17);
    expect(a.finalLoss).toBeLessThan(1e-3);
    expect(a.weightsBefore.length).toBe(300);
    expect(a.dualAfter[0]).toBeCloseTo(Math.sign(a.weightsAfter[0]) * (Math.log(Math.abs(a.weightsAfter[0])) + 1), 12);
    expect(a.scores.map((s) => s.hypothesis)).toContain('p=2');
    expect(a.scores).toHaveLength(21);
    expect(a.lrLosses).toHaveLength(16);
    expect(a.changeMagnitude).toBeGreaterThan(0);
  });

  it('split over workers by learning rate it gives exactly the same result', () => {
    const cfg = { dim: 200, potential: { kind: 'p-norm' as const, p: 3 }, seed: 2, samplesExponent: 0.75 };
    const whole = runLinearRegression(cfg);
    const shards = planLinearRegressionShards(cfg, 2).map((idx) => runLinearRegressionShard(cfg, idx));
    const split = finishLinearRegression(cfg, shards);
    expect(split.lr).toBe(whole.lr);
    expect(split.finalLoss).toBe(whole.finalLoss);
    expect(Array.from(split.weightsAfter)).toEqual(Array.from(whole.weightsAfter));
    expect(split.scores).toEqual(whole.scores);
  });

  it('picks the rate the authors\' way: on held-out data from a fresh start (as the width sweep does), then trains the run\'s own data and start at it', () => {
    const cfg = { dim: 250, potential: { kind: 'p-norm' as const, p: 3 }, seed: 11 };
    const r = runLinearRegression(cfg);
    expect(r.lrSelection).toBe('held-out');
    const problem = { ...cfg, samplesExponent: 0.5, correlation: 2, init: { kind: 'normal' as const, mean: 0 } };
    const heldOut = linearRegressionProblem(problem, 'selection');
    const own = linearRegressionProblem(problem, 'train');
    // The held-out problem is other data and another start than the run's.
    expect(heldOut.data.x).not.toEqual(own.data.x);
    expect(heldOut.w0).not.toEqual(own.w0);
    const sel = selectLearningRate(heldOut.data, heldOut.w0, { potential: makePotential(cfg.potential) });
    expect(r.lr).toBe(sel.lr);
    expect(r.steps).toBe(sel.steps);
    expect(r.selectionLoss).toBe(sel.loss);
    expect(r.lrLosses?.map((x) => x.loss)).toEqual(sel.lossesByLr);
    // The width sweep with this seed as its base seed selects the same rate on the same held-out data.
    const task = { dim: 250, seed: 12, potential: cfg.potential, samplesExponent: 0.5, correlation: 2, baseSeed: 11, hypotheses: ['p=3'] };
    expect(sweepLearningRate(task).lr).toBe(r.lr);
    // The reported weights are the run's own start trained at that rate, not the selection's winner.
    const own3 = trainLinearModel(own.data, own.w0, r.lr, { potential: makePotential(cfg.potential), steps: r.steps });
    expect(Array.from(r.weightsAfter)).toEqual(Array.from(own3.w));
    expect(r.finalLoss).toBe(own3.finalLoss);
    expect(Array.from(r.weightsBefore)).toEqual(Array.from(own.w0));
    expect(r.lossCurve).toHaveLength(r.steps);
  });

  it('a fixed learning rate skips the selection; divergence is a clear error', () => {
    const r = runLinearRegression({ dim: 100, potential: { kind: 'euclidean' }, learningRate: 0.01, steps: 50 });
    expect(r.lr).toBe(0.01);
    expect(r.steps).toBe(50);
    expect(r.lrLosses).toBeNull();
    expect(r.lrSelection).toBe('fixed');
    expect(r.selectionLoss).toBeNull();
    expect(r.lossCurve).toHaveLength(50);
    expect(() => runLinearRegression({ dim: 100, potential: { kind: 'euclidean' }, learningRate: 50 })).toThrow(/diverged at learning rate 50/);
  });

  for (const potential of [{ kind: 'negative-entropy' as const }, { kind: 'p-norm' as const, p: 3 }, { kind: 'p-norm' as const, p: 1.5 }]) {
    it(`paper task (D = 400, N = D^0.75, c = 1), ${potential.kind}: the dual change lies in the row span of X to 1e-8`, () => {
      const cfg = { dim: 400, samplesExponent: 0.75, correlation: 1, potential, seed: 3 };
      const r = runLinearRegression(cfg);
      const { data } = linearRegressionProblem({ ...cfg, init: { kind: 'normal', mean: 0 } }, 'train');
      const delta = Float64Array.from(r.dualAfter, (v, i) => v - r.dualBefore[i]);
      expect(offRowSpan(data, delta)).toBeLessThan(1e-8);
    });
  }

  it('refuses given initial weights of the wrong length', () => {
    expect(() => runLinearRegression({ dim: 50, potential: { kind: 'euclidean' }, init: { kind: 'given', values: [1, 2, 3] } })).toThrow(/3 values, the model needs 50/);
  });
});

describe('sharded learning-rate selection', () => {
  it('merging shards gives exactly the single-thread selection, including extensions', () => {
    const rng = createRng(12);
    // D = 60 with a 100-step budget does not always reach 1e-3: exercises the extension rounds too.
    const data = generateLinearRegressionData(rng, 60, sampleCount(60, 0.75), 1);
    const w0 = Float64Array.from({ length: 60 }, () => rng.normal() / Math.sqrt(60));
    for (const spec of [{ kind: 'negative-entropy' as const }, { kind: 'p-norm' as const, p: 3 }]) {
      const opts = { potential: makePotential(spec), steps: 20, extraSteps: 20 };
      const whole = selectLearningRate(data, w0, opts);
      expect(whole.steps).toBeGreaterThan(20); // at least one extension round happened
      const shards = planLrSelectionShards(16, 3);
      expect(shards.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
      const merged = mergeLrSelectionShards(shards.map((idx) => runLrSelectionShard(data, w0, opts, idx)));
      expect(merged.lr).toBe(whole.lr);
      expect(merged.steps).toBe(whole.steps);
      expect(merged.loss).toBe(whole.loss);
      expect(merged.lossesByLr).toEqual(whole.lossesByLr);
      expect(Array.from(merged.w)).toEqual(Array.from(whole.w));
    }
  });
});
