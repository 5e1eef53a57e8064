import { ref, type Ref } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { EntryDetail } from '@core/contract/entries';
import type { LognormalBootstrapResult } from '@core/jobs/kinds/lognormal-bootstrap';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { useJobsFor } from './useJobs';
import { rememberedForm } from './useRemembered';

/** The form of the Fit page's bootstrap: a synthetic log-normal sample and how to resample it. */
export interface BootstrapForm {
  n: number;
  mu: number;
  sigma: number;
  resamples: number;
  confidence: number;
  /** Empty = a random seed chosen by the app (and recorded in the history). */
  seed: number | '' | null;
}

export type BootstrapPhase = 'idle' | 'starting' | 'running' | 'loading' | 'done' | 'failed' | 'cancelled';

export interface BootstrapFitState {
  form: BootstrapForm;
  phase: Ref<BootstrapPhase>;
  jobId: Ref<string | null>;
  error: Ref<ErrorInfo | null>;
  entry: Ref<EntryDetail | null>;
  result: Ref<LognormalBootstrapResult | null>;
  start(): Promise<void>;
}

export function isBootstrapResult(value: unknown): value is LognormalBootstrapResult {
  if (!value || typeof value !== 'object') return false;
  const r = value as Partial<LognormalBootstrapResult>;
  return typeof r.n === 'number' && !!r.estimate && !!r.ci && r.mu instanceof Float64Array;
}

function createBootstrapFit(api: PlasticityApi): BootstrapFitState {
  const jobs = useJobsFor(api);
  const form = rememberedForm<BootstrapForm>('bootstrap', { n: 2000, mu: 0, sigma: 1, resamples: 2000, confidence: 0.95, seed: 42 });
  const phase = ref<BootstrapPhase>('idle');
  const jobId = ref<string | null>(null);
  const error = ref<ErrorInfo | null>(null);
  const entry = ref<EntryDetail | null>(null);
  const result = ref<LognormalBootstrapResult | null>(null);

  async function start(): Promise<void> {
    phase.value = 'starting';
    error.value = null;
    entry.value = null;
    result.value = null;
    let id: string;
    try {
      const seed = form.seed === '' || form.seed === null ? undefined : form.seed;
      ({ jobId: id } = await api.startJob({
        kind: 'lognormal-bootstrap',
        config: { source: { type: 'synthetic', n: form.n, mu: form.mu, sigma: form.sigma }, resamples: form.resamples, confidence: form.confidence },
        ...(seed === undefined ? {} : { seed }),
      }));
    } catch (caught) {
      error.value = toErrorInfo(caught);
      phase.value = 'failed';
      return;
    }
    jobId.value = id;
    phase.value = 'running';
    const finished = await jobs.whenFinished(id);
    if (jobId.value !== id) return; // A newer run replaced this one.
    if (finished.status !== 'done') {
      phase.value = finished.status;
      if (finished.error && finished.status === 'failed') error.value = { message: finished.error, issues: [] };
      return;
    }
    phase.value = 'loading';
    try {
      const detail = await api.getEntry({ id });
      if (jobId.value !== id) return;
      entry.value = detail;
      if (!isBootstrapResult(detail.result)) throw new Error('The finished job returned no bootstrap result.');
      result.value = detail.result;
      phase.value = 'done';
    } catch (caught) {
      error.value = toErrorInfo(caught);
      phase.value = 'failed';
    }
  }

  return { form, phase, jobId, error, entry, result, start };
}

const storeFor = perApi(createBootstrapFit);

/** The Fit page's bootstrap run; kept per app so leaving the page and coming back keeps the last result. */
export function useBootstrapFit(): BootstrapFitState {
  return storeFor(useLabApi());
}
