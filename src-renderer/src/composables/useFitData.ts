import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { FitJobResult } from '@core/jobs/kinds/fit';
import { shownIntervals } from '@core/jobs/kinds/fit-result';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { parseNumberList } from './useRnn';
import { rememberedForm } from './useRemembered';
import { useDatasetsFor } from './useDatasets';

export type FamilyName = 'lognormal' | 'normal' | 'gamma' | 'weibull' | 'exponential' | 'loglogistic' | 'invgauss' | 'lognormal-mixture' | 'powerlaw';

export const FAMILIES: { value: FamilyName; label: string }[] = [
  { value: 'lognormal', label: 'Log-normal' },
  { value: 'gamma', label: 'Gamma' },
  { value: 'weibull', label: 'Weibull' },
  { value: 'loglogistic', label: 'Log-logistic' },
  { value: 'invgauss', label: 'Inverse Gaussian' },
  { value: 'exponential', label: 'Exponential' },
  { value: 'normal', label: 'Normal' },
  { value: 'lognormal-mixture', label: 'Log-normal mixture (2)' },
  { value: 'powerlaw', label: 'Power-law tail' },
];

export interface FitDataForm {
  source: 'dataset' | 'paste';
  datasetId: string;
  column: string;
  /** "column=level", or '' for all rows. */
  group: string;
  /** A group column whose every level is fitted separately, side by side; '' for one fit. */
  perGroup: string;
  pasted: string;
  families: FamilyName[];
  /** Parametric-bootstrap resamples for the GOF p-values (0 = statistics only). */
  resamples: number;
  ciLevel: number;
  /** Bootstrap resamples for every family's confidence intervals (0: Wald, and profile likelihood for the log-normal). */
  ciResamples: number;
  /** Which bootstrap interval the table shows (both are stored). */
  ciInterval: 'bca' | 'percentile';
  dropInvalid: boolean;
  seed: number;
}

export function fitSource(form: FitDataForm) {
  if (form.source === 'paste') return { type: 'values' as const, values: parseNumberList(form.pasted) };
  const [groupColumn, ...rest] = form.group.split('=');
  return {
    type: 'dataset' as const,
    datasetId: form.datasetId,
    column: form.column,
    ...(form.group ? { group: { [groupColumn]: rest.join('=') } } : {}),
  };
}

export function fitConfig(form: FitDataForm) {
  return {
    source: fitSource(form), families: form.families, resamples: form.resamples, dropInvalid: form.dropInvalid,
    ci: { level: form.ciLevel, resamples: form.ciResamples, interval: form.ciInterval },
  };
}

/** The interval a fit report shows for a parameter (the chosen bootstrap kind, else profile, else Wald; core's rule). */
export function parameterInterval(fit: FitJobResult['fits'][number], name: string): [number, number] | null {
  return shownIntervals(fit).bounds[name] ?? null;
}

export function readFitResult(value: unknown): FitJobResult | null {
  const r = value as Partial<FitJobResult> | null;
  return r && Array.isArray(r.fits) && r.plots && r.descriptives ? (r as FitJobResult) : null;
}

/** One fit per level of a group column. */
export interface GroupFit {
  level: string;
  run: JobRun<FitJobResult>;
}

export interface FitDataState {
  form: FitDataForm;
  run: JobRun<FitJobResult>;
  /** The per-group fits of the last start with `perGroup` set (empty otherwise). */
  groups: ShallowRef<GroupFit[]>;
  /** The group column those fits split by (as started; the form may have moved on). */
  groupColumn: Ref<string>;
  /** Starts one fit, or one per level of `form.perGroup` (levels from the data set's detail). */
  start(levels?: string[]): Promise<void>;
}

function createFitData(api: PlasticityApi): FitDataState {
  const form = rememberedForm<FitDataForm>('fit-data', {
    source: 'dataset', datasetId: '', column: '', group: '', perGroup: '', pasted: '',
    families: ['lognormal', 'gamma', 'weibull', 'loglogistic', 'exponential'], resamples: 199, ciLevel: 0.95, ciResamples: 0, ciInterval: 'bca',
    dropInvalid: true, seed: 1,
  }, { omit: ['pasted'] });
  const datasets = useDatasetsFor(api);
  const run = createJobRun<FitJobResult>(api, { readResult: readFitResult });
  const groups = shallowRef<GroupFit[]>([]);
  const groupColumn = ref('');
  // Runs are reused across starts (each subscribes to job events once), one per level seen so far.
  const groupRuns = new Map<string, JobRun<FitJobResult>>();
  async function start(levels: string[] = []): Promise<void> {
    if (form.source === 'dataset') datasets.touch(form.datasetId);
    if (!form.perGroup || form.source !== 'dataset' || levels.length === 0) {
      groups.value = [];
      return run.start({ kind: 'fit', config: fitConfig(form), seed: form.seed });
    }
    groupColumn.value = form.perGroup;
    groups.value = levels.map((level) => {
      let groupRun = groupRuns.get(level);
      if (!groupRun) {
        groupRun = createJobRun<FitJobResult>(api, { readResult: readFitResult });
        groupRuns.set(level, groupRun);
      }
      return { level, run: groupRun };
    });
    await Promise.all(groups.value.map(({ level, run: groupRun }) =>
      groupRun.start({ kind: 'fit', config: fitConfig({ ...form, group: `${form.perGroup}=${level}` }), seed: form.seed })));
  }
  return { form, run, groups, groupColumn, start };
}

const storeFor = perApi(createFitData);

/** The Fit page's fit of measured data; kept per app so leaving the page keeps the last result. */
export function useFitData(): FitDataState {
  return storeFor(useLabApi());
}
