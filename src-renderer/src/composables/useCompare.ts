import { computed, reactive, type ComputedRef } from 'vue';
import type { EntrySummary } from '@core/contract/entries';
import type { PlasticityApi } from '@core/contract/api';
import type { CompareJobResult } from '@core/jobs/kinds/compare';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { parseNumberList } from './useRnn';
import { useGeometryFor } from './useGeometry';
import { rememberedForm } from './useRemembered';
import { useDatasetsFor } from './useDatasets';
import { useStoredWeightsFor, weightMagnitudes } from './useStoredWeights';
import { toErrorInfo } from '../lib/errors';
import { describeComparison, describeSample } from '@core/jobs/kinds/sample-names';

/** 'simulation': this session's last geometry run; 'history': a stored simulation's final weights (entryId). */
export type SampleFrom = 'simulation' | 'history' | 'dataset' | 'paste';

export interface SampleForm {
  from: SampleFrom;
  entryId: string;
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

/** `simulated`: the weight magnitudes of the side's simulation (the last geometry run or the stored entry). */
export function sampleSource(form: SampleForm, simulated: Float64Array | null) {
  if (form.from === 'simulation' || form.from === 'history') return { type: 'values' as const, values: simulated ? Array.from(simulated) : [] };
  if (form.from === 'paste') return { type: 'values' as const, values: parseNumberList(form.pasted) };
  const [groupColumn, ...rest] = form.group.split('=');
  return { type: 'dataset' as const, datasetId: form.datasetId, column: form.column, ...(form.group ? { group: { [groupColumn]: rest.join('=') } } : {}) };
}

const NAME_LIMIT = 200; // startJob's limit on a job name

/** What a side's name needs besides the form: data-set names, stored entries, and this session's last geometry run. */
export interface NameContext {
  entries: EntrySummary[];
  datasetName(id: string): string | undefined;
  lastRun: { id: string; name: string } | null;
}

/**
 * The job's name when a side is a simulation (the last geometry run, or one from the history), so History shows which
 * run was compared: its name and entry id (names need not be unique). Null otherwise: the job kind then names it from
 * its samples (data set, column, group; src-core/jobs/kinds/sample-names.ts, whose wording this follows).
 */
export function comparisonName(sides: SampleForm[], sizes: number[], scale: string, context: NameContext): string | null {
  const runOf = (side: SampleForm) => (side.from === 'history'
    ? { id: side.entryId, name: context.entries.find((e) => e.id === side.entryId)?.name ?? '' }
    : side.from === 'simulation' ? context.lastRun : null);
  const runs = sides.map(runOf);
  if (!runs.some(Boolean)) return null;
  const part = (side: SampleForm, i: number, nameRoom: number) => {
    const run = runs[i];
    if (run) {
      const shown = run.name.length > nameRoom ? `${run.name.slice(0, Math.max(0, nameRoom - 1))}…` : run.name;
      return `weights of ${shown} [entry ${run.id}]`;
    }
    if (side.from === 'dataset') {
      const [groupColumn, ...rest] = side.group.split('=');
      return describeSample({ column: side.column, datasetName: context.datasetName(side.datasetId), ...(side.group ? { group: { [groupColumn]: rest.join('=') } } : {}) });
    }
    return `${sizes[i]} values`;
  };
  const whole = (nameRoom: number) => describeComparison(part(sides[0], 0, nameRoom), part(sides[1], 1, nameRoom), scale);
  // Entry names share what the limit leaves; the ids are never cut.
  const room = Math.floor((NAME_LIMIT - whole(0).length) / runs.filter(Boolean).length);
  return whole(room).slice(0, NAME_LIMIT);
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

function createCompare(api: PlasticityApi, simulated: ComputedRef<Float64Array | null>, lastRun: ComputedRef<{ id: string; name: string } | null>): CompareState {
  const empty = (from: SampleFrom): SampleForm => ({ from, entryId: '', datasetId: '', column: '', group: '', pasted: '' });
  const form = rememberedForm<CompareForm>('compare', { a: empty('simulation'), b: empty('dataset'), scale: 'median', resamples: 1000, seed: 1 }, { omit: ['pasted'] });
  const datasets = useDatasetsFor(api);
  const stored = useStoredWeightsFor(api);
  const simulatedFor = async (side: SampleForm): Promise<Float64Array | null> => {
    if (side.from === 'simulation') return simulated.value;
    if (side.from !== 'history') return null;
    if (!side.entryId) throw new Error('Choose a simulation from the history.');
    return stored.magnitudes(side.entryId);
  };
  const run = createJobRun<CompareJobResult>(api, { readResult: readCompareResult });
  const sent = reactive<{ a: number[] | null; b: number[] | null }>({ a: null, b: null });
  return {
    form, run, simulated, sent,
    async start() {
      for (const side of [form.a, form.b]) if (side.from === 'dataset') datasets.touch(side.datasetId);
      let weights: (Float64Array | null)[];
      try {
        weights = await Promise.all([simulatedFor(form.a), simulatedFor(form.b)]);
      } catch (caught) {
        // The stored entry could not be read: said under the form, as a job that did not start would be.
        run.error.value = toErrorInfo(caught);
        run.phase.value = 'failed';
        return;
      }
      const a = sampleSource(form.a, weights[0]);
      const b = sampleSource(form.b, weights[1]);
      const sizes = [a, b].map((s) => (s.type === 'values' ? s.values.length : 0));
      const last = lastRun.value;
      const name = comparisonName([form.a, form.b], sizes, form.scale, {
        entries: stored.entries.value,
        datasetName: (id) => datasets.list.value.find((d) => d.id === id)?.name,
        lastRun: last,
      }) ?? undefined;
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
      const job = run.start({ kind: 'compare', config: { a, b, scale: form.scale, resamples: form.resamples, dropInvalid: true }, seed: form.seed, name });
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
    return weightMagnitudes(r.weightsAfter);
  });
  const lastRun = computed(() => {
    const entry = geometry.run.entry.value;
    return geometry.run.result.value && entry ? { id: entry.id, name: entry.name } : null;
  });
  return createCompare(api, simulated, lastRun);
});

/** The Compare page's state; the simulated sample follows the Geometry tab's last run or a stored simulation. */
export function useCompare(): CompareState {
  return storeFor(useLabApi());
}
