import { computed, onMounted, ref, shallowRef, watch } from 'vue';
import type { DatasetDetail } from '@core/contract/datasets';
import { useDatasets } from './useDatasets';

/**
 * A form's choice of one imported data set: the options (recently used first), the chosen set's detail (columns,
 * groups, pairs) with its error, and a remembered choice dropped once the list shows it was deleted. `onDetail` lets
 * the form fit its other fields (columns, group) to the newly chosen set.
 */
export function useDatasetPicker(form: { datasetId: string }, options: { placeholder: string; onDetail(detail: DatasetDetail): void }) {
  const datasets = useDatasets();
  const detail = shallowRef<DatasetDetail | null>(null);
  const detailError = ref<string | null>(null);
  onMounted(async () => {
    await datasets.refresh();
    form.datasetId = datasets.known(form.datasetId);
  });
  watch(() => form.datasetId, async (id) => {
    detail.value = null;
    detailError.value = null;
    if (!id) return;
    try {
      const found = await datasets.detail(id);
      // A slower answer for an earlier choice must not land.
      if (form.datasetId !== id) return;
      detail.value = found;
      options.onDetail(found);
    } catch (caught) {
      if (form.datasetId === id) detailError.value = String(caught);
    }
  }, { immediate: true });
  const datasetOptions = computed(() => [
    { value: '', label: datasets.list.value.length ? options.placeholder : 'No data sets imported yet' },
    ...datasets.byRecent.value.map((d) => ({ value: d.id, label: d.name })),
  ]);
  return { datasets, detail, detailError, datasetOptions };
}
