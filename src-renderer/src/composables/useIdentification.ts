import type { PlasticityApi } from '@core/contract/api';
import type { StartJobInput } from '@core/jobs/schemas';
import type { IdentificationResult } from '@core/jobs/kinds/md-identification';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { rememberedForm } from './useRemembered';
import { sweepPotentials, type WidthSweepForm } from './useGeometry';

/** The paper's synthetic identification test: pairs drawn under a known geometry, scored by every hypothesis. */
export interface IdentificationForm {
  synapses: number;
  repeats: number;
  init: 'lognormal' | 'normal';
  truePotentials: WidthSweepForm['truePotentials'];
  seed: number;
}

export function identificationConfig(form: IdentificationForm) {
  return {
    synapses: form.synapses,
    repeats: form.repeats,
    init: form.init,
    truePotentials: form.truePotentials.map((name) => sweepPotentials[name]),
    seed: form.seed,
  };
}

export function readIdentificationResult(value: unknown): IdentificationResult | null {
  const summaries = (value as { summaries?: unknown } | null)?.summaries;
  const ok = Array.isArray(summaries) && summaries.every((s) => s && typeof s.truePotential === 'string' && Array.isArray(s.curve) && s.bestCounts && typeof s.repeats === 'number');
  return ok ? (value as IdentificationResult) : null;
}

export interface IdentificationState {
  form: IdentificationForm;
  run: JobRun<IdentificationResult>;
  start(): Promise<void>;
  /** The test the form describes, as a job (to run here or send to a cluster). */
  job(): StartJobInput;
}

function createIdentification(api: PlasticityApi): IdentificationState {
  // The paper's protocol: 1000 synapses, 30 repeats, three true potentials (about half a second on two cores).
  const form = rememberedForm<IdentificationForm>('identification', {
    synapses: 1000, repeats: 30, init: 'lognormal', truePotentials: ['negative-entropy', 'euclidean', 'p=3'], seed: 0,
  });
  const run = createJobRun<IdentificationResult>(api, { readResult: readIdentificationResult });
  const job = (): StartJobInput => ({ kind: 'md-identification', config: identificationConfig(form), seed: form.seed });
  return { form, run, job, start: () => run.start(job()) };
}

const storeFor = perApi(createIdentification);

/** The identification block of the Geometry tab; kept per app so leaving the page keeps the last result. */
export function useIdentification(): IdentificationState {
  return storeFor(useLabApi());
}
