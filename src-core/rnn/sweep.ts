/**
 * Sweeps over gain x rule x flossing schedule x seed, split into independent tasks so a job runner can spread them
 * over a worker pool (each task is one `trainRnn` call with its own seed), and a merge that turns the task results
 * into the figures of the science note: learning curves (mean and spread over seeds), final loss / accuracy against
 * gain per rule, and lambda_max against gain before and after training, on autonomous and on input-driven
 * trajectories.
 */
import type { JobContext } from '../runtime/context';
import { trainRnn } from './train';
import { drivenInputStd } from './lyapunov-kinds';
import { rnnSweepConfigSchema, type RnnSweepConfig, type RnnTrainConfig, type RuleName } from './schema';
import { mergeCell, type FlossingScheduleName, type RnnSweepCell, type RnnSweepTaskResult } from './sweep-cell';

export {
  meanSpread, type FlossingScheduleName, type MeanSpread, type RnnSweepCell, type RnnSweepRun, type RnnSweepTaskResult,
} from './sweep-cell';

type LambdaKey = 'lambdaMaxBefore' | 'lambdaMaxAfter' | 'lambdaMaxAutonomousBefore' | 'lambdaMaxAutonomousAfter' | 'lambdaMaxDrivenBefore' | 'lambdaMaxDrivenAfter';

export interface RnnSweepTask {
  /** Position in the plan; results are merged by it. */
  index: number;
  gain: number;
  rule: RuleName;
  schedule: FlossingScheduleName;
  seed: number;
  config: RnnTrainConfig;
}

export interface RnnSweepSummary {
  gains: number[];
  rules: RuleName[];
  schedules: FlossingScheduleName[];
  cells: RnnSweepCell[];
  /** Final-loss mean against gain, one series per rule and schedule (null where every seed diverged). */
  finalLossVsGain: { rule: RuleName; schedule: FlossingScheduleName; gain: number[]; mean: (number | null)[]; sd: (number | null)[] }[];
  /** lambda_max (mean over seeds) against gain before and after training, per rule and schedule: `before` / `after`
   *  of the configured kind (autonomous unless base.lyapunov.inputStd > 0), then of both kinds. Summaries stored
   *  before the two kinds existed have only `before` / `after` and no `drivenInputStd`. */
  lambdaVsGain: {
    rule: RuleName; schedule: FlossingScheduleName; gain: number[]; before: (number | null)[]; after: (number | null)[];
    autonomousBefore: (number | null)[]; autonomousAfter: (number | null)[]; drivenBefore: (number | null)[]; drivenAfter: (number | null)[];
  }[];
  /** Std of the input of the input-driven kind. */
  drivenInputStd: number;
}

export function planRnnSweep(input: RnnSweepConfig): RnnSweepTask[] {
  const config = rnnSweepConfigSchema.parse(input);
  const tasks: RnnSweepTask[] = [];
  for (const gain of config.gains) {
    for (const rule of config.rules) {
      for (const schedule of config.flossingSchedules) {
        for (let s = 0; s < config.seeds; s++) {
          const seed = config.firstSeed + s;
          const train: RnnTrainConfig = {
            ...config.base,
            model: { ...config.base.model, gain },
            rule,
            flossing: { ...config.base.flossing, schedule },
            seed,
            returnParams: false,
          };
          tasks.push({ index: tasks.length, gain, rule, schedule, seed, config: train });
        }
      }
    }
  }
  return tasks;
}

export function runRnnSweepTask(task: RnnSweepTask, ctx: JobContext): RnnSweepTaskResult {
  const r = trainRnn(task.config, ctx);
  return {
    index: task.index, gain: task.gain, rule: task.rule, schedule: task.schedule, seed: task.seed,
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

export function mergeRnnSweep(input: RnnSweepConfig, results: RnnSweepTaskResult[]): RnnSweepSummary {
  const config = rnnSweepConfigSchema.parse(input);
  const expected = planRnnSweep(config).length;
  const seen = new Set(results.map((r) => r.index));
  if (seen.size !== expected || results.length !== expected) {
    throw new Error(`sweep merge needs each of the ${expected} task results exactly once, got ${results.length} (${seen.size} distinct)`);
  }
  const cells: RnnSweepCell[] = [];
  for (const gain of config.gains) {
    for (const rule of config.rules) {
      for (const schedule of config.flossingSchedules) {
        const group = results.filter((r) => r.gain === gain && r.rule === rule && r.schedule === schedule).sort((a, b) => a.seed - b.seed);
        cells.push(mergeCell(gain, rule, schedule, group));
      }
    }
  }
  const series = config.rules.flatMap((rule) => config.flossingSchedules.map((schedule) => {
    const own = config.gains.map((g) => cells.find((c) => c.gain === g && c.rule === rule && c.schedule === schedule)!);
    return { rule, schedule, own };
  }));
  return {
    gains: config.gains,
    rules: config.rules,
    schedules: config.flossingSchedules,
    cells,
    finalLossVsGain: series.map(({ rule, schedule, own }) => ({
      rule, schedule, gain: config.gains,
      mean: own.map((c) => c.finalLoss?.mean ?? null), sd: own.map((c) => c.finalLoss?.sd ?? null),
    })),
    lambdaVsGain: series.map(({ rule, schedule, own }) => {
      const mean = (key: LambdaKey) => own.map((c) => c[key]?.mean ?? null);
      return {
        rule, schedule, gain: config.gains, before: mean('lambdaMaxBefore'), after: mean('lambdaMaxAfter'),
        autonomousBefore: mean('lambdaMaxAutonomousBefore'), autonomousAfter: mean('lambdaMaxAutonomousAfter'),
        drivenBefore: mean('lambdaMaxDrivenBefore'), drivenAfter: mean('lambdaMaxDrivenAfter'),
      };
    }),
    drivenInputStd: drivenInputStd(config.base.lyapunov),
  };
}
