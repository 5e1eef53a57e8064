import { reactive } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { FitJobResult } from '@core/jobs/kinds/fit';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { parseNumberList } from './useRnn';

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
  pasted: string;
  families: FamilyName[];
  /** Parametric-bootstrap resamples for the GOF p-values (0 = statistics only). */
  resamples: number;
  ciLevel: number;
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
  return { source: fitSource(form), families: form.families, resamples: form.resamples, ci: { level: form.ciLevel }, dropInvalid: form.dropInvalid };
}

export function readFitResult(value: unknown): FitJobResult | null {
  const r = value as Partial<FitJobResult> | null;
  return r && Array.isArray(r.fits) && r.plots && r.descriptives ? (r as FitJobResult) : null;
}

export interface FitDataState {
  form: FitDataForm;
  run: JobRun<FitJobResult>;
  start(): Promise<void>;
}

function createFitData(api: PlasticityApi): FitDataState {
  const form = reactive<FitDataForm>({
    source: 'dataset', datasetId: '', column: '', group: '', pasted: '',
    families: ['lognormal', 'gamma', 'weibull', 'loglogistic', 'exponential'], resamples: 199, ciLevel: 0.95, dropInvalid: true, seed: 1,
  });
  const run = createJobRun<FitJobResult>(api, { readResult: readFitResult });
  return { form, run, start: () => run.start({ kind: 'fit', config: fitConfig(form), seed: form.seed }) };
}

const storeFor = perApi(createFitData);

/** The Fit page's fit of measured data; kept per app so leaving the page keeps the last result. */
export function useFitData(): FitDataState {
  return storeFor(useLabApi());
}
