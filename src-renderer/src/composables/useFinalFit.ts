import type { PlasticityApi } from '@core/contract/api';
import type { FinalFitResult } from '@core/plasticity/final-distribution-fit';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { rememberedForm } from './useRemembered';
import { useDatasetsFor } from './useDatasets';

/** The final-distribution fit: one data-set column (optionally one group) of weights measured after learning. */
export interface FinalFitForm {
  datasetId: string;
  column: string;
  /** "column=level", or '' for all rows (the Fit page's convention). */
  group: string;
}

/** The data-set reference the job resolves; the same object getDatasetColumn takes, so the result can re-read it. */
export function finalFitSample(form: FinalFitForm) {
  const [groupColumn, ...rest] = form.group.split('=');
  return {
    type: 'dataset' as const,
    datasetId: form.datasetId,
    column: form.column,
    ...(form.group ? { group: { [groupColumn]: rest.join('=') } } : {}),
  };
}

export function readFinalFit(value: unknown): FinalFitResult | null {
  const r = value as Partial<FinalFitResult> | null;
  return r && Array.isArray(r.fits) && typeof r.best === 'string' && typeof r.n === 'number' ? (r as FinalFitResult) : null;
}

export interface FinalFitState {
  form: FinalFitForm;
  run: JobRun<FinalFitResult>;
  start(): Promise<void>;
}

const storeFor = perApi((api: PlasticityApi): FinalFitState => {
  const form = rememberedForm<FinalFitForm>('final-fit', { datasetId: '', column: '', group: '' });
  const datasets = useDatasetsFor(api);
  const run = createJobRun<FinalFitResult>(api, { readResult: readFinalFit });
  return { form, run, start: () => {
    datasets.touch(form.datasetId);
    // The fit has no randomness; seed 0 is recorded so a re-run is the same request.
    return run.start({ kind: 'md-final-fit', config: { sample: finalFitSample(form) }, seed: 0 });
  } };
});

export function useFinalFit(): FinalFitState {
  return storeFor(useLabApi());
}
