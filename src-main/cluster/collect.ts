import { catalogue } from '@core/jobs/catalogue';
import { mergeFromSource, type JobKind } from '@core/jobs/kind';
import { partsPresent, readFailures, readMeta, readPlan, type JobMeta } from './job-dir';
import { folderPartSource } from './parts';
import { taskOfShard } from './sbatch-script';
import { describeTasks } from './status';

/**
 * Merging a job folder's parts into the job's result, with the kind's own merge: streaming (parts read one at a time
 * by the kind's mergeFrom) where the kind has it, so memory does not grow with the number of parts. Every part is
 * checked against job.json as it is read (parts.ts). No database here: the CLI runs it in-process, the app in a
 * worker thread (collect-worker.ts), and the caller stores the result.
 */

/** Some tasks have not written all their parts: collect names them and merges nothing. */
export class MissingPartsError extends Error {
  constructor(readonly missingTasks: number[], readonly failedTasks: { task: number; message: string }[], readonly dir: string) {
    const failed = failedTasks.length ? `; failed: ${failedTasks.map((f) => `task ${f.task} (${f.message})`).join('; ')}` : '';
    super(`${missingTasks.length} of the array tasks have not written all their parts: task${missingTasks.length === 1 ? '' : 's'} ${describeTasks(missingTasks)}${failed}. ` +
      `\`plasticity-lab cluster status ${dir}\` shows where they stand; \`cluster resume\` resubmits the failed ones.`);
    this.name = 'MissingPartsError';
  }
}

export interface MergedJob {
  meta: JobMeta;
  result: unknown;
  headline: Record<string, number | string>;
}

type Kind = JobKind<unknown, unknown, unknown, unknown>;

/** The tasks still lacking parts, with the failure notes of those that recorded one. */
export function missingTasks(dir: string, meta: JobMeta): { missing: number[]; failed: { task: number; message: string }[] } {
  const present = partsPresent(dir, meta.shards);
  const missing = new Set<number>();
  for (let s = 0; s < meta.shards; s++) if (!present.has(s)) missing.add(taskOfShard(s, meta.tasks));
  const notes = readFailures(dir);
  const sorted = [...missing].sort((a, b) => a - b);
  return { missing: sorted, failed: sorted.filter((t) => notes.has(t)).map((t) => ({ task: t, message: notes.get(t)!.message })) };
}

export function mergeJobDir(dirIn: string, options: { onRead?: (shard: number) => void } = {}): MergedJob {
  const { dir, meta } = readMeta(dirIn);
  const { missing, failed } = missingTasks(dir, meta);
  if (missing.length) throw new MissingPartsError(missing, failed, dir);
  // Only the configuration is kept: the shards (thousands of task descriptions) are not needed to merge.
  const { config } = readPlan(dir, meta);
  const kind = catalogue[meta.jobKind as keyof typeof catalogue] as Kind | undefined;
  if (!kind) throw new Error(`unknown job kind "${meta.jobKind}"`);
  const result = mergeFromSource(kind, config, folderPartSource(dir, meta, options.onRead), meta.seed);
  return { meta, result, headline: kind.headline(result) };
}
