/**
 * Sweeps over gain x rule x flossing schedule x seed, split into independent tasks so a job runner can spread them
 * over a worker pool (each task is one `trainRnn` call with its own seed), and a merge that turns the task results
 * into the figures of the science note: learning curves (mean and spread over seeds), final loss / accuracy against
 * gain per rule, and lambda_max against gain before and after training, on autonomous and on input-driven
 * trajectories.
 */
import type { JobContext } from '../runtime/context';
import type { PartSource } from '../runtime/part-source';
import { trainRnn } from './train';
import { drivenInputStd } from './lyapunov-kinds';
import { rnnSweepConfigSchema, type FlossingConfig, type RnnSweepConfig, type RnnTrainConfig, type RuleName } from './schema';
import { sweepComparisons, type RnnComparison } from './comparisons';
import { mergeCell, type FlossingScheduleName, type RnnSweepCell, type RnnSweepTaskResult } from './sweep-cell';

export {
  meanSpread, type FlossingScheduleName, type MeanSpread, type RnnSweepCell, type RnnSweepRun, type RnnSweepTaskResult,
} from './sweep-cell';

type LambdaKey = 'lambdaMaxBefore' | 'lambdaMaxAfter' | 'lambdaMaxAutonomousBefore' | 'lambdaMaxAutonomousAfter' | 'lambdaMaxDrivenBefore' | 'lambdaMaxDrivenAfter';

export type FlossingGradientName = FlossingConfig['gradient'];

/** A flossing variant of a sweep: no flossing, or a schedule with the exact or the local gradient. */
export interface SweepVariant { schedule: FlossingScheduleName; gradient: FlossingGradientName | null }

/** The variants a sweep runs: 'none' once, every other schedule once per listed gradient. */
export function sweepVariants(config: Pick<RnnSweepConfig, 'flossingSchedules' | 'flossingGradients'>): SweepVariant[] {
  return config.flossingSchedules.flatMap((schedule): SweepVariant[] => (schedule === 'none'
    ? [{ schedule, gradient: null }]
    : (config.flossingGradients ?? ['exact']).map((gradient) => ({ schedule, gradient }))));
}

export interface RnnSweepTask {
  /** Position in the plan; results are merged by it. */
  index: number;
  gain: number;
  rule: RuleName;
  schedule: FlossingScheduleName;
  /** The flossing gradient (null without flossing). */
  gradient: FlossingGradientName | null;
  seed: number;
  config: RnnTrainConfig;
}

export interface RnnSweepSummary {
  gains: number[];
  rules: RuleName[];
  schedules: FlossingScheduleName[];
  /** The flossing gradients the flossed cells used (summaries stored before it existed: exact only). */
  gradients?: FlossingGradientName[];
  cells: RnnSweepCell[];
  /** Final-loss mean against gain, one series per rule and flossing variant (null where every seed diverged). */
  finalLossVsGain: { rule: RuleName; schedule: FlossingScheduleName; gradient?: FlossingGradientName | null; gain: number[]; mean: (number | null)[]; sd: (number | null)[] }[];
  /** lambda_max (mean over seeds) against gain before and after training, per rule and flossing variant: `before` /
   *  `after` of the configured kind (autonomous unless base.lyapunov.inputStd > 0), then of both kinds. Summaries
   *  stored before the two kinds existed have only `before` / `after` and no `drivenInputStd`. */
  lambdaVsGain: {
    rule: RuleName; schedule: FlossingScheduleName; gradient?: FlossingGradientName | null; gain: number[]; before: (number | null)[]; after: (number | null)[];
    autonomousBefore: (number | null)[]; autonomousAfter: (number | null)[]; drivenBefore: (number | null)[]; drivenAfter: (number | null)[];
  }[];
  /** Std of the input of the input-driven kind. */
  drivenInputStd: number;
  /** Every flossed cell against its unflossed twin, and every variant's smallest gain against its largest, each with
   *  its tests (comparisons.ts). Summaries stored before issue 14 lack them. */
  comparisons?: RnnComparison[];
}

/** One cell of the plan: its runs' task indices and seeds (ascending), without their training configs. */
export interface PlannedCell extends SweepVariant { gain: number; rule: RuleName; runs: { index: number; seed: number }[] }

/** The sweep's cells in plan order (gain, rule, flossing variant): the plan without configs. */
export function sweepCells(input: RnnSweepConfig): PlannedCell[] {
  const config = rnnSweepConfigSchema.parse(input);
  let index = 0;
  return config.gains.flatMap((gain) => config.rules.flatMap((rule) => sweepVariants(config).map(({ schedule, gradient }) => ({
    gain, rule, schedule, gradient,
    runs: Array.from({ length: config.seeds }, (_, s) => ({ index: index++, seed: config.firstSeed + s })),
  }))));
}

export function planRnnSweep(input: RnnSweepConfig): RnnSweepTask[] {
  const config = rnnSweepConfigSchema.parse(input);
  return sweepCells(config).flatMap(({ gain, rule, schedule, gradient, runs }) => runs.map(({ index, seed }) => {
    const train: RnnTrainConfig = {
      ...config.base,
      model: { ...config.base.model, gain },
      rule,
      flossing: { ...config.base.flossing, schedule, ...(gradient === null ? {} : { gradient }) },
      seed,
      returnParams: false,
    };
    return { index, gain, rule, schedule, gradient, seed, config: train };
  }));
}

export function runRnnSweepTask(task: RnnSweepTask, ctx: JobContext): RnnSweepTaskResult {
  const r = trainRnn(task.config, ctx);
  return {
    index: task.index, gain: task.gain, rule: task.rule, schedule: task.schedule, gradient: task.gradient, seed: task.seed,
    lossCurve: r.lossCurve.loss, finalLoss: r.finalLoss, finalAccuracy: r.finalAccuracy,
    solved: r.solved, iterationsToCriterion: r.iterationsToCriterion, learningCurveArea: r.diverged ? null : r.learningCurveArea,
    lambdaMaxBefore: r.lambdaMaxBefore, lambdaMaxAfterFlossing: r.lambdaMaxAfterFlossing, lambdaMaxAfter: r.lambdaMaxAfter,
    lambdaMaxAutonomousBefore: r.lambdaMaxAutonomousBefore, lambdaMaxAutonomousAfterFlossing: r.lambdaMaxAutonomousAfterFlossing,
    lambdaMaxAutonomousAfter: r.lambdaMaxAutonomousAfter,
    lambdaMaxDrivenBefore: r.lambdaMaxDrivenBefore, lambdaMaxDrivenAfterFlossing: r.lambdaMaxDrivenAfterFlossing,
    lambdaMaxDrivenAfter: r.lambdaMaxDrivenAfter,
    weightChange: r.weightChange.total, weightChangeTraining: r.weightChange.training,
    diverged: r.diverged,
  };
}

/** Runs every task in order in this thread (the job runner instead distributes `planRnnSweep`'s tasks). */
export function runRnnSweep(input: RnnSweepConfig, ctx: JobContext): RnnSweepSummary {
  const config = rnnSweepConfigSchema.parse(input);
  const tasks = planRnnSweep(config);
  const results: RnnSweepTaskResult[] = [];
  tasks.forEach((task, i) => {
    const inner: JobContext = {
      rng: ctx.rng,
      checkCancelled: ctx.checkCancelled,
      report: (p) => ctx.report({ ...p, fraction: (i + Math.min(1, Math.max(0, p.fraction))) / tasks.length }),
    };
    results.push(runRnnSweepTask(task, inner));
  });
  return mergeRnnSweep(config, results);
}

/**
 * The sweep's summary from its runs. `partial`: some runs are missing (the sweep was cancelled), so the cells hold the
 * seeds that finished and a cell without any has no figures (null), instead of the merge refusing.
 */
export function mergeRnnSweep(input: RnnSweepConfig, results: RnnSweepTaskResult[], options: { partial?: boolean } = {}): RnnSweepSummary {
  const config = rnnSweepConfigSchema.parse(input);
  const expected = planRnnSweep(config).length;
  const seen = new Set(results.map((r) => r.index));
  if (seen.size !== results.length || (!options.partial && seen.size !== expected) || [...seen].some((i) => i < 0 || i >= expected)) {
    throw new Error(`sweep merge needs each of the ${expected} task results exactly once, got ${results.length} (${seen.size} distinct)`);
  }
  const byIndex: RnnSweepTaskResult[] = [];
  for (const r of results) byIndex[r.index] = r;
  return summariseSweep(config, (index) => byIndex[index] !== undefined, (index) => byIndex[index]);
}

/**
 * The merge over task results read one at a time (part i is task i's): each cell reads its seeds' results twice
 * (mergeCell), so memory holds a cell's per-seed figures and curve sums, never the seeds' curves.
 */
export function mergeRnnSweepFrom(input: RnnSweepConfig, parts: PartSource<RnnSweepTaskResult>): RnnSweepSummary {
  const config = rnnSweepConfigSchema.parse(input);
  // The plan's cells without its task configs: a sweep of thousands of runs would hold them all for nothing.
  const planned = sweepCells(config);
  const expected = planned.reduce((n, c) => n + c.runs.length, 0);
  if (parts.count !== expected) throw new Error(`sweep merge needs each of the ${expected} task results exactly once, got ${parts.count}`);
  return summariseSweep(config, () => true, (index) => {
    const r = parts.read(index);
    if (r.index !== index) throw new Error(`sweep merge: part ${index} holds the result of task ${r.index}`);
    return r;
  });
}

/** Both merges: every cell of the plan over its runs that `has` a result, each read through `read` (task index -> result). */
function summariseSweep(config: RnnSweepConfig, has: (index: number) => boolean, read: (index: number) => RnnSweepTaskResult): RnnSweepSummary {
  const variants = sweepVariants(config);
  const cells: RnnSweepCell[] = sweepCells(config).map(({ gain, rule, schedule, gradient, runs }) =>
    mergeCell(gain, rule, schedule, gradient, runs.filter((r) => has(r.index)).map((r) => r.index), read));
  const series = config.rules.flatMap((rule) => variants.map(({ schedule, gradient }) => {
    const own = config.gains.map((g) => cells.find((c) => c.gain === g && c.rule === rule && c.schedule === schedule && c.gradient === gradient)!);
    return { rule, schedule, gradient, own };
  }));
  return {
    gains: config.gains,
    rules: config.rules,
    schedules: config.flossingSchedules,
    gradients: config.flossingGradients,
    cells,
    finalLossVsGain: series.map(({ rule, schedule, gradient, own }) => ({
      rule, schedule, gradient, gain: config.gains,
      mean: own.map((c) => c.finalLoss?.mean ?? null), sd: own.map((c) => c.finalLoss?.sd ?? null),
    })),
    lambdaVsGain: series.map(({ rule, schedule, gradient, own }) => {
      const mean = (key: LambdaKey) => own.map((c) => c[key]?.mean ?? null);
      return {
        rule, schedule, gradient, gain: config.gains, before: mean('lambdaMaxBefore'), after: mean('lambdaMaxAfter'),
        autonomousBefore: mean('lambdaMaxAutonomousBefore'), autonomousAfter: mean('lambdaMaxAutonomousAfter'),
        drivenBefore: mean('lambdaMaxDrivenBefore'), drivenAfter: mean('lambdaMaxDrivenAfter'),
      };
    }),
    drivenInputStd: drivenInputStd(config.base.lyapunov),
    comparisons: sweepComparisons(cells, config.gains),
  };
}
