import type { PlasticityApi } from '@core/contract/api';
import type { GeometryTestResult } from '@core/plasticity/geometry-test';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { rememberedForm } from './useRemembered';
import { useDatasetsFor } from './useDatasets';

/** The geometry test on measured pairs: the before and after columns of one paired data set. */
export interface GeometryTestForm {
  datasetId: string;
  before: string;
  after: string;
  bootstrap: number;
  powerReplicates: number;
  seed: number;
  /** Sign flips in the negative-entropy score: counted against it (the authors' definition) or left out (the earlier rule). */
  signFlips: 'keep' | 'exclude';
}

export function geometryTestConfig(form: GeometryTestForm) {
  const ref = (column: string) => ({ type: 'dataset' as const, datasetId: form.datasetId, column });
  return { before: ref(form.before), after: ref(form.after), bootstrap: form.bootstrap, powerReplicates: form.powerReplicates, seed: form.seed, signFlips: form.signFlips };
}

export function readGeometryTest(value: unknown): GeometryTestResult | null {
  const r = value as Partial<GeometryTestResult> | null;
  return r && Array.isArray(r.scores) && r.verdict && typeof r.best === 'string' ? (r as GeometryTestResult) : null;
}

export interface GeometryTestState {
  form: GeometryTestForm;
  run: JobRun<GeometryTestResult>;
  start(): Promise<void>;
  /** The full test (bootstrap CIs, the spread of the best p, power) on weights a simulation produced, with the
   *  form's bootstrap, power and seed settings; `name` says whose weights they are in the Jobs panel and History. */
  testWeights(before: ArrayLike<number>, after: ArrayLike<number>, name: string): Promise<void>;
}

export function weightsTestConfig(form: GeometryTestForm, before: ArrayLike<number>, after: ArrayLike<number>) {
  const values = (v: ArrayLike<number>) => ({ type: 'values' as const, values: Array.from(v) });
  return { before: values(before), after: values(after), bootstrap: form.bootstrap, powerReplicates: form.powerReplicates, seed: form.seed, signFlips: 'keep' as const };
}

const storeFor = perApi((api: PlasticityApi): GeometryTestState => {
  const form = rememberedForm<GeometryTestForm>('geometry-test', { datasetId: '', before: '', after: '', bootstrap: 500, powerReplicates: 100, seed: 1, signFlips: 'keep' });
  const datasets = useDatasetsFor(api);
  const run = createJobRun<GeometryTestResult>(api, { readResult: readGeometryTest });
  return {
    form,
    run,
    start: () => {
      datasets.touch(form.datasetId);
      return run.start({ kind: 'geometry-test', config: geometryTestConfig(form), seed: form.seed });
    },
    testWeights: (before, after, name) => run.start({ kind: 'geometry-test', config: weightsTestConfig(form, before, after), seed: form.seed, name }),
  };
});

export function useGeometryTest(): GeometryTestState {
  return storeFor(useLabApi());
}
