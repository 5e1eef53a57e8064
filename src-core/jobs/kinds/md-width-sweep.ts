import { arrayPartSource, defineJobKind, partialText, type PartialRuns, type PartSource } from '../kind';
import {
  makePotential,
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
  merge: (config: WidthSweepConfig, parts: WidthSweepTaskResult[][]): WidthSweepResult => mergeWidthSweepParts(config, arrayPartSource(parts)),
  mergeFrom: (config: WidthSweepConfig, parts: PartSource<WidthSweepTaskResult[]>): WidthSweepResult => mergeWidthSweepParts(config, parts),
  // A shard is one (D, potential) with all its seeds: the widths that finished before the cancel are kept whole.
  mergePartial(config: WidthSweepConfig, parts: (WidthSweepTaskResult[] | undefined)[]) {
    const all = parts.flatMap((p) => p ?? []);
    return { tasks: all.length, curves: mergeWidthSweep(all), partial: { done: all.length, planned: planWidthSweep(config).length } };
  },
  headline: (r: WidthSweepResult) => ({
    tasks: r.tasks, curves: r.curves.length, maxD: Math.max(...r.curves.flatMap((c) => c.dims)), ...(r.partial ? { partial: partialText(r.partial) } : {}),
  }),
});

/**
 * mergeWidthSweep curve by curve: the plan says which shards feed which curve (true potential, a, c), so only one
 * curve's parts are read at a time. Curves come in the order of their first shard and each curve's parts in plan
 * order, exactly as mergeWidthSweep(all parts) orders them, so the numbers are the same bit for bit.
 */
function mergeWidthSweepParts(config: WidthSweepConfig, parts: PartSource<WidthSweepTaskResult[]>): WidthSweepResult {
  const shards = groupWidthSweepTasks(planWidthSweep(config));
  if (parts.count !== shards.length) throw new Error(`width sweep merge needs the ${shards.length} shard results, got ${parts.count}`);
  const curveOf = shards.map((s) => JSON.stringify([makePotential(s[0].potential).name, s[0].samplesExponent, s[0].correlation]));
  let tasks = 0;
  const curves = [...new Set(curveOf)].map((key) => {
    const own = curveOf.flatMap((k, i) => (k === key ? parts.read(i) : []));
    tasks += own.length;
    return mergeWidthSweep(own)[0];
  });
  return { tasks, curves };
}
