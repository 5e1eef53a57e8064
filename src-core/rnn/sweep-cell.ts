/**
 * One cell of a sweep (a gain, a rule, a flossing schedule) from the runs of its seeds: every seed's figures kept as
 * they came, and their summaries (learning curve, final loss and accuracy, success rate, iterations to criterion,
 * area under the learning curve, lambda_max at every stage, weight change).
 */
import { meanInterval, type MeanInterval } from '../stats/inference/means';
import { wilsonInterval, type ProportionInterval } from '../stats/inference/proportions';
import type { FlossingConfig, RuleName } from './schema';

export type FlossingScheduleName = FlossingConfig['schedule'];
type GradientName = FlossingConfig['gradient'];

/** One seed's figures (no learning curve: the cell keeps the curves' summary). */
export interface RnnSweepRun {
  seed: number;
  finalLoss: number | null;
  finalAccuracy: number | null;
  solved: boolean;
  iterationsToCriterion: number | null;
  learningCurveArea: number | null;
  /** The configured kind (see RnnTrainResult), then both kinds; AfterFlossing only with pre-flossing. */
  lambdaMaxBefore: number | null;
  lambdaMaxAfterFlossing: number | null;
  lambdaMaxAfter: number | null;
  lambdaMaxAutonomousBefore: number | null;
  lambdaMaxAutonomousAfterFlossing: number | null;
  lambdaMaxAutonomousAfter: number | null;
  lambdaMaxDrivenBefore: number | null;
  lambdaMaxDrivenAfterFlossing: number | null;
  lambdaMaxDrivenAfter: number | null;
  weightChange: number | null;
  weightChangeTraining: number | null;
  diverged: boolean;
}

/** What one sweep task returns: the run's figures without weights, with its training-loss curve. */
export interface RnnSweepTaskResult extends Omit<RnnSweepRun, 'seed'> {
  index: number;
  gain: number;
  rule: RuleName;
  schedule: FlossingScheduleName;
  gradient: GradientName | null;
  seed: number;
  lossCurve: number[];
}

export interface MeanSpread { mean: number; sd: number; min: number; max: number; n: number }

type LambdaKey = 'lambdaMaxBefore' | 'lambdaMaxAfterFlossing' | 'lambdaMaxAfter' | 'lambdaMaxAutonomousBefore' | 'lambdaMaxAutonomousAfterFlossing'
  | 'lambdaMaxAutonomousAfter' | 'lambdaMaxDrivenBefore' | 'lambdaMaxDrivenAfterFlossing' | 'lambdaMaxDrivenAfter';

export interface RnnSweepCell {
  gain: number;
  rule: RuleName;
  schedule: FlossingScheduleName;
  /** The flossing gradient, null without flossing (cells stored before issue 14 lack it: exact). */
  gradient: GradientName | null;
  seeds: number[];
  /** Every seed's figures, in seed order (summaries stored before issue 14 lack them). */
  runs: RnnSweepRun[];
  /** Per iteration over the seeds that did not diverge (mean, sd, min, max). */
  learningCurve: { mean: number[]; sd: number[]; min: number[]; max: number[] };
  finalLoss: MeanSpread | null;
  finalAccuracy: MeanSpread | null;
  /** Seeds whose final loss met the criterion, of all seeds (a diverged seed counts as not solved). */
  success: { solved: number; n: number };
  /** 95 % intervals: Wilson for the success rate, t for the means of the final loss and the learning-curve area
   *  (null with fewer than two seeds that did not diverge). Cells stored before issue 14 lack them. */
  intervals: { success: ProportionInterval; finalLoss: MeanInterval | null; learningCurveArea: MeanInterval | null };
  /** Over the seeds that reached the criterion (their count is n). */
  iterationsToCriterion: MeanSpread | null;
  learningCurveArea: MeanSpread | null;
  lambdaMaxBefore: MeanSpread | null;
  lambdaMaxAfterFlossing: MeanSpread | null;
  lambdaMaxAfter: MeanSpread | null;
  lambdaMaxAutonomousBefore: MeanSpread | null;
  lambdaMaxAutonomousAfterFlossing: MeanSpread | null;
  lambdaMaxAutonomousAfter: MeanSpread | null;
  lambdaMaxDrivenBefore: MeanSpread | null;
  lambdaMaxDrivenAfterFlossing: MeanSpread | null;
  lambdaMaxDrivenAfter: MeanSpread | null;
  weightChange: MeanSpread | null;
  weightChangeTraining: MeanSpread | null;
  diverged: number;
}

/** The per-seed figures of a task result. */
export function sweepRun(r: RnnSweepTaskResult): RnnSweepRun {
  return {
    seed: r.seed, finalLoss: r.finalLoss, finalAccuracy: r.finalAccuracy, solved: r.solved,
    iterationsToCriterion: r.iterationsToCriterion, learningCurveArea: r.learningCurveArea,
    lambdaMaxBefore: r.lambdaMaxBefore, lambdaMaxAfterFlossing: r.lambdaMaxAfterFlossing, lambdaMaxAfter: r.lambdaMaxAfter,
    lambdaMaxAutonomousBefore: r.lambdaMaxAutonomousBefore, lambdaMaxAutonomousAfterFlossing: r.lambdaMaxAutonomousAfterFlossing,
    lambdaMaxAutonomousAfter: r.lambdaMaxAutonomousAfter, lambdaMaxDrivenBefore: r.lambdaMaxDrivenBefore,
    lambdaMaxDrivenAfterFlossing: r.lambdaMaxDrivenAfterFlossing, lambdaMaxDrivenAfter: r.lambdaMaxDrivenAfter,
    weightChange: r.weightChange, weightChangeTraining: r.weightChangeTraining, diverged: r.diverged,
  };
}

/**
 * One cell from its seeds' task results (`indices`, seeds ascending), read through `read` twice: once for the
 * per-seed figures (kept: they are part of the result) and the learning curve's sums, once for the curve's squared
 * deviations from its means. So a cell never holds its seeds' curves, only their running sums, and the figures are
 * those of `meanSpread` over the same values bit for bit (same values, same order of additions).
 */
export function mergeCell(
  gain: number, rule: RuleName, schedule: FlossingScheduleName, gradient: GradientName | null, indices: number[], read: (index: number) => RnnSweepTaskResult,
): RnnSweepCell {
  const runs: RnnSweepRun[] = [];
  const curve: TwoPassSpread[] = [];
  let length = Infinity;
  for (const index of indices) {
    const r = read(index);
    runs.push(sweepRun(r));
    if (r.diverged) continue;
    length = Math.min(length, r.lossCurve.length);
    r.lossCurve.forEach((loss, i) => (curve[i] ??= new TwoPassSpread()).first(loss));
  }
  if (!Number.isFinite(length)) length = 0;
  if (length > 0) {
    for (const index of indices) {
      const r = read(index);
      if (!r.diverged) for (let i = 0; i < length; i++) curve[i].second(r.lossCurve[i]);
    }
  }
  const learningCurve = { mean: [] as number[], sd: [] as number[], min: [] as number[], max: [] as number[] };
  for (let i = 0; i < length; i++) {
    const s = curve[i].result()!;
    learningCurve.mean.push(s.mean); learningCurve.sd.push(s.sd); learningCurve.min.push(s.min); learningCurve.max.push(s.max);
  }
  const ok = runs.filter((r) => !r.diverged);
  // Before training (and after pre-flossing) every seed counts; after, only the seeds that did not diverge.
  const lambda = (key: LambdaKey, of: RnnSweepRun[]) => meanSpread(of.map((r) => r[key]));
  const finite = (values: (number | null)[]) => values.filter((v): v is number => v !== null && Number.isFinite(v));
  const solved = runs.filter((r) => r.solved).length;
  return {
    gain, rule, schedule, gradient,
    seeds: runs.map((r) => r.seed),
    runs,
    learningCurve,
    finalLoss: meanSpread(ok.map((r) => r.finalLoss)),
    finalAccuracy: meanSpread(ok.map((r) => r.finalAccuracy)),
    success: { solved, n: runs.length },
    intervals: {
      success: wilsonInterval(solved, Math.max(1, runs.length)),
      finalLoss: meanInterval(finite(ok.map((r) => r.finalLoss))),
      learningCurveArea: meanInterval(finite(ok.map((r) => r.learningCurveArea))),
    },
    iterationsToCriterion: meanSpread(ok.map((r) => r.iterationsToCriterion)),
    learningCurveArea: meanSpread(ok.map((r) => r.learningCurveArea)),
    lambdaMaxBefore: lambda('lambdaMaxBefore', runs),
    lambdaMaxAfterFlossing: lambda('lambdaMaxAfterFlossing', runs),
    lambdaMaxAfter: lambda('lambdaMaxAfter', ok),
    lambdaMaxAutonomousBefore: lambda('lambdaMaxAutonomousBefore', runs),
    lambdaMaxAutonomousAfterFlossing: lambda('lambdaMaxAutonomousAfterFlossing', runs),
    lambdaMaxAutonomousAfter: lambda('lambdaMaxAutonomousAfter', ok),
    lambdaMaxDrivenBefore: lambda('lambdaMaxDrivenBefore', runs),
    lambdaMaxDrivenAfterFlossing: lambda('lambdaMaxDrivenAfterFlossing', runs),
    lambdaMaxDrivenAfter: lambda('lambdaMaxDrivenAfter', ok),
    weightChange: meanSpread(ok.map((r) => r.weightChange)),
    weightChangeTraining: meanSpread(ok.map((r) => r.weightChangeTraining)),
    diverged: runs.length - ok.length,
  };
}

/**
 * Mean, sample sd (0 for one value), min and max of the finite values of a series that is read twice: `first` for
 * every value, then `second` for every value in the same order. Sums run in that order, so the figures are those of
 * `meanSpread` on the same values, bit for bit, without the series ever being held in memory.
 */
export class TwoPassSpread {
  private sum = 0;
  private n = 0;
  private min = Infinity;
  private max = -Infinity;
  private deviations = 0;

  first(value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    this.sum += value;
    this.n++;
    this.min = Math.min(this.min, value);
    this.max = Math.max(this.max, value);
  }

  second(value: number | null): void {
    if (value === null || !Number.isFinite(value)) return;
    this.deviations += (value - this.sum / this.n) ** 2;
  }

  result(): MeanSpread | null {
    if (this.n === 0) return null;
    const mean = this.sum / this.n;
    const sd = this.n > 1 ? Math.sqrt(this.deviations / (this.n - 1)) : 0;
    return { mean, sd, min: this.min, max: this.max, n: this.n };
  }
}

/** Mean, sample sd (0 for one value), min and max of the non-null values; null if there are none. */
export function meanSpread(values: (number | null)[]): MeanSpread | null {
  const spread = new TwoPassSpread();
  for (const v of values) spread.first(v);
  for (const v of values) spread.second(v);
  return spread.result();
}
