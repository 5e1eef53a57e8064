import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { DatasetDetail, DatasetSummary } from '@core/contract/datasets';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';

/**
 * The imported data sets, shared by every page that picks one (Data, Fit, Compare, the geometry test): the list,
 * and details fetched once per data set.
 */
export interface DatasetsStore {
  list: ShallowRef<DatasetSummary[]>;
  loading: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  refresh(): Promise<void>;
  /** The data set's columns, groups and pairs; cached, since a stored data set never changes. */
  detail(id: string): Promise<DatasetDetail>;
}

function createDatasets(api: PlasticityApi): DatasetsStore {
  const list = shallowRef<DatasetSummary[]>([]);
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const details = new Map<string, Promise<DatasetDetail>>();

  async function refresh(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      list.value = await api.listDatasets({});
    } catch (caught) {
      error.value = toErrorInfo(caught);
    } finally {
      loading.value = false;
    }
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

  return { list, loading, error, refresh, detail };
}

const storeFor = perApi(createDatasets);

export function useDatasets(): DatasetsStore {
  return storeFor(useLabApi());
}
export const useDatasetsFor = storeFor;
