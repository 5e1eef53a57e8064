import type { JobContext } from '../../runtime/context';
import { defineJobKind, partialText, type PartialRuns, type PartSource } from '../kind';
import {
  mergeRnnSweep, mergeRnnSweepFrom, planRnnSweep, runRnnSweepTask, type RnnSweepSummary, type RnnSweepTask, type RnnSweepTaskResult,
} from '../../rnn/sweep';
import { rnnSweepConfigSchema, type RnnSweepConfig } from '../../rnn/schema';
import { countSignificant } from '../../rnn/comparisons';

/**
 * A gain x rule x flossing schedule x seed sweep (`rnn sweep`): one shard per training run, so the pool keeps every
 * core busy; each run's seed is in its task (firstSeed + s), so the numbers do not depend on the worker count or the
 * job seed. The partial loss points of each run are tagged with the run they belong to, so the interface can draw
 * every learning curve live.
 */
export interface RnnSweepPartial {
  task: number;
  gain: number;
  rule: string;
  schedule: string;
  /** The flossing gradient (null without flossing). */
  gradient?: string | null;
  seed: number;
  iteration: number[];
  loss: number[];
}

export const rnnSweep = defineJobKind({
  entryKind: 'sweep',
  describe(input: RnnSweepConfig) {
    const c = rnnSweepConfigSchema.parse(input);
    const gradients = c.flossingGradients.length === 1 && c.flossingGradients[0] === 'exact' ? '' : ` (${c.flossingGradients.join(',')})`;
    const schedules = c.flossingSchedules.length === 1 && c.flossingSchedules[0] === 'none' ? '' : ` x flossing ${c.flossingSchedules.join(',')}${gradients}`;
    return `RNN sweep ${c.base.task.kind}: gains ${c.gains.join(',')} x ${c.rules.join(',')}${schedules} x ${c.seeds} seed${c.seeds === 1 ? '' : 's'}`;
  },
  plan: (config: RnnSweepConfig): RnnSweepTask[] => planRnnSweep(config),
  runShard(task: RnnSweepTask, ctx): RnnSweepTaskResult {
    const tagged: JobContext = {
      rng: ctx.rng,
      checkCancelled: ctx.checkCancelled,
      report: (p) => {
        const partial = p.partial as { iteration: number[]; loss: number[] } | undefined;
        ctx.report(partial === undefined ? p : {
          ...p,
          partial: { task: task.index, gain: task.gain, rule: task.rule, schedule: task.schedule, gradient: task.gradient, seed: task.seed, ...partial } satisfies RnnSweepPartial,
        });
      },
    };
    return runRnnSweepTask(task, tagged);
  },
  merge: (config: RnnSweepConfig, parts: RnnSweepTaskResult[]): RnnSweepSummary => mergeRnnSweep(config, parts),
  mergePartial(config: RnnSweepConfig, parts: (RnnSweepTaskResult | undefined)[]) {
    const done = parts.filter((p): p is RnnSweepTaskResult => p !== undefined);
    return { ...mergeRnnSweep(config, done, { partial: true }), partial: { done: done.length, planned: parts.length } };
  },
  // merge and mergeFrom are the same code (mergeRnnSweep reads its array through mergeRnnSweepFrom).
  mergeFrom: (config: RnnSweepConfig, parts: PartSource<RnnSweepTaskResult>): RnnSweepSummary => mergeRnnSweepFrom(config, parts),
  headline(r: RnnSweepSummary & { partial?: PartialRuns }) {
    const figures: Record<string, number | string> = { runs: r.cells.reduce((s, c) => s + c.seeds.length, 0) };
    if (r.partial) figures.partial = partialText(r.partial);
    // The best cell by mean final loss: what a glance at the table should tell.
    const best = r.cells.filter((c) => c.finalLoss !== null).sort((a, b) => a.finalLoss!.mean - b.finalLoss!.mean)[0];
    if (best) {
      figures.bestFinalLoss = best.finalLoss!.mean;
      figures.best = `${best.rule}${best.schedule === 'none' ? '' : `+${best.schedule}${best.gradient === 'local' ? ' (local)' : ''}`} g=${best.gain}`;
    }
    if (r.comparisons && r.comparisons.length > 0) figures.significant = `${countSignificant(r.comparisons).significant} of ${r.comparisons.length} comparisons`;
    const diverged = r.cells.reduce((s, c) => s + c.diverged, 0);
    if (diverged > 0) figures.diverged = diverged;
    return figures;
  },
});
