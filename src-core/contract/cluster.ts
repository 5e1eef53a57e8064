import { z } from 'zod';
import { startJobSchema } from '../jobs/schemas';

export type { ClusterInfo } from './entries';

/**
 * Jobs on a Slurm cluster (src-main/cluster/): the options of the array job, the calls that submit, follow, collect
 * and resume one, and what they answer. The same schema checks the CLI's --partition ... options and the interface's
 * form, so both refuse the same values with the same words.
 */
const slurmName = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.,+-]+$/, 'letters, digits and _ . , + - only');

export const slurmOptionsSchema = z.object({
  partition: slurmName.optional(),
  /** Wall time per array task, in one of Slurm's forms: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
  time: z.string().regex(/^(\d+-\d{1,2}(:\d{1,2}){0,2}|\d+(:\d{1,2}){0,2})$/, 'a Slurm time such as 02:00:00 or 1-12:00:00').optional(),
  cpusPerTask: z.number().int().min(1).max(1024).optional(),
  /** Memory per node, e.g. 4G, 500M, 2000 (megabytes). */
  mem: z.string().regex(/^\d+[KMGT]?$/i, 'a size such as 4G, 500M or 2000').optional(),
  /** At most this many array tasks run at once (the %K of --array). */
  arrayLimit: z.number().int().min(1).max(100_000).optional(),
  account: slurmName.optional(),
  /** More sbatch options, as on sbatch's command line (one #SBATCH line). */
  extraSbatch: z.string().max(500).regex(/^\s*-[^\n\r]*$/, 'sbatch options starting with -, on one line').optional(),
  /**
   * Most array tasks to plan (shards are dealt round-robin when there are more): Slurm's default MaxArraySize allows
   * indices up to 1000.
   */
  maxTasks: z.number().int().min(1).max(100_000).default(1000),
});
export type SlurmOptions = z.output<typeof slurmOptionsSchema>;
export type SlurmOptionsInput = z.input<typeof slurmOptionsSchema>;

const dirSchema = z.string().min(1).max(4096).refine((d) => !/[\n\r\0]/.test(d), 'no line breaks');

export const submitClusterJobSchema = z.object({
  job: startJobSchema,
  /** The job folder on the cluster's shared file system (absolute, or relative to the app's working directory). */
  dir: dirSchema,
  slurm: slurmOptionsSchema.default({ maxTasks: 1000 }),
  /** false: write the folder and the history entry but do not call sbatch (the caller says how to submit). */
  submit: z.boolean().default(true),
});

export const exportClusterJobSchema = z.object({ job: startJobSchema, slurm: slurmOptionsSchema.default({ maxTasks: 1000 }) });
export const clusterEntrySchema = z.object({ entryId: z.string().min(1).max(64) });
export const importCollectedSchema = z.object({ bytes: z.instanceof(Uint8Array), fileName: z.string().max(500).optional() });

/** What submitting (or writing) a job folder answers; the CLI's `--slurm ... --json` prints the first four fields. */
export interface ClusterSubmission {
  entryId: string;
  dir: string;
  /** null when sbatch was not called (not on this machine, or `submit: false`). */
  arrayJobId: string | null;
  tasks: number;
  shards: number;
  /** The one command that submits the folder on the cluster. */
  submitCommand: string;
}

export interface ClusterExport {
  entryId: string;
  /** A zip of the job folder, to unpack on the cluster. */
  fileName: string;
  bytes: Uint8Array;
  tasks: number;
  shards: number;
}

export const clusterTaskStates = ['done', 'running', 'pending', 'failed', 'not-submitted', 'unknown'] as const;
export type ClusterTaskState = (typeof clusterTaskStates)[number];

export interface ClusterTaskStatus {
  index: number;
  state: ClusterTaskState;
  shardsDone: number;
  shards: number;
  /** The array job that last ran (or runs) this task. */
  arrayJobId: string | null;
  /** Why it is pending or failed, in Slurm's or the task's words. */
  reason?: string;
}

export interface ClusterStatus {
  entryId: string;
  dir: string;
  name: string;
  jobKind: string;
  arrayJobIds: string[];
  shards: number;
  shardsDone: number;
  counts: Record<ClusterTaskState, number>;
  tasks: ClusterTaskStatus[];
  /** Whether squeue answered here (false on a machine without Slurm: only the parts present are known). */
  queueKnown: boolean;
  /** Every part is there: collect can run. */
  complete: boolean;
}

export interface ClusterCapabilities {
  /** sbatch is on this machine's PATH and a Node 22 can run the array tasks: "Run on Slurm" submits. */
  canSubmit: boolean;
  /** Why not, in words (shown beside "Export for Slurm"). */
  reason: string | null;
  /** A folder suggestion for new jobs (under the home directory). */
  defaultDir: string;
}

export interface CollectOutcome {
  entryId: string;
  status: 'done';
  headline: Record<string, number | string>;
  /** A bundle of the collected entry, written into the job folder, to carry the result to another machine. */
  bundle: string;
}

export interface ResumeOutcome {
  entryId: string;
  arrayJobId: string | null;
  /** Tasks submitted again (empty when none was missing or failed). */
  tasks: number[];
}

export interface ImportCollectedOutcome {
  /** Entries that were on the cluster here and now hold their collected result. */
  completed: string[];
  /** Entries added (not in this history before). */
  copied: string[];
  /** Entries already here and not waiting for a cluster result: left as they were. */
  skipped: string[];
}
