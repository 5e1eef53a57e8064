import { describe, expect, it } from 'vitest';
import { createRng } from '../../src-core/random/rng';
import { arrayPartSource, type PartSource } from '../../src-core/jobs/kind';
import { catalogue } from '../../src-core/jobs/catalogue';
import { mergeRnnSweep, planRnnSweep, sweepVariants, type MeanSpread, type RnnSweepTaskResult } from '../../src-core/rnn/sweep';
import { sweepRun } from '../../src-core/rnn/sweep-cell';
import { rnnSweepConfigSchema, type RnnSweepConfig } from '../../src-core/rnn/schema';
import { groupWidthSweepTasks } from '../../src-core/jobs/kinds/md-width-sweep';
import { mergeWidthSweep, planWidthSweep, type WidthSweepTaskResult } from '../../src-core/plasticity/width-sweep';
import { meanInterval } from '../../src-core/stats/inference/means';
import { wilsonInterval } from '../../src-core/stats/inference/proportions';
import { sameNumbers } from '../../src-main/history/rerun';

/**
 * The streaming merges a cluster collect uses (parts read one at a time) against the in-memory merges as they were
 * written before streaming existed: same numbers bit for bit, on parts with every awkward value a run can produce
 * (null, NaN, infinities, -0, diverged seeds, curves of different lengths, a cell where every seed diverged).
 */

const config: RnnSweepConfig = rnnSweepConfigSchema.parse({
  base: { model: { n: 8 }, task: { kind: 'delayed-xor' }, iterations: 12 },
  gains: [0.5, 1.5], rules: ['bptt', 'eprop'], flossingSchedules: ['none', 'inter'], seeds: 5, firstSeed: 3,
});

function awkward(rng: ReturnType<typeof createRng>): number | null {
  const u = rng.uniform();
  if (u < 0.04) return null;
  if (u < 0.07) return NaN;
  if (u < 0.09) return Infinity;
  if (u < 0.1) return -0;
  return (rng.uniform() - 0.3) * 10 ** Math.floor(rng.uniform() * 6 - 3);
}

function finite(rng: ReturnType<typeof createRng>): number {
  const v = awkward(rng);
  return v === null || !Number.isFinite(v) ? rng.uniform() : v;
}

function syntheticResults(): RnnSweepTaskResult[] {
  const rng = createRng(7, 1);
  return planRnnSweep(config).map((task) => {
    // Every seed of the first cell diverges; elsewhere about one run in five.
    const diverged = task.index < 5 || rng.uniform() < 0.2;
    const length = 8 + Math.floor(rng.uniform() * 6);
    const scalar = () => (diverged && rng.uniform() < 0.5 ? null : awkward(rng));
    return {
      index: task.index, gain: task.gain, rule: task.rule, schedule: task.schedule, gradient: task.gradient, seed: task.seed,
      // A run that did not diverge has a finite curve (training stops a run at its first non-finite loss).
      lossCurve: Array.from({ length }, () => (diverged ? awkward(rng) ?? NaN : finite(rng))),
      finalLoss: diverged ? null : awkward(rng), finalAccuracy: diverged ? null : awkward(rng),
      solved: !diverged && rng.uniform() < 0.5, iterationsToCriterion: diverged ? null : awkward(rng), learningCurveArea: diverged ? null : awkward(rng),
      lambdaMaxBefore: awkward(rng), lambdaMaxAfterFlossing: awkward(rng), lambdaMaxAfter: scalar(),
      lambdaMaxAutonomousBefore: awkward(rng), lambdaMaxAutonomousAfterFlossing: awkward(rng), lambdaMaxAutonomousAfter: scalar(),
      lambdaMaxDrivenBefore: awkward(rng), lambdaMaxDrivenAfterFlossing: awkward(rng), lambdaMaxDrivenAfter: scalar(),
      weightChange: scalar(), weightChangeTraining: scalar(), diverged,
    };
  });
}

/** The sweep's cell figures as computed before the streaming merge (sweep-cell.ts's mergeCell over an array of a cell's results). */
function referenceSpread(values: (number | null)[]): MeanSpread | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

function referenceCells(results: RnnSweepTaskResult[]) {
  const c = rnnSweepConfigSchema.parse(config);
  return c.gains.flatMap((gain) => c.rules.flatMap((rule) => sweepVariants(c).map(({ schedule, gradient }) => {
    const group = results.filter((r) => r.gain === gain && r.rule === rule && r.schedule === schedule && r.gradient === gradient).sort((a, b) => a.seed - b.seed);
    const ok = group.filter((r) => !r.diverged);
    const length = ok.length === 0 ? 0 : Math.min(...ok.map((r) => r.lossCurve.length));
    const curve = { mean: [] as number[], sd: [] as number[], min: [] as number[], max: [] as number[] };
    for (let i = 0; i < length; i++) {
      const s = referenceSpread(ok.map((r) => r.lossCurve[i]))!;
      curve.mean.push(s.mean); curve.sd.push(s.sd); curve.min.push(s.min); curve.max.push(s.max);
    }
    const lambda = (key: keyof RnnSweepTaskResult, runs: RnnSweepTaskResult[]) => referenceSpread(runs.map((r) => r[key] as number | null));
    const finiteOf = (values: (number | null)[]) => values.filter((v): v is number => v !== null && Number.isFinite(v));
    const solved = group.filter((r) => r.solved).length;
    return {
      gain, rule, schedule, gradient, seeds: group.map((r) => r.seed), runs: group.map(sweepRun), learningCurve: curve,
      finalLoss: referenceSpread(ok.map((r) => r.finalLoss)), finalAccuracy: referenceSpread(ok.map((r) => r.finalAccuracy)),
      success: { solved, n: group.length },
      intervals: {
        success: wilsonInterval(solved, Math.max(1, group.length)),
        finalLoss: meanInterval(finiteOf(ok.map((r) => r.finalLoss))),
        learningCurveArea: meanInterval(finiteOf(ok.map((r) => r.learningCurveArea))),
      },
      iterationsToCriterion: referenceSpread(ok.map((r) => r.iterationsToCriterion)),
      learningCurveArea: referenceSpread(ok.map((r) => r.learningCurveArea)),
      lambdaMaxBefore: lambda('lambdaMaxBefore', group), lambdaMaxAfterFlossing: lambda('lambdaMaxAfterFlossing', group),
      lambdaMaxAfter: lambda('lambdaMaxAfter', ok),
      lambdaMaxAutonomousBefore: lambda('lambdaMaxAutonomousBefore', group), lambdaMaxAutonomousAfterFlossing: lambda('lambdaMaxAutonomousAfterFlossing', group),
      lambdaMaxAutonomousAfter: lambda('lambdaMaxAutonomousAfter', ok),
      lambdaMaxDrivenBefore: lambda('lambdaMaxDrivenBefore', group), lambdaMaxDrivenAfterFlossing: lambda('lambdaMaxDrivenAfterFlossing', group),
      lambdaMaxDrivenAfter: lambda('lambdaMaxDrivenAfter', ok),
      weightChange: referenceSpread(ok.map((r) => r.weightChange)), weightChangeTraining: referenceSpread(ok.map((r) => r.weightChangeTraining)),
      diverged: group.length - ok.length,
    };
  })));
}

/** A source that counts reads and how many parts were ever held at once by the merge (none are kept by it). */
function countingSource<P>(parts: P[]): PartSource<P> & { reads: number } {
  const source = { count: parts.length, reads: 0, read: (i: number) => { source.reads++; return structuredClone(parts[i]); } };
  return source;
}

describe('streaming merges for cluster collect', () => {
  it('rnn-sweep: the streaming merge gives the reference cell figures bit for bit, in whatever order the parts came', () => {
    const results = syntheticResults();
    const order = createRng(3, 1);
    const shuffled = results.map((r) => ({ r, key: order.uniform() })).sort((a, b) => a.key - b.key).map(({ r }) => r);
    const merged = mergeRnnSweep(config, shuffled);
    const reference = referenceCells(results);
    expect(merged.cells).toHaveLength(8);
    merged.cells.forEach((cell, i) => expect(sameNumbers(cell, reference[i]), `cell ${i}`).toBe(true));
    // The all-diverged cell keeps its seeds and has no curve; the others have curves as long as their shortest run.
    expect(merged.cells[0]).toMatchObject({ diverged: 5, learningCurve: { mean: [] }, finalLoss: null });
    expect(merged.cells.some((c) => c.learningCurve.mean.some((m) => Object.is(m, NaN)))).toBe(false);
  });

  it('rnn-sweep: mergeFrom reads each part at most twice, one at a time, and equals merge', () => {
    const results = syntheticResults();
    const kind = catalogue['rnn-sweep'];
    const source = countingSource(results);
    const streamed = kind.mergeFrom!(config as never, source, 0);
    expect(sameNumbers(streamed, kind.merge(config as never, results, 0))).toBe(true);
    // Twice each, except the 5 seeds of the cell where every seed diverged: it has no curve to take a second pass over.
    expect(source.reads).toBe(2 * results.length - 5);
    expect(() => kind.mergeFrom!(config as never, arrayPartSource(results.slice(1)), 0)).toThrow(/each of the 40 task results/);
    const swapped = [...results];
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    expect(() => kind.mergeFrom!(config as never, arrayPartSource(swapped), 0)).toThrow(/part 0 holds the result of task 1/);
  });

  it('md-width-sweep: curve by curve from the plan equals mergeWidthSweep over every part', () => {
    const width = { minDim: 20, maxDim: 60, widths: 3, seeds: 4, truePotentials: [{ kind: 'negative-entropy' as const }, { kind: 'p-norm' as const, p: 3 }, { kind: 'euclidean' as const }] };
    const rng = createRng(11, 1);
    const shards = groupWidthSweepTasks(planWidthSweep(width));
    const names = ['negative-entropy', 'p=1.5', 'p=2', 'p=3'];
    // Synthetic parts shaped like runWidthSweepTask's (its numerics are tested elsewhere; the merge is the subject).
    const parts: WidthSweepTaskResult[][] = shards.map((tasks) => tasks.map((t) => ({
      dim: t.dim, seed: t.seed, potential: t.potential.kind === 'p-norm' ? `p=${t.potential.p}` : t.potential.kind === 'euclidean' ? 'p=2' : 'negative-entropy',
      samplesExponent: t.samplesExponent, correlation: t.correlation, lr: rng.uniform(), steps: 100, selectionConverged: true,
      finalLoss: rng.uniform() < 0.2 ? null : rng.uniform() * 1e-3,
      scores: names.map((hypothesis) => ({ hypothesis, dcdf: rng.uniform() < 0.1 ? null : rng.uniform(), changeMagnitude: rng.uniform() < 0.1 ? null : rng.uniform(), excluded: 0 })),
    })));
    const kind = catalogue['md-width-sweep'];
    const source = countingSource(parts);
    const streamed = kind.mergeFrom!(width as never, source, 0) as { tasks: number; curves: unknown[] };
    expect(sameNumbers(streamed, { tasks: 36, curves: mergeWidthSweep(parts.flat()) })).toBe(true);
    expect(streamed.curves).toHaveLength(3);
    expect(source.reads).toBe(parts.length);
    expect(sameNumbers(kind.merge(width as never, parts, 0), streamed)).toBe(true);
  });
});
