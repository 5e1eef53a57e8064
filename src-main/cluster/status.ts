import type { ClusterStatus, ClusterTaskState, ClusterTaskStatus } from '@core/contract/cluster';
import { clusterTaskStates } from '@core/contract/cluster';
import { partsPresent, readFailures, readMeta, readSubmissions, type Submission } from './job-dir';
import { indexRanges, shardsOfTask } from './sbatch-script';
import { accountingStates, queueStates, RUNNING_STATES, WAITING_STATES } from './slurm';

/**
 * Where every array task of a job folder stands: done when all its parts are there; otherwise running or pending
 * while Slurm's queue has it (squeue), else failed, with how it ended (CANCELLED, TIMEOUT, OUT_OF_MEMORY ... from
 * squeue for recent tasks, from sacct's accounting for older ones) and the task's own failure note; "not submitted" before any sbatch, and "unknown"
 * where no squeue answers (a copy of the folder on a laptop: only the parts tell).
 */

/** The array job that last covered each task (a resume supersedes the first submission for its tasks). */
export function latestSubmission(submissions: Submission[], tasks: number): (string | null)[] {
  const out: (string | null)[] = Array.from({ length: tasks }, () => null);
  for (const s of submissions) for (const t of s.tasks) if (t >= 0 && t < tasks) out[t] = s.arrayJobId;
  return out;
}

export async function jobStatus(dirIn: string): Promise<ClusterStatus> {
  const { dir, meta } = readMeta(dirIn);
  const submissions = readSubmissions(dir);
  const arrayJobIds = [...new Set(submissions.map((s) => s.arrayJobId))];
  const jobOf = latestSubmission(submissions, meta.tasks);
  // The queue first, then the parts: a task that finishes in between is seen done, never falsely failed.
  const queue = await queueStates(arrayJobIds);
  // Accounting only for what the controller has forgotten (it answers slowly on big clusters).
  const forgotten = queue ? arrayJobIds.filter((id) => ![...queue.keys()].some((k) => k.startsWith(`${id}_`))) : [];
  const accounting = forgotten.length ? await accountingStates(forgotten) : null;
  const failures = readFailures(dir);
  const present = partsPresent(dir, meta.shards);

  const tasks: ClusterTaskStatus[] = [];
  for (let t = 0; t < meta.tasks; t++) {
    const shards = shardsOfTask(t, meta.tasks, meta.shards);
    const shardsDone = shards.filter((s) => present.has(s)).length;
    const arrayJobId = jobOf[t];
    const base = { index: t, shardsDone, shards: shards.length, arrayJobId };
    if (shardsDone === shards.length) {
      tasks.push({ ...base, state: 'done' });
      continue;
    }
    if (arrayJobId === null) {
      tasks.push({ ...base, state: 'not-submitted' });
      continue;
    }
    if (!queue) {
      tasks.push({ ...base, state: 'unknown', reason: 'squeue is not available here; only the parts present are known' });
      continue;
    }
    const known = queue.get(`${arrayJobId}_${t}`);
    if (known && (RUNNING_STATES.has(known.state) || WAITING_STATES.has(known.state))) {
      const running = RUNNING_STATES.has(known.state);
      tasks.push({ ...base, state: running ? 'running' : 'pending', ...(running || !known.reason || known.reason === 'None' ? {} : { reason: known.reason }) });
      continue;
    }
    // Ended without all its parts: how, from the controller (recent tasks) or accounting (older ones), and why, from
    // the task's own note.
    const ended = known?.state ?? accounting?.get(`${arrayJobId}_${t}`);
    const note = failures.get(t);
    const how = ended === 'COMPLETED' ? 'COMPLETED without all its parts (on a slow shared file system, ask again in a moment)' : ended;
    const reason = [how, note ? note.message : null].filter(Boolean).join(': ')
      || 'left the queue without writing its parts (cancelled, timed out or killed)';
    tasks.push({ ...base, state: 'failed', reason });
  }
  const counts = Object.fromEntries(clusterTaskStates.map((s) => [s, 0])) as Record<ClusterTaskState, number>;
  for (const t of tasks) counts[t.state]++;
  return {
    entryId: meta.entryId, dir, name: meta.name, jobKind: meta.jobKind, arrayJobIds, shards: meta.shards, shardsDone: present.size,
    counts, tasks, queueKnown: queue !== null, complete: present.size === meta.shards,
  };
}

/** Tasks to submit again: neither done nor still queued (failed, not submitted, or unknown where no queue answers). */
export function tasksToResubmit(status: ClusterStatus): number[] {
  return status.tasks.filter((t) => t.state === 'failed' || t.state === 'not-submitted' || t.state === 'unknown').map((t) => t.index);
}

/** "0-3, 7, 9-11": task indices for people. */
export const describeTasks = (indices: number[]): string => indexRanges(indices).join(', ');
