import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { trainRnn } from '@core/rnn/train';
import { rnnTrainConfigSchema } from '@core/rnn/schema';
import { criterionFigures, relativeChange } from '@core/rnn/run-figures';

const ctx = silentContext(createRng(0));
const small = (overrides: object = {}) => rnnTrainConfigSchema.parse({
  model: { n: 16, gain: 0.8, alpha: 0.5 }, task: { kind: 'delayed-xor', delay: 3 }, rule: 'eprop', iterations: 40, batchSize: 8,
  optimiser: { learningRate: 1e-2 }, lyapunov: { k: 1, steps: 150, warmup: 30, inputStd: 0, drivenInputStd: 0.5, every: 0 }, evalBatchSize: 16,
  seed: 3, ...overrides,
});

describe('what a run records beyond its final loss', () => {
  it('success, iterations to criterion and the area under the learning curve follow from the curve', () => {
    expect(criterionFigures([1, 0.5, 0.09, 0.2, 0.05], 0.04, 0.1)).toEqual({ solved: true, iterationsToCriterion: 2, learningCurveArea: 1.84 / 5 });
    expect(criterionFigures([1, 0.5], 0.3, 0.1)).toEqual({ solved: false, iterationsToCriterion: null, learningCurveArea: 0.75 });
    expect(criterionFigures([0.05], null, 0.1).solved).toBe(false); // a diverged run never counts as solved
    expect(relativeChange(new Float64Array([3, 4]), new Float64Array([0, 0]))).toBeNull();
    expect(relativeChange(new Float64Array([1, 2]), new Float64Array([1, 0]))).toBe(2);
  });

  it('a training run reports them, with ||dW|| / ||W0|| and lambda_max tracked during training', () => {
    const config = small({ successLoss: 0.5, lyapunov: { k: 1, steps: 150, warmup: 30, inputStd: 0, drivenInputStd: 0.5, every: 10 }, returnParams: true });
    const r = trainRnn(config, ctx);
    const first = r.lossCurve.loss.findIndex((l) => l <= 0.5);
    expect(r.iterationsToCriterion).toBe(first < 0 ? null : first);
    expect(r.solved).toBe(r.finalLoss! <= 0.5);
    expect(r.learningCurveArea).toBeCloseTo(r.lossCurve.loss.reduce((a, b) => a + b, 0) / 41, 12);
    // The recorded weight change is the Frobenius distance of the returned weights.
    const w0 = r.initialParams!.w, w = r.params!.w;
    let d = 0, norm = 0;
    for (let i = 0; i < w.length; i++) { d += (w[i] - w0[i]) ** 2; norm += w0[i] ** 2; }
    expect(r.weightChange.total).toBeCloseTo(Math.sqrt(d / norm), 12);
    expect(r.weightChange.training).toBe(r.weightChange.total); // no pre-flossing: training started from W0
    // lambda_max every 10 iterations, the first before training and the last equal to the final measurement.
    expect(r.lambdaCurve!.iteration).toEqual([0, 10, 20, 30, 40]);
    expect(r.lambdaCurve!.lambdaMax[0]).toBe(r.lambdaMaxBefore);
    expect(r.lambdaCurve!.lambdaMax[4]).toBe(r.lambdaMaxAfter);
    expect(r.lambdaMaxAfterFlossing).toBeNull();
  });

  it('pre-flossing: lambda_max after it is recorded, and the weight change splits into flossing + training', () => {
    const flossing = { schedule: 'pre', k: 1, phaseSteps: 30, trajectorySteps: 40, warmup: 5, learningRate: 2e-2 };
    const r = trainRnn(small({ model: { n: 16, gain: 0.5, alpha: 0.5 }, flossing }), ctx);
    const plain = trainRnn(small({ model: { n: 16, gain: 0.5, alpha: 0.5 } }), ctx);
    expect(r.lambdaMaxBefore).toBe(plain.lambdaMaxBefore);
    // Flossing toward 0 from a stable start raises lambda_max before any training.
    expect(r.lambdaMaxAfterFlossing!).toBeGreaterThan(r.lambdaMaxBefore! + 0.05);
    expect(r.lambdaMaxAutonomousAfterFlossing).toBe(r.lambdaMaxAfterFlossing);
    expect(typeof r.lambdaMaxDrivenAfterFlossing).toBe('number');
    expect(r.weightChange.total).not.toBe(r.weightChange.training);
    expect(r.weightChange.total!).toBeGreaterThan(0);
  });

  it('task-driven flossing flosses U too; autonomous flossing leaves U alone', () => {
    const flossing = (trajectory: string) => ({ schedule: 'pre', k: 1, phaseSteps: 10, trajectorySteps: 30, warmup: 5, learningRate: 2e-2, trajectory });
    const taskDriven = trainRnn(small({ iterations: 0, flossing: flossing('task'), returnParams: true }), ctx);
    const autonomous = trainRnn(small({ iterations: 0, flossing: flossing('autonomous'), returnParams: true }), ctx);
    expect(relativeChange(taskDriven.params!.u, taskDriven.initialParams!.u)!).toBeGreaterThan(0);
    expect(autonomous.params!.u).toEqual(autonomous.initialParams!.u);
    expect(autonomous.params!.w).not.toEqual(autonomous.initialParams!.w);
  });
});
