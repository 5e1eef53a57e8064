import { computed, reactive, type ComputedRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { CompareJobResult } from '@core/jobs/kinds/compare';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { parseNumberList } from './useRnn';
import { useGeometryFor } from './useGeometry';
import { rememberedForm } from './useRemembered';
import { useDatasetsFor } from './useDatasets';

export type SampleFrom = 'simulation' | 'dataset' | 'paste';

export interface SampleForm {
  from: SampleFrom;
  datasetId: string;
  column: string;
  group: string;
  pasted: string;
}

export interface CompareForm {
  a: SampleForm;
  b: SampleForm;
  scale: 'none' | 'median' | 'wasserstein-log';
  resamples: number;
  seed: number;
}

export function sampleSource(form: SampleForm, simulated: Float64Array | null) {
  if (form.from === 'simulation') return { type: 'values' as const, values: simulated ? Array.from(simulated) : [] };
  if (form.from === 'paste') return { type: 'values' as const, values: parseNumberList(form.pasted) };
  const [groupColumn, ...rest] = form.group.split('=');
  return { type: 'dataset' as const, datasetId: form.datasetId, column: form.column, ...(form.group ? { group: { [groupColumn]: rest.join('=') } } : {}) };
}

export function readCompareResult(value: unknown): CompareJobResult | null {
  const r = value as Partial<CompareJobResult> | null;
  return r && r.ks2 && r.andersonKSample && typeof r.wasserstein === 'number' ? (r as CompareJobResult) : null;
}

export interface CompareState {
  form: CompareForm;
  run: JobRun<CompareJobResult>;
  /** Magnitudes of the last geometry run's final weights: the simulated distribution (arbitrary units). */
  simulated: ComputedRef<Float64Array | null>;
  /** The values of both samples of the last start, for the overlay plots (null until read, or if unreadable). */
  sent: { a: number[] | null; b: number[] | null };
  start(): Promise<void>;
}

function createCompare(api: PlasticityApi, simulated: ComputedRef<Float64Array | null>): CompareState {
  const empty = (from: SampleFrom): SampleForm => ({ from, datasetId: '', column: '', group: '', pasted: '' });
  const form = rememberedForm<CompareForm>('compare', { a: empty('simulation'), b: empty('dataset'), scale: 'median', resamples: 1000, seed: 1 }, { omit: ['pasted'] });
  const datasets = useDatasetsFor(api);
  const run = createJobRun<CompareJobResult>(api, { readResult: readCompareResult });
  const sent = reactive<{ a: number[] | null; b: number[] | null }>({ a: null, b: null });
  return {
    form, run, simulated, sent,
    async start() {
      for (const side of [form.a, form.b]) if (side.from === 'dataset') datasets.touch(side.datasetId);
      const a = sampleSource(form.a, simulated.value);
      const b = sampleSource(form.b, simulated.value);
      // The plots need the values of both sides: a data-set column's are read from the store (censored ones left out,
      // as the comparison drops them).
      const valuesOf = async (source: typeof a): Promise<number[] | null> => {
        if (source.type === 'values') return source.values;
        try {
          const column = await api.getDatasetColumn({ datasetId: source.datasetId, column: source.column, ...(source.group ? { group: source.group } : {}) });
          return Array.from(column.values).filter((_, i) => !column.censored[i]);
        } catch {
          return null; // The job reports the problem with the column; the plots are then left out.
        }
      };
      sent.a = null;
      sent.b = null;
      const job = run.start({ kind: 'compare', config: { a, b, scale: form.scale, resamples: form.resamples, dropInvalid: true }, seed: form.seed });
      [sent.a, sent.b] = await Promise.all([valuesOf(a), valuesOf(b)]);
      await job;
    },
  };
}

const storeFor = perApi((api: PlasticityApi): CompareState => {
  const geometry = useGeometryFor(api);
  const simulated = computed(() => {
    const r = geometry.run.result.value;
    if (!r) return null;
    // Synaptic weight magnitudes: the measured sizes are positive, the simulated weights carry a sign.
    return Float64Array.from(r.weightsAfter, Math.abs).filter((v) => v > 0);
  });
  return createCompare(api, simulated);
});

/** The Compare page's state; the simulated sample follows the Geometry tab's last run. */
export function useCompare(): CompareState {
  return storeFor(useLabApi());
}
