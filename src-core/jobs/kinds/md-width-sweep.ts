import { defineJobKind, partialText, type PartialRuns } from '../kind';
import {
  mergeWidthSweep,
  phaseContext,
  planWidthSweep,
  runWidthSweepTask,
  sweepWidths,
  widthSweepSchema,
  type WidthSweepConfig,
  type WidthSweepCurve,
  type WidthSweepTask,
  type WidthSweepTaskResult,
} from '../../plasticity';

/**
 * The paper's width sweep. One shard per (D, a, c, true potential) holding all its seeds, so the worker selects the
 * learning rate once (runWidthSweepTask caches it per worker) and trains every seed with it. Widest groups first:
 * they dominate the run time, and starting them early balances the workers.
 */
export interface WidthSweepResult {
  tasks: number;
  curves: WidthSweepCurve[];
  /** Set when the sweep was cancelled: the curves hold the runs that finished. */
  partial?: PartialRuns;
}

/** Progress `partial` of one finished run (dCDF per hypothesis; null where it could not be scored). */
export interface WidthSweepPoint {
  dim: number;
  seed: number;
  potential: string;
  samplesExponent: number;
  correlation: number;
  finalLoss: number | null;
  dcdf: Record<string, number | null>;
}

export function groupWidthSweepTasks(tasks: WidthSweepTask[]): WidthSweepTask[][] {
  const groups = new Map<string, WidthSweepTask[]>();
  for (const t of tasks) {
    const key = JSON.stringify([t.dim, t.samplesExponent, t.correlation, t.potential]);
    const g = groups.get(key);
    if (g) g.push(t);
    else groups.set(key, [t]);
  }
  return [...groups.values()].sort((a, b) => b[0].dim - a[0].dim);
}

export const mdWidthSweep = defineJobKind({
  entryKind: 'sweep',
  describe: (config: WidthSweepConfig) => {
    const c = widthSweepSchema.parse(config);
    const widths = c.dims ? `D=${sweepWidths(c).join(',')}` : `D=${c.minDim}..${c.maxDim} (${c.widths} widths)`;
    return `Width sweep ${widths}, ${c.seeds} seeds, ${c.truePotentials.length} potentials`;
  },
  plan: (config: WidthSweepConfig): WidthSweepTask[][] => groupWidthSweepTasks(planWidthSweep(config)),
  runShard(tasks: WidthSweepTask[], ctx): WidthSweepTaskResult[] {
    return tasks.map((task, i) => {
      ctx.checkCancelled();
      const r = runWidthSweepTask(task, phaseContext(ctx, i / tasks.length, (i + 1) / tasks.length));
      // Each finished run as a partial result, for a live plot of dCDF against D while the sweep runs.
      const partial: WidthSweepPoint = {
        dim: r.dim, seed: r.seed, potential: r.potential, samplesExponent: r.samplesExponent, correlation: r.correlation, finalLoss: r.finalLoss,
        dcdf: Object.fromEntries(r.scores.map((s) => [s.hypothesis, s.dcdf])),
      };
      ctx.report({ fraction: (i + 1) / tasks.length, metrics: { dim: task.dim, seed: task.seed }, partial });
      return r;
    });
  },
  merge: (_config: WidthSweepConfig, parts: WidthSweepTaskResult[][]): WidthSweepResult => {
    const all = parts.flat();
    return { tasks: all.length, curves: mergeWidthSweep(all) };
  },
  // A shard is one (D, potential) with all its seeds: the widths that finished before the cancel are kept whole.
  mergePartial(config: WidthSweepConfig, parts: (WidthSweepTaskResult[] | undefined)[]) {
    const all = parts.flatMap((p) => p ?? []);
    return { tasks: all.length, curves: mergeWidthSweep(all), partial: { done: all.length, planned: planWidthSweep(config).length } };
  },
  headline: (r: WidthSweepResult) => ({
    tasks: r.tasks, curves: r.curves.length, maxD: Math.max(...r.curves.flatMap((c) => c.dims)), ...(r.partial ? { partial: partialText(r.partial) } : {}),
  }),
});
