import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import { ApiError } from '../../src-core/contract/errors';
import type { ApiEventMessage, JobProgressEvent } from '../../src-core/contract/events';
import { silentContext } from '../../src-core/runtime/context';
import type { RnnSweepPartial } from '../../src-core/jobs/kinds/rnn-sweep';
import { createRng } from '../../src-core/random/rng';
import { runLyapunov, runRnnSweep, trainRnn, type RnnLyapunovResult, type RnnSweepConfig, type RnnSweepSummary, type RnnTrainConfig } from '../../src-core/rnn';
import type { RnnTrainResult } from '../../src-core/rnn/train';

// The real catalogue and worker entry, two workers: the RNN kinds as the app runs them.
let dir: string;
let context: AppContext;
const events: ApiEventMessage[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-jobs-rnn-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 2 });
  context.subscribe((m) => events.push(m));
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

const progressOf = (jobId: string) =>
  events.filter((e) => e.event === 'jobProgress' && (e.payload as JobProgressEvent).jobId === jobId).map((e) => e.payload as JobProgressEvent);
const silent = () => silentContext(createRng(0));
const quickLyapunov = { k: 1, steps: 200, warmup: 50, inputStd: 0 };

describe('rnn job kinds', () => {
  it('rnn-lyapunov runs in a worker, is recorded as a simulation and equals the direct computation bit for bit', async () => {
    const config = { model: { n: 30, gain: 1.8 }, lyapunov: { k: 3, steps: 400, warmup: 100, inputStd: 0 }, seed: 4 };
    const { jobId } = (await dispatch(context.handlers, 'startJob', { kind: 'rnn-lyapunov', config, seed: 4 })) as { jobId: string };
    expect(await context.jobs.waitFor(jobId)).toBe('done');
    const entry = context.entries.get(jobId)!;
    expect(entry.kind).toBe('simulation');
    expect(entry.jobKind).toBe('rnn-lyapunov');
    expect(entry.name).toMatch(/Lyapunov exponents \(N=30, g=1.8/);
    const result = entry.result as RnnLyapunovResult;
    const direct = runLyapunov(config as never, silent());
    expect(result.spectrum).toEqual(direct.spectrum);
    expect(result.lambdaMax).toBe(result.spectrum[0]);
    expect(result.spectrum[0]).toBeGreaterThanOrEqual(result.spectrum[1]);
    expect(entry.headline.lambdaMax).toBe(direct.lambdaMax);
  });

  it('rnn-train streams partial loss-curve points while it runs, and its result equals a direct run', async () => {
    const config: RnnTrainConfig = {
      model: { n: 24, gain: 1, alpha: 0.2 }, task: { kind: 'delayed-xor', delay: 4 }, rule: 'eprop', iterations: 60, batchSize: 8,
      optimiser: { learningRate: 1e-2 }, lyapunov: quickLyapunov, evalBatchSize: 16, seed: 2,
    } as RnnTrainConfig;
    const { jobId } = (await dispatch(context.handlers, 'startJob', { kind: 'rnn-train', config, seed: 2 })) as { jobId: string };
    expect(await context.jobs.waitFor(jobId)).toBe('done');
    const entry = context.entries.get(jobId)!;
    expect(entry.kind).toBe('simulation');
    const result = entry.result as RnnTrainResult;
    const direct = trainRnn(config, silent());
    expect(result.lossCurve.loss).toEqual(direct.lossCurve.loss);
    expect(result.finalLoss).toBe(direct.finalLoss);
    expect(result.finalLoss!).toBeLessThan(result.initialLoss);
    expect(entry.headline).toMatchObject({ finalLoss: direct.finalLoss, lambdaMaxBefore: direct.lambdaMaxBefore });

    // The partial points arrive in order, without gaps or repeats, and are the curve's points (all but the last,
    // the loss after the final update, which comes with the result).
    const partials = progressOf(jobId).filter((p) => p.partial !== undefined).map((p) => p.partial as { iteration: number[]; loss: number[] });
    expect(partials.length).toBeGreaterThan(10);
    const iterations = partials.flatMap((p) => p.iteration);
    expect(iterations).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(partials.flatMap((p) => p.loss)).toEqual(result.lossCurve.loss.slice(0, 60));
  });

  it('rnn-sweep spreads one shard per run over both workers and merges to the single-thread numbers', async () => {
    const config = {
      base: {
        model: { n: 20, alpha: 0.2 }, task: { kind: 'delayed-xor', delay: 3 }, iterations: 30, batchSize: 8,
        optimiser: { learningRate: 1e-2 }, lyapunov: quickLyapunov, evalBatchSize: 16,
      },
      gains: [0.5, 1.5], rules: ['bptt', 'eprop'], seeds: 1, firstSeed: 5,
    } as RnnSweepConfig;
    let busiest = 0;
    const watch = setInterval(() => { busiest = Math.max(busiest, context.pool.load.running); }, 2);
    const { jobId } = (await dispatch(context.handlers, 'startJob', { kind: 'rnn-sweep', config })) as { jobId: string };
    const status = await context.jobs.waitFor(jobId);
    clearInterval(watch);
    expect(status).toBe('done');
    expect(busiest).toBe(2);
    const entry = context.entries.get(jobId)!;
    expect(entry.kind).toBe('sweep');
    const summary = entry.result as RnnSweepSummary;
    expect(summary.cells).toHaveLength(4);
    expect(summary).toEqual(runRnnSweep(config, silent()));
    expect(summary.finalLossVsGain.map((s) => s.rule)).toEqual(['bptt', 'eprop']);
    expect(entry.headline.runs).toBe(4);

    // Partial loss points are tagged with their run, so every learning curve can be drawn live.
    const partials = progressOf(jobId).filter((p) => p.partial !== undefined).map((p) => p.partial as RnnSweepPartial);
    expect(new Set(partials.map((p) => p.task))).toEqual(new Set([0, 1, 2, 3]));
    const first = partials.filter((p) => p.task === 0);
    expect(first[0]).toMatchObject({ gain: 0.5, rule: 'bptt', schedule: 'none', seed: 5 });
    expect(first.flatMap((p) => p.iteration)).toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('refuses a bad configuration before anything runs, naming the field', async () => {
    const bad = dispatch(context.handlers, 'startJob', { kind: 'rnn-train', config: { model: { n: 0 }, rule: 'hebb' } });
    await expect(bad).rejects.toBeInstanceOf(ApiError);
    await expect(bad).rejects.toThrow(/config\.model\.n/);
    await expect(bad).rejects.toThrow(/config\.rule/);
  });
});
