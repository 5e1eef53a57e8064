import type { EntryKind } from '../contract/entries';
import type { JobContext } from '../runtime/context';

/**
 * A kind of job: a pure computation split into independent shards. Each shard runs in a worker with its own seeded
 * stream (createRng(seed, shardIndex + 1)), so the result is the same whatever the number of workers; `merge` runs in
 * main and must be cheap. A job that cannot be split plans a single shard.
 */
export interface JobKind<Config = unknown, Shard = unknown, Part = unknown, Result = unknown> {
  entryKind: EntryKind;
  /** Default name of the history entry. */
  describe(config: Config): string;
  plan(config: Config, seed: number): Shard[];
  runShard(shard: Shard, ctx: JobContext): Part;
  merge(config: Config, parts: Part[], seed: number): Result;
  /**
   * Sweeps: the result of the shards that finished before the job was cancelled (`undefined` for the others), with
   * `partial` saying how many runs that is; the entry keeps it with status 'cancelled'. Absent: a cancelled job keeps
   * no result.
   */
  mergePartial?(config: Config, parts: (Part | undefined)[], seed: number): Result & { partial: PartialRuns };
  /** A few figures for the history table. */
  headline(result: Result): Record<string, number | string>;
}

/** How much of a cancelled sweep its result holds. */
export interface PartialRuns {
  /** Runs that finished (and are in the result). */
  done: number;
  /** Runs the sweep was planned with. */
  planned: number;
}

/** "5 of 12 runs", for headlines. */
export const partialText = (p: PartialRuns) => `${p.done} of ${p.planned} runs`;

/** Helper that keeps the four type parameters inferred from the object literal. */
export function defineJobKind<Config, Shard, Part, Result>(kind: JobKind<Config, Shard, Part, Result>): JobKind<Config, Shard, Part, Result> {
  return kind;
}
