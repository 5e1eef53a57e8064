import { computed, ref, shallowRef, watch } from 'vue';
import type { DatasetDetail, DatasetSummary } from '@core/contract/datasets';
import { useDatasets } from './useDatasets';
import { onEveryVisit } from './useVisits';

/**
 * A form's choice of one imported data set: the options (recently used first), the chosen set's detail (columns,
 * groups, pairs) with its error, and a remembered choice dropped once the list shows it was deleted. `onDetail` lets
 * the form fit its other fields (columns, group) to the newly chosen set. `suits` keeps out data sets the analysis
 * cannot use (the geometry test needs pairs), and `unsuited` says how many were left out and why.
 */
export interface DatasetPickerOptions {
  placeholder: string;
  onDetail(detail: DatasetDetail): void;
  /** Only data sets the analysis can use are offered (e.g. paired ones for the geometry test), with `unsuitedNote` about the rest. */
  suits?: (dataset: DatasetSummary) => boolean;
  /** What the hidden data sets lack, e.g. "not imported as before/after pairs". */
  unsuitedNote?: string;
}

export function useDatasetPicker(form: { datasetId: string }, options: DatasetPickerOptions) {
  const datasets = useDatasets();
  const suits = options.suits ?? (() => true);
  const offered = computed(() => datasets.byRecent.value.filter(suits));
  const detail = shallowRef<DatasetDetail | null>(null);
  const detailError = ref<string | null>(null);
  onEveryVisit(async () => {
    await datasets.refresh();
    form.datasetId = datasets.known(form.datasetId);
    // A remembered choice this analysis cannot use (or one from before the list said so) is dropped too.
    if (form.datasetId && datasets.loaded.value && !offered.value.some((d) => d.id === form.datasetId)) form.datasetId = '';
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
  const hidden = computed(() => datasets.list.value.length - offered.value.length);
  const datasetOptions = computed(() => [
    {
      value: '',
      label: offered.value.length ? options.placeholder : datasets.list.value.length ? 'None of the data sets suits this analysis' : 'No data sets imported yet',
    },
    ...offered.value.map((d) => ({ value: d.id, label: d.name })),
  ]);
  /** Said under the picker when data sets were left out, so nobody wonders where theirs went. */
  const unsuited = computed(() => (hidden.value > 0 && options.unsuitedNote
    ? `${hidden.value} data ${hidden.value === 1 ? 'set is' : 'sets are'} not listed: ${options.unsuitedNote}.`
    : ''));
  return { datasets, detail, detailError, datasetOptions, unsuited };
}
