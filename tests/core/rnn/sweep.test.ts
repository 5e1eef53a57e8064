import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { meanSpread, mergeRnnSweep, planRnnSweep, runRnnSweep, runRnnSweepTask } from '@core/rnn/sweep';
import { rnnSweepConfigSchema } from '@core/rnn/schema';

const ctx = silentContext(createRng(0));
const config = rnnSweepConfigSchema.parse({
  base: {
    model: { n: 16, alpha: 0.5 }, task: { kind: 'copy', delay: 2, duration: 12 }, iterations: 15, batchSize: 4,
    lyapunov: { k: 1, steps: 100, warmup: 20, inputStd: 0 }, evalBatchSize: 8,
    flossing: { phaseSteps: 3, trajectorySteps: 20, warmup: 5, every: 5, maxPhases: 1 },
  },
  gains: [0.8, 1.6], rules: ['bptt', 'rflo'], flossingSchedules: ['none', 'inter'], seeds: 2,
});

describe('sweeps', () => {
  it('plans one independent task per gain x rule x schedule x seed', () => {
    const tasks = planRnnSweep(config);
    expect(tasks).toHaveLength(2 * 2 * 2 * 2);
    expect(new Set(tasks.map((t) => `${t.gain}/${t.rule}/${t.schedule}/${t.seed}`)).size).toBe(16);
    expect(tasks.every((t) => t.config.model.gain === t.gain && t.config.flossing.schedule === t.schedule)).toBe(true);
    // Tasks are plain data (they cross worker boundaries).
    expect(structuredClone(tasks[3])).toEqual(tasks[3]);
  });

  it('merging shards in any order gives the same summary as the sequential run', () => {
    const tasks = planRnnSweep(config);
    const results = tasks.slice().reverse().map((t) => runRnnSweepTask(structuredClone(t), ctx));
    const merged = mergeRnnSweep(config, results);
    const sequential = runRnnSweep(config, ctx);
    expect(merged).toEqual(sequential);
    expect(merged.cells).toHaveLength(8);
    const cell = merged.cells[0];
    expect(cell.learningCurve.mean).toHaveLength(16);
    expect(cell.finalLoss!.n).toBe(2);
    const inter = merged.cells.find((c) => c.schedule === 'inter')!;
    expect(inter.lambdaMaxAfter).not.toBeNull();
    expect(merged.finalLossVsGain).toHaveLength(4);
    expect(merged.lambdaVsGain[0].before).toHaveLength(2);
    // lambda_max before training depends on the gain, not on the rule.
    const lam = merged.lambdaVsGain.find((s) => s.rule === 'bptt' && s.schedule === 'none')!;
    expect(lam.before[1]!).toBeGreaterThan(lam.before[0]!);
    expect(() => mergeRnnSweep(config, results.slice(1))).toThrow(/exactly once/);
  });

  it('a cancelled sweep merges the runs that finished: cells without runs have no figures, the rest their seeds', async () => {
    const { rnnSweep } = await import('@core/jobs/kinds/rnn-sweep');
    const tasks = planRnnSweep(config);
    const parts = tasks.map((t) => (t.gain === 0.8 && t.rule === 'bptt' ? runRnnSweepTask(t, ctx) : undefined));
    const merged = rnnSweep.mergePartial!(config, parts, 0);
    expect(merged.partial).toEqual({ done: 4, planned: 16 });
    const ran = merged.cells.filter((c) => c.runs.length > 0);
    expect(ran.map((c) => `${c.gain}/${c.rule}/${c.schedule}`)).toEqual(['0.8/bptt/none', '0.8/bptt/inter']);
    // The cells that ran equal the full sweep's same cells; the others are empty, not made up.
    const full = mergeRnnSweep(config, tasks.map((t) => runRnnSweepTask(t, ctx)));
    for (const cell of ran) expect(cell).toEqual(full.cells.find((c) => c.gain === cell.gain && c.rule === cell.rule && c.schedule === cell.schedule));
    const empty = merged.cells.find((c) => c.gain === 1.6 && c.rule === 'rflo')!;
    expect(empty.seeds).toEqual([]);
    expect(empty.finalLoss).toBeNull();
    expect(rnnSweep.headline(merged)).toMatchObject({ partial: '4 of 16 runs' });
    expect(() => mergeRnnSweep(config, [...ran.flatMap(() => []), parts[0]!, parts[0]!], { partial: true })).toThrow(/exactly once/);
  });

  it('keeps every seed\'s figures and summarises success, learning-curve area and weight change from them', () => {
    const results = planRnnSweep(config).map((t) => runRnnSweepTask(t, ctx));
    const merged = mergeRnnSweep(config, results);
    for (const cell of merged.cells) {
      const own = results.filter((r) => r.gain === cell.gain && r.rule === cell.rule && r.schedule === cell.schedule);
      expect(cell.runs.map((r) => r.seed)).toEqual([1, 2]);
      for (const run of cell.runs) {
        const task = own.find((r) => r.seed === run.seed)!;
        expect(run).toMatchObject({ finalLoss: task.finalLoss, solved: task.solved, learningCurveArea: task.learningCurveArea, weightChange: task.weightChange });
      }
      expect(cell.finalLoss).toEqual(meanSpread(cell.runs.map((r) => r.finalLoss)));
      expect(cell.learningCurveArea).toEqual(meanSpread(cell.runs.map((r) => r.learningCurveArea)));
      expect(cell.success).toEqual({ solved: cell.runs.filter((r) => r.solved).length, n: 2 });
      expect(cell.weightChange!.mean).toBeGreaterThan(0);
      // lambda_max after pre-flossing exists only where there is pre-flossing (none here).
      expect(cell.lambdaMaxAfterFlossing).toBeNull();
    }
  });

  it('mean and spread', () => {
    expect(meanSpread([1, 3, null])).toEqual({ mean: 2, sd: Math.SQRT2, min: 1, max: 3, n: 2 });
    expect(meanSpread([null])).toBeNull();
  });
});
