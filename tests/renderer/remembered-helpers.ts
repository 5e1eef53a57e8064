import { useDatasetsFor } from '../../src-renderer/src/composables/useDatasets';
import { createFakeApi } from './fake-api';
import type { DatasetSummary } from '../../src-core/contract/datasets';

/** A data-set store on a fresh fake API (a new session) whose listDatasets answers these ids. */
export async function createDatasetsStoreForTest(ids: string[]) {
  const api = createFakeApi();
  api.listDatasets.mockResolvedValue(ids.map((id): DatasetSummary => ({
    id, name: `set ${id}`, sourceFileName: `${id}.csv`, sha256: id, byteSize: 1, importedAt: '2026-01-01T00:00:00.000Z', rowCount: 1, originalKept: true, deletedAt: null, paired: true,
  })));
  const store = useDatasetsFor(api);
  await store.refresh();
  return { api, store };
}
