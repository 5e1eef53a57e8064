import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { CancelledError, silentContext, type JobContext } from '@core/runtime/context';
import { trainRnn } from '@core/rnn/train';
import { rnnTrainConfigSchema, type RnnTrainConfig } from '@core/rnn/schema';

const ctx = silentContext(createRng(0));
const quickLyapunov = { k: 1, steps: 400, warmup: 100, inputStd: 0 };

function xor(rule: RnnTrainConfig['rule'], gain: number, alpha: number, iterations = 300): RnnTrainConfig {
  return rnnTrainConfigSchema.parse({
    model: { n: 64, gain, alpha }, task: { kind: 'delayed-xor', delay: 10 }, rule, iterations, batchSize: 16,
    optimiser: { learningRate: 3e-3 }, lyapunov: quickLyapunov, evalBatchSize: 32, seed: 1,
  });
}

describe('training works', () => {
  for (const rule of ['bptt', 'eprop'] as const) {
    it(`${rule} solves delayed XOR (delay 10) from g = 1.5, alpha = 0.2`, () => {
      const r = trainRnn(xor(rule, 1.5, 0.2), ctx);
      expect(r.initialLoss).toBeGreaterThan(0.9);
      expect(r.finalLoss).toBeLessThan(0.01);
      expect(r.finalAccuracy).toBe(1);
      expect(r.lossCurve.loss).toHaveLength(301);
      expect(r.diverged).toBe(false);
    });
  }

  it('sum of sines: BPTT reaches MSE < 0.005 and e-prop < 0.06 (from about 0.3)', () => {
    const base = {
      model: { n: 50, alpha: 0.1 }, task: { kind: 'sum-of-sines' }, iterations: 500, batchSize: 4,
      optimiser: { learningRate: 3e-3 }, lyapunov: quickLyapunov, evalBatchSize: 4, seed: 1,
    };
    const bptt = trainRnn(rnnTrainConfigSchema.parse({ ...base, rule: 'bptt', model: { ...base.model, gain: 1 } }), ctx);
    const eprop = trainRnn(rnnTrainConfigSchema.parse({ ...base, rule: 'eprop', model: { ...base.model, gain: 0.5 } }), ctx);
    expect(bptt.initialLoss).toBeGreaterThan(0.2);
    expect(bptt.finalLoss).toBeLessThan(0.005);
    expect(eprop.finalLoss).toBeLessThan(0.06);
    expect(eprop.finalLoss!).toBeLessThan(eprop.initialLoss / 5);
  });

  it('without leak (alpha = 1) the rules separate: BPTT learns from g = 1.5 but not from g = 0.5; e-prop, without trace memory, does not', () => {
    const bpttGood = trainRnn(xor('bptt', 1.5, 1), ctx);
    const bpttSmall = trainRnn(xor('bptt', 0.5, 1), ctx);
    const epropGood = trainRnn(xor('eprop', 1.5, 1), ctx);
    expect(bpttGood.finalLoss).toBeLessThan(0.05);
    expect(bpttSmall.finalLoss).toBeGreaterThan(0.5);
    expect(epropGood.finalLoss).toBeGreaterThan(0.5);
    // Training at g = 0.5 has to pull the strongly stable network toward the edge of chaos.
    expect(bpttGood.lambdaMaxBefore).toBeGreaterThan(bpttSmall.lambdaMaxBefore!);
  });

  // Figure 2 of scripts/rnn-figures.ts, per rule: e-prop's final loss depends on the gain as BPTT's does. (RFLO and
  // e-prop with random feedback barely learn at alpha = 1 from any gain there; no ordering is claimed for them.)
  it('without leak, e-prop learns from a chaotic start (g = 2) on some seeds and from g = 0.5 on none', () => {
    const finals = (gain: number) => [1, 2, 3].map((seed) => trainRnn({ ...xor('eprop', gain, 1), seed }, ctx).finalLoss!);
    const small = finals(0.5);
    const large = finals(2);
    expect(Math.min(...small)).toBeGreaterThan(0.9);
    expect(Math.min(...large)).toBeLessThan(0.1);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(large)).toBeLessThan(mean(small) - 0.3);
  });

  it('pre-flossing moves lambda_max toward the target', () => {
    const config = rnnTrainConfigSchema.parse({
      ...xor('eprop', 2.5, 1, 0),
      flossing: { schedule: 'pre', k: 1, target: 0, phaseSteps: 60, trajectorySteps: 60, warmup: 10, learningRate: 2e-2 },
    });
    const r = trainRnn(config, ctx);
    expect(r.lambdaMaxBefore).toBeGreaterThan(0.1);
    expect(Math.abs(r.lambdaMaxAfter!)).toBeLessThan(0.5 * Math.abs(r.lambdaMaxBefore!));
    expect(r.flossing.phaseStarts).toEqual([0]);
    expect(r.flossing.loss).toHaveLength(60);
  });

  // Figure 3 of scripts/rnn-figures.ts: this is the setting where flossing clearly helps a local rule. It is not
  // universal there: e-prop at the same gain ends worse with flossing, and at g = 3 the effects are mixed.
  it('flossing from a chaotic start (g = 2, alpha = 1): continuous flossing pulls lambda_max toward 0 and helps RFLO', () => {
    const floss = { k: 1, target: 0, phaseSteps: 100, trajectorySteps: 60, warmup: 10, learningRate: 2e-2, weight: 1 };
    const run = (schedule: 'none' | 'continuous', seed: number) => trainRnn(rnnTrainConfigSchema.parse({
      ...xor('rflo', 2, 1), seed, flossing: { ...floss, schedule },
    }), ctx);
    const plain = [1, 2].map((s) => run('none', s));
    const flossed = [1, 2].map((s) => run('continuous', s));
    const mean = (rs: typeof plain, f: (r: (typeof plain)[number]) => number) => rs.reduce((a, r) => a + f(r), 0) / rs.length;
    expect(mean(flossed, (r) => r.finalLoss!)).toBeLessThan(mean(plain, (r) => r.finalLoss!) - 0.2);
    expect(mean(flossed, (r) => Math.abs(r.lambdaMaxAfter!))).toBeLessThan(mean(plain, (r) => r.lambdaMaxBefore!));
  });

  it('is bit-reproducible, reports monotone progress, and can be cancelled', () => {
    const config = xor('eprop-random', 1, 0.5, 30);
    const fractions: number[] = [];
    const reporting: JobContext = { ...ctx, report: (p) => fractions.push(p.fraction) };
    const a = trainRnn(config, reporting);
    const b = trainRnn(config, ctx);
    expect(a.lossCurve.loss).toEqual(b.lossCurve.loss);
    expect(a.lambdaMaxAfter).toBe(b.lambdaMaxAfter);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions[fractions.length - 1]).toBe(1);
    let calls = 0;
    const cancelling: JobContext = { ...ctx, checkCancelled: () => { if (++calls > 5) throw new CancelledError(); } };
    expect(() => trainRnn(config, cancelling)).toThrow(CancelledError);
    // Results are structured-clone safe plain data.
    expect(structuredClone(a).finalLoss).toBe(a.finalLoss);
  });

  it('g = 0 with alpha = 1 (nilpotent Jacobian): lambda_max is reported as null (-infinity) and training still runs', () => {
    const r = trainRnn(xor('bptt', 0, 1, 20), ctx);
    expect(r.lambdaMaxBefore).toBeNull();
    expect(r.finalLoss).not.toBeNull();
    expect(Number.isFinite(r.finalLoss!)).toBe(true);
  });

  it('a diverging run is reported as diverged, never as NaN', () => {
    const config = rnnTrainConfigSchema.parse({ ...xor('bptt', 3, 1, 50), model: { n: 32, gain: 3, alpha: 1, activation: 'relu' }, optimiser: { learningRate: 50, kind: 'sgd' } });
    const r = trainRnn(config, ctx);
    expect(r.diverged).toBe(true);
    expect(r.finalLoss).toBeNull();
    expect(r.lossCurve.loss.every(Number.isFinite)).toBe(true);
  });
});
