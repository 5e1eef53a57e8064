import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { DatasetDetail, DatasetSummary } from '@core/contract/datasets';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { rememberedValue } from './useRemembered';

/**
 * The imported data sets, shared by every page that picks one (Data, Fit, Compare, the geometry test): the list,
 * the recently used ones first (remembered across restarts), and details fetched once per data set.
 */
export interface DatasetsStore {
  list: ShallowRef<DatasetSummary[]>;
  /** The list with the most recently used data sets first, for pickers. */
  byRecent: ComputedRef<DatasetSummary[]>;
  /** Ids of recently used data sets, most recent first. */
  recent: Ref<string[]>;
  /** True once the list has been read (a remembered choice is only judged stale after that). */
  loaded: Ref<boolean>;
  /** Marks a data set as just used (imported, fitted, compared, tested). */
  touch(id: string): void;
  /** `id` if it names a listed data set (or no list was read yet), else '' (a remembered choice whose data set was deleted). */
  known(id: string): string;
  loading: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  refresh(): Promise<void>;
  /** The data set's columns, groups and pairs; cached (its values never change; a rename refreshes it). */
  detail(id: string): Promise<DatasetDetail>;
  /** Data sets in the trash (read by `refreshTrash`), newest first. */
  trashed: ShallowRef<DatasetSummary[]>;
  refreshTrash(): Promise<void>;
  /** Renames a data set (its history entry); entries started later use the new name. */
  rename(id: string, name: string): Promise<void>;
  /** Moves a data set to the trash like any history entry (restorable; emptying the trash keeps what others use). */
  trash(id: string): Promise<void>;
  restore(id: string): Promise<void>;
}

function createDatasets(api: PlasticityApi): DatasetsStore {
  const list = shallowRef<DatasetSummary[]>([]);
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const details = new Map<string, Promise<DatasetDetail>>();
  const loaded = ref(false);
  const recent = ref<string[]>(rememberedValue.read(RECENT_KEY, isIdList) ?? []);
  const byRecent = computed(() => {
    const rank = new Map(recent.value.map((id, i) => [id, i]));
    return [...list.value].sort((a, b) => (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity));
  });
  function touch(id: string): void {
    if (!id) return;
    recent.value = [id, ...recent.value.filter((r) => r !== id)].slice(0, RECENT_LIMIT);
    rememberedValue.write(RECENT_KEY, recent.value);
  }

  async function refresh(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      list.value = await api.listDatasets({});
      loaded.value = true;
    } catch (caught) {
      error.value = toErrorInfo(caught);
    } finally {
      loading.value = false;
    }
  }

  const trashed = shallowRef<DatasetSummary[]>([]);
  async function refreshTrash(): Promise<void> {
    trashed.value = (await api.listDatasets({ includeTrash: true })).filter((d) => d.deletedAt !== null);
  }
  async function rename(id: string, name: string): Promise<void> {
    await api.updateEntry({ id, name });
    details.delete(id);
    await refresh();
  }
  async function trash(id: string): Promise<void> {
    await api.deleteEntry({ id });
    recent.value = recent.value.filter((r) => r !== id);
    rememberedValue.write(RECENT_KEY, recent.value);
    await Promise.all([refresh(), refreshTrash()]);
  }
  async function restore(id: string): Promise<void> {
    await api.restoreEntry({ id });
    details.delete(id);
    await Promise.all([refresh(), refreshTrash()]);
  }

  function detail(id: string): Promise<DatasetDetail> {
    let known = details.get(id);
    if (!known) {
      known = api.getDataset({ id });
      // A failed read is not cached: the next attempt asks again.
      known.catch(() => details.delete(id));
      details.set(id, known);
    }
    return known;
  }

  // Before the list was ever read (or while it cannot be) nothing is judged stale: a failed listing must not wipe choices.
  const known = (id: string) => (!loaded.value || list.value.some((d) => d.id === id) ? id : '');
  return { list, byRecent, recent, loaded, touch, known, loading, error, refresh, detail, trashed, refreshTrash, rename, trash, restore };
}

const RECENT_KEY = 'recent-datasets';
const RECENT_LIMIT = 8;
const isIdList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

const storeFor = perApi(createDatasets);

export function useDatasets(): DatasetsStore {
  return storeFor(useLabApi());
}
export const useDatasetsFor = storeFor;
