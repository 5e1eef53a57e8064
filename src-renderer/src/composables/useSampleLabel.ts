import { computed, ref, watch, type ComputedRef } from 'vue';
import { columnLabel } from '../lib/format';
import { useDatasets } from './useDatasets';

/**
 * The axis title of a job's sample: "amplitude [mV]" for a data-set column (its unit read from the data set's detail,
 * cached by useDatasets), the fallback ("value") for pasted numbers. `source` is the sample as a job config holds it:
 * `{ type: 'dataset', datasetId, column }`, or resolved values that still name their column, or plain numbers.
 */
export function useSampleLabel(source: () => unknown, fallback = 'value'): ComputedRef<string> {
  const datasets = useDatasets();
  const unit = ref('');
  const column = computed(() => {
    const s = source() as { column?: unknown } | null | undefined;
    return s && typeof s === 'object' && typeof s.column === 'string' ? s.column : null;
  });
  watch(source, async (value) => {
    unit.value = '';
    const s = value as { datasetId?: unknown; column?: unknown } | null | undefined;
    if (!s || typeof s !== 'object' || typeof s.datasetId !== 'string' || typeof s.column !== 'string') return;
    try {
      const detail = await datasets.detail(s.datasetId);
      if (source() === value) unit.value = detail.columns.find((c) => c.name === s.column)?.unit ?? '';
    } catch {
      // A deleted or unreadable data set still has its column's name: the axis keeps that.
    }
  }, { immediate: true });
  return computed(() => (column.value ? columnLabel(column.value, unit.value) : fallback));
}
