import { z } from 'zod';
import { defineJobKind } from '../kind';
import { datasetColumnSchema, numericArraySchema } from '../schemas';
import {
  bootstrapIntervals,
  bootstrapPickedP,
  checkPairs,
  defaultHypotheses,
  geometryPower,
  geometryTestSchema,
  geometryVerdict,
  planGeometryBootstrap,
  potentialFromName,
  runGeometryBootstrapChunk,
  runnerUpOf,
  scoreAllHypotheses,
  type BootstrapChunk,
  type GeometryScores,
  type GeometryTestResult,
  type PowerAnalysis,
} from '../../plasticity';
import { geometryTestJobSchema, weightValues, type GeometryTestJobConfig } from './geometry-schema';
import { describePair } from './sample-names';

const shared = { numericArraySchema, datasetColumnSchema };

/**
 * The geometry test on measured before/after pairs (runGeometryTest, split across workers): the bootstrap in
 * chunks of replicates (replicate r always draws from stream 1 + r of the config's seed, so the chunking does not
 * change the CIs) and the power analysis as one more shard. Bad data (unequal lengths, non-finite values, too few
 * pairs) fails the job from the shards with the core's message. The result equals runGeometryTest's for the same
 * configuration, bit for bit.
 */
type Options = z.output<typeof geometryTestSchema>;

type Shard =
  | { type: 'bootstrap'; before: Float64Array; after: Float64Array; options: Options; chunk: BootstrapChunk }
  | { type: 'power'; before: Float64Array; after: Float64Array; options: Options };

type Part = { type: 'bootstrap'; dcdf: Float64Array[] } | { type: 'power'; power: PowerAnalysis | null };

function inputs(configIn: GeometryTestJobConfig): { before: Float64Array; after: Float64Array; options: Options } {
  const { before, after, ...rest } = geometryTestJobSchema(shared).parse(configIn);
  return { before: weightValues(before, 'before'), after: weightValues(after, 'after'), options: geometryTestSchema.parse(rest) };
}

/** The point scores (what runGeometryTest scores and bootstraps), after the core's checks on the pairs. */
function pointScores(before: Float64Array, after: Float64Array, options: Options): GeometryScores {
  checkPairs(before, after);
  if (before.length < 3) throw new Error(`the geometry test needs at least 3 synapse pairs, got ${before.length}`);
  const hypotheses = options.hypotheses ? options.hypotheses.map(potentialFromName) : defaultHypotheses();
  return scoreAllHypotheses(before, after, hypotheses, { signFlips: options.signFlips });
}

function comparedPair(point: GeometryScores, options: Options): [string, string | null] {
  return options.compare ? [options.compare[0], options.compare[1]] : [point.best, runnerUpOf(point.scores, point.best)];
}

export const geometryTest = defineJobKind({
  entryKind: 'geometry-test',
  describe: (config: GeometryTestJobConfig) => `Geometry test of ${describePair(config.before, config.after)}`,

  plan(config: GeometryTestJobConfig): Shard[] {
    const { before, after, options } = inputs(config);
    const chunks = planGeometryBootstrap(options.bootstrap, options.seed);
    // The power shard comes first: it is the longest (up to ~12 sample sizes x replicates).
    return [{ type: 'power', before, after, options }, ...chunks.map((chunk) => ({ type: 'bootstrap' as const, before, after, options, chunk }))];
  },

  runShard(shard: Shard, ctx): Part {
    const point = pointScores(shard.before, shard.after, shard.options);
    if (shard.type === 'bootstrap') {
      return { type: 'bootstrap', dcdf: runGeometryBootstrapChunk(shard.before, shard.after, point.scores.map((s) => s.hypothesis), shard.chunk, ctx, shard.options.signFlips) };
    }
    const [leader, rival] = comparedPair(point, shard.options);
    const o = shard.options;
    const power = o.powerReplicates > 0 && rival ? geometryPower(shard.before, shard.after, leader, rival, { replicates: o.powerReplicates, maxSynapses: o.maxSynapses, seed: o.seed, signFlips: o.signFlips }, ctx) : null;
    return { type: 'power', power };
  },

  merge(config: GeometryTestJobConfig, parts: Part[]): GeometryTestResult {
    const { before, after, options } = inputs(config);
    const point = pointScores(before, after, options);
    const boot = parts.flatMap((p) => (p.type === 'bootstrap' ? [p.dcdf] : []));
    const cis = boot.length > 0 ? bootstrapIntervals(boot, options.ciLevel, point.scores.map((s) => s.dcdf)) : point.scores.map(() => null);
    const pickedP = boot.length > 0 ? bootstrapPickedP(boot, point.scores.map((s) => s.hypothesis), options.ciLevel) : null;
    const power = parts.find((p): p is Extract<Part, { type: 'power' }> => p.type === 'power')?.power ?? null;
    return {
      n: before.length,
      excluded: point.excluded,
      signFlips: point.signFlips,
      zeros: point.zeros,
      signFlipRule: options.signFlips,
      scores: point.scores.map((s, h) => ({ hypothesis: s.hypothesis, dcdf: s.dcdf, dcdfCentred: s.dcdfCentred, ci: cis[h], changeMagnitude: s.changeMagnitude, n: s.n })),
      best: point.best,
      verdict: geometryVerdict(point.best, point.signFlips),
      runnerUp: comparedPair(point, options)[1],
      power,
      pickedP,
    };
  },

  headline: (r: GeometryTestResult) => ({ n: r.n, best: r.best, signFlips: r.signFlips ?? '-', excluded: r.excluded, requiredSynapses: r.power?.requiredSynapses ?? '-' }),
});
