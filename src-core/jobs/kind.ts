import type { EntryKind } from '../contract/entries';
import type { JobContext } from '../runtime/context';
import type { PartSource } from '../runtime/part-source';

export { arrayPartSource, type PartSource } from '../runtime/part-source';

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
  /**
   * The same merge over parts read one at a time, for kinds whose parts can be many (sweeps collected from a
   * cluster): it keeps only what its result needs of each part, so memory does not grow with their number. A kind
   * that has it defines `merge` as `mergeFrom` over the parts in memory, so both give the same bits.
   */
  mergeFrom?(config: Config, parts: PartSource<Part>, seed: number): Result;
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

/** Merges parts from a source: streaming when the kind can, else all parts read into memory and its `merge`. */
export function mergeFromSource<Config, Part, Result>(kind: JobKind<Config, unknown, Part, Result>, config: Config, parts: PartSource<Part>, seed: number): Result {
  if (kind.mergeFrom) return kind.mergeFrom(config, parts, seed);
  return kind.merge(config, Array.from({ length: parts.count }, (_, i) => parts.read(i)), seed);
}
