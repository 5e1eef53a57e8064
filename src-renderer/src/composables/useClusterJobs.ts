import { reactive, ref, type Ref } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { ClusterStatus, ImportCollectedOutcome } from '@core/contract/cluster';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';

/**
 * History's view of entries on a Slurm cluster: their task status (squeue, sacct and the parts written, asked of the
 * app that submitted them), followed every few seconds while History shows them; collecting the merged result,
 * resubmitting failed tasks, and importing a result collected on the cluster (the bundle `cluster collect` writes).
 */
export interface ClusterView {
  status: ClusterStatus | null;
  /** Why the status cannot be read here (e.g. an exported job whose folder is on the cluster). */
  error: ErrorInfo | null;
  loading: boolean;
}

export interface ClusterJobsState {
  views: Record<string, ClusterView>;
  busy: Ref<boolean>;
  actionError: Ref<ErrorInfo | null>;
  /** What the last action did, in words. */
  notice: Ref<string | null>;
  /** Entries to keep following (the on-cluster ones History lists); the others are dropped. */
  follow(ids: string[]): void;
  refresh(id: string): Promise<void>;
  collect(id: string): Promise<boolean>;
  resume(id: string): Promise<void>;
  importCollected(file: File): Promise<ImportCollectedOutcome | null>;
}

/** How often followed entries are asked again: Slurm's own tools are not meant to be polled faster. */
export const FOLLOW_INTERVAL_MS = 10_000;

function createClusterJobs(api: PlasticityApi): ClusterJobsState {
  const views = reactive<Record<string, ClusterView>>({});
  const busy = ref(false);
  const actionError = ref<ErrorInfo | null>(null);
  const notice = ref<string | null>(null);
  let followed: string[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;

  async function refresh(id: string): Promise<void> {
    if (!views[id]) views[id] = { status: null, error: null, loading: false };
    // Read back through the reactive record, so the changes below reach the badge and the panel.
    const view = views[id];
    view.loading = true;
    try {
      view.status = await api.clusterStatus({ entryId: id });
      view.error = null;
    } catch (caught) {
      view.error = toErrorInfo(caught);
    } finally {
      view.loading = false;
    }
  }

  function follow(ids: string[]): void {
    const fresh = ids.filter((id) => !followed.includes(id));
    followed = [...ids];
    for (const id of Object.keys(views)) if (!ids.includes(id)) delete views[id];
    for (const id of fresh) void refresh(id);
    if (ids.length && !timer) {
      timer = setInterval(() => {
        // An exported job's status cannot be read here: asking again would give the same answer.
        for (const id of followed) if (!views[id]?.error) void refresh(id);
      }, FOLLOW_INTERVAL_MS);
    } else if (!ids.length && timer) {
      clearInterval(timer);
      timer = null;
    }
  }

  async function act<T>(run: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    actionError.value = null;
    notice.value = null;
    try {
      return await run();
    } catch (caught) {
      actionError.value = toErrorInfo(caught);
      return null;
    } finally {
      busy.value = false;
    }
  }

  return {
    views, busy, actionError, notice, follow, refresh,
    collect: async (id) => (await act(async () => {
      await api.collectClusterJob({ entryId: id });
      notice.value = 'Collected: the entry now holds the merged result.';
      return true;
    })) ?? false,
    resume: async (id) => {
      await act(async () => {
        const outcome = await api.resumeClusterJob({ entryId: id });
        notice.value = outcome.tasks.length
          ? `Resubmitted ${outcome.tasks.length} task${outcome.tasks.length === 1 ? '' : 's'} as array job ${outcome.arrayJobId}.`
          : 'Every task is done or still queued: nothing to resubmit.';
      });
      await refresh(id);
    },
    importCollected: (file) => act(async () => {
      const outcome = await api.importCollected({ bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name });
      notice.value = outcome.completed.length
        ? `Imported ${file.name}: ${outcome.completed.length} entr${outcome.completed.length === 1 ? 'y' : 'ies'} waiting for a cluster result now hold${outcome.completed.length === 1 ? 's' : ''} it.`
        : `Imported ${file.name}: no entry here was waiting for it (${outcome.copied.length} added, ${outcome.skipped.length} already here).`;
      return outcome;
    }),
  };
}

const storeFor = perApi(createClusterJobs);

export function useClusterJobs(): ClusterJobsState {
  return storeFor(useLabApi());
}
