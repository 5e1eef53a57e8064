import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { createModel } from '@core/rnn/init';
import { lyapunovExponents } from '@core/rnn/lyapunov';
import { trainRnn, type RnnTrainResult } from '@core/rnn/train';
import { runRnnSweep } from '@core/rnn/sweep';
import { rnnSweepConfigSchema, rnnTrainConfigSchema } from '@core/rnn/schema';
import { createTask } from '@core/rnn/tasks';

/** A training run measures lambda_max autonomous and input-driven (science note), before and after training. */
const ctx = silentContext(createRng(0));
const task = { kind: 'delayed-xor', delay: 2, pulse: 1, response: 2 } as const;
const config = (over: { gain?: number; seed?: number; inputStd?: number; iterations?: number } = {}) => rnnTrainConfigSchema.parse({
  model: { n: 60, gain: over.gain ?? 2, alpha: 1 }, task, iterations: over.iterations ?? 3, batchSize: 4, evalBatchSize: 8,
  lyapunov: { k: 1, steps: 1000, warmup: 200, inputStd: over.inputStd ?? 0 }, seed: over.seed ?? 1,
});
const kinds = (r: RnnTrainResult) => [r.lambdaMaxAutonomousBefore, r.lambdaMaxAutonomousAfter, r.lambdaMaxDrivenBefore, r.lambdaMaxDrivenAfter];

describe('lambda_max on autonomous and input-driven trajectories', () => {
  it('both kinds come from the Lyapunov stream of the seed, bit-reproducibly; the configured kind is one of them', () => {
    const c = config();
    const a = trainRnn(c, ctx);
    const b = trainRnn(c, ctx);
    expect(kinds(a).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    kinds(a).forEach((v, i) => expect(Object.is(v, kinds(b)[i])).toBe(true));
    expect(a.drivenInputStd).toBe(0.5); // the note's N(0, 0.5^2)
    // Before training: the untrained model (stream 0) measured with a fresh stream 4 for each kind.
    const { nIn, nOut } = createTask(c.task);
    const model = createModel(c.model, nIn, nOut, createRng(1, 0));
    const opts = { k: 1, steps: 1000, warmup: 200 };
    expect(a.lambdaMaxAutonomousBefore).toBe(lyapunovExponents(model, { ...opts, inputStd: 0 }, createRng(1, 4)).lambdaMax);
    expect(a.lambdaMaxDrivenBefore).toBe(lyapunovExponents(model, { ...opts, inputStd: 0.5 }, createRng(1, 4)).lambdaMax);
    // inputStd = 0: lambdaMaxBefore/After keep their meaning (autonomous).
    expect(a.lambdaMaxBefore).toBe(a.lambdaMaxAutonomousBefore);
    expect(a.lambdaMaxAfter).toBe(a.lambdaMaxAutonomousAfter);
    // inputStd > 0: they are the driven kind, which then uses that std; the autonomous kind and training are unchanged.
    const driven = trainRnn(config({ inputStd: 0.3 }), ctx);
    expect(driven.drivenInputStd).toBe(0.3);
    expect(driven.lambdaMaxBefore).toBe(driven.lambdaMaxDrivenBefore);
    expect(driven.lambdaMaxAfter).toBe(driven.lambdaMaxDrivenAfter);
    expect(driven.lambdaMaxAutonomousAfter).toBe(a.lambdaMaxAutonomousAfter);
    expect(driven.lossCurve.loss).toEqual(a.lossCurve.loss);
    expect(driven.lambdaMaxDrivenBefore).not.toBe(a.lambdaMaxDrivenBefore);
  });

  it('at a chaotic gain (g = 2) input N(0, 0.5^2) suppresses chaos: driven below autonomous, both positive', () => {
    // Note (N = 200, 3000 steps): +0.146 autonomous vs +0.119 driven; here N = 60, 1000 steps, mean of 3 seeds.
    const runs = [1, 2, 3].map((seed) => trainRnn(config({ seed, iterations: 0 }), ctx));
    const mean = (f: (r: RnnTrainResult) => number | null) => runs.reduce((s, r) => s + f(r)!, 0) / runs.length;
    const autonomous = mean((r) => r.lambdaMaxAutonomousBefore);
    const driven = mean((r) => r.lambdaMaxDrivenBefore);
    expect(autonomous).toBeGreaterThan(0.05);
    expect(driven).toBeGreaterThan(0);
    expect(driven).toBeLessThan(autonomous - 0.01);
    // No training: after equals before, bit for bit (same weights, same stream).
    for (const r of runs) expect(r.lambdaMaxDrivenAfter).toBe(r.lambdaMaxDrivenBefore);
  });

  it('g = 0 with alpha = 1 collapses both kinds to null', () => {
    const r = trainRnn(config({ gain: 0 }), ctx);
    expect(kinds(r)).toEqual([null, null, null, null]);
  });

  it('a sweep reports both kinds against gain, before and after', () => {
    const sweep = rnnSweepConfigSchema.parse({
      base: { model: { n: 16, alpha: 1 }, task, iterations: 4, batchSize: 4, evalBatchSize: 8, lyapunov: { k: 1, steps: 200, warmup: 50, inputStd: 0, drivenInputStd: 0.8 } },
      gains: [0.5, 2], rules: ['bptt'], seeds: 2,
    });
    const s = runRnnSweep(sweep, ctx);
    expect(s.drivenInputStd).toBe(0.8);
    const line = s.lambdaVsGain[0];
    for (const key of ['autonomousBefore', 'autonomousAfter', 'drivenBefore', 'drivenAfter'] as const) expect(line[key]).toHaveLength(2);
    expect(line.before).toEqual(line.autonomousBefore);
    expect(line.after).toEqual(line.autonomousAfter);
    const cell = s.cells.find((c) => c.gain === 2)!;
    expect(line.drivenBefore[1]).toBe(cell.lambdaMaxDrivenBefore!.mean);
    expect(cell.lambdaMaxDrivenAfter!.n).toBe(2);
    expect(line.autonomousBefore[1]!).toBeGreaterThan(line.autonomousBefore[0]!);
  });
});
