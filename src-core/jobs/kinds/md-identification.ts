import { defineJobKind, partialText, type PartialRuns } from '../kind';
import {
  identificationSchema,
  mergeIdentification,
  P_RESOLUTION,
  planIdentification,
  runIdentificationTask,
  type IdentificationConfig,
  type IdentificationSummary,
  type IdentificationTask,
  type IdentificationTaskResult,
} from '../../plasticity';

/**
 * The synthetic identification test: one shard per true potential (its repeats are cheap, ~1000 synapses each).
 * Every task draws from its own stream (true potential and repeat), so the split does not change the numbers.
 */
export interface IdentificationResult {
  summaries: IdentificationSummary[];
  /** Set when the test was cancelled: the true potentials whose repeats all finished. */
  partial?: PartialRuns;
}

export const mdIdentification = defineJobKind({
  entryKind: 'sweep',
  describe: (config: IdentificationConfig) => {
    const c = identificationSchema.parse(config);
    return `Identification test, ${c.repeats} repeats x ${c.truePotentials.length} potentials, ${c.synapses} synapses (${c.init})`;
  },
  plan(config: IdentificationConfig): IdentificationTask[][] {
    const tasks = planIdentification(config);
    const groups = new Map<string, IdentificationTask[]>();
    for (const t of tasks) {
      const key = JSON.stringify(t.potential);
      groups.set(key, [...(groups.get(key) ?? []), t]);
    }
    return [...groups.values()];
  },
  runShard(tasks: IdentificationTask[], ctx): IdentificationTaskResult[] {
    return tasks.map((task, i) => {
      ctx.checkCancelled();
      const r = runIdentificationTask(task);
      ctx.report({ fraction: (i + 1) / tasks.length });
      return r;
    });
  },
  merge: (_config: IdentificationConfig, parts: IdentificationTaskResult[][]): IdentificationResult => ({ summaries: mergeIdentification(parts.flat()) }),
  // A shard is one true potential with all its repeats: those that finished are kept whole.
  mergePartial(config: IdentificationConfig, parts: (IdentificationTaskResult[] | undefined)[]) {
    const all = parts.flatMap((p) => p ?? []);
    return { summaries: all.length ? mergeIdentification(all) : [], partial: { done: all.length, planned: planIdentification(config).length } };
  },
  headline: (r: IdentificationResult) => ({
    ...Object.fromEntries(r.summaries.map((s) => [s.truePotential, `${s.correct}/${s.repeats} within ${P_RESOLUTION}`])),
    ...(r.partial ? { partial: partialText(r.partial) } : {}),
  }),
});
