import type { PlasticityApi } from '@core/contract/api';
import type { IdentificationResult } from '@core/jobs/kinds/md-identification';
import type { IdentificationSummary } from '@core/plasticity/identification';
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

const pOf = (name: string): number | null => {
  const m = /^p=([0-9.]+)$/.exec(name);
  return m ? Number(m[1]) : null;
};

/**
 * How many repeats picked a hypothesis within `tolerance` in p of the truth. Negative entropy is the p -> 1 limit and
 * p = 1.1 scores as well as it does, so for that truth p is counted from 1.1: at 0.1 this is the core's own rule
 * (negative entropy or p <= 1.2, `identifiesTruth`), and the count equals the job's `correct`.
 */
export function pickedWithin(summary: IdentificationSummary, tolerance: number): number {
  const target = summary.truePotential === 'negative-entropy' ? 1.1 : pOf(summary.truePotential);
  let count = 0;
  for (const [name, n] of Object.entries(summary.bestCounts)) {
    const p = pOf(name);
    if (name === summary.truePotential || (target !== null && p !== null && Math.abs(p - target) <= tolerance + 1e-9)) count += n;
  }
  return count;
}

export interface IdentificationState {
  form: IdentificationForm;
  run: JobRun<IdentificationResult>;
  start(): Promise<void>;
}

function createIdentification(api: PlasticityApi): IdentificationState {
  // The paper's protocol: 1000 synapses, 30 repeats, three true potentials (about half a second on two cores).
  const form = rememberedForm<IdentificationForm>('identification', {
    synapses: 1000, repeats: 30, init: 'lognormal', truePotentials: ['negative-entropy', 'euclidean', 'p=3'], seed: 0,
  });
  const run = createJobRun<IdentificationResult>(api, { readResult: readIdentificationResult });
  return { form, run, start: () => run.start({ kind: 'md-identification', config: identificationConfig(form), seed: form.seed }) };
}

const storeFor = perApi(createIdentification);

/** The identification block of the Geometry tab; kept per app so leaving the page keeps the last result. */
export function useIdentification(): IdentificationState {
  return storeFor(useLabApi());
}
