import { computed, reactive, type ComputedRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { CompareJobResult } from '@core/jobs/kinds/compare';
import { useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { parseNumberList } from './useRnn';
import { useGeometry } from './useGeometry';

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
  /** The samples as sent with the last start, for the overlay plots (data-set columns are not sent, so null). */
  sent: { a: number[] | null; b: number[] | null };
  start(): Promise<void>;
}

function createCompare(api: PlasticityApi, simulated: ComputedRef<Float64Array | null>): CompareState {
  const empty = (from: SampleFrom): SampleForm => ({ from, datasetId: '', column: '', group: '', pasted: '' });
  const form = reactive<CompareForm>({ a: empty('simulation'), b: empty('dataset'), scale: 'median', resamples: 1000, seed: 1 });
  const run = createJobRun<CompareJobResult>(api, { readResult: readCompareResult });
  const sent = reactive<{ a: number[] | null; b: number[] | null }>({ a: null, b: null });
  return {
    form, run, simulated, sent,
    start() {
      const a = sampleSource(form.a, simulated.value);
      const b = sampleSource(form.b, simulated.value);
      sent.a = a.type === 'values' ? a.values : null;
      sent.b = b.type === 'values' ? b.values : null;
      return run.start({ kind: 'compare', config: { a, b, scale: form.scale, resamples: form.resamples, dropInvalid: true }, seed: form.seed });
    },
  };
}

const stores = new WeakMap<PlasticityApi, CompareState>();

/** The Compare page's state; the simulated sample follows the Geometry tab's last run. */
export function useCompare(): CompareState {
  const api = useLabApi();
  let store = stores.get(api);
  if (!store) {
    const geometry = useGeometry();
    const simulated = computed(() => {
      const r = geometry.run.result.value;
      if (!r) return null;
      // Synaptic weight magnitudes: the measured sizes are positive, the simulated weights carry a sign.
      return Float64Array.from(r.weightsAfter, Math.abs).filter((v) => v > 0);
    });
    store = createCompare(api, simulated);
    stores.set(api, store);
  }
  return store;
}
