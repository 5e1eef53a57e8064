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
  /** A few figures for the history table. */
  headline(result: Result): Record<string, number | string>;
}

/** Helper that keeps the four type parameters inferred from the object literal. */
export function defineJobKind<Config, Shard, Part, Result>(kind: JobKind<Config, Shard, Part, Result>): JobKind<Config, Shard, Part, Result> {
  return kind;
}
