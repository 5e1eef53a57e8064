import { ref, type Ref } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { ClusterCapabilities, ClusterExport, ClusterSubmission, SlurmOptionsInput } from '@core/contract/cluster';
import type { StartJobInput } from '@core/jobs/schemas';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { downloadBlob } from '../lib/download';
import { rememberedForm } from './useRemembered';

/**
 * "Run on Slurm" under the sweep forms: submit the form's job as a Slurm job array when the app runs where sbatch is
 * (serve mode on the cluster's login node, reached over SSH port forwarding), else export it as a folder (a zip) to
 * submit on the cluster. Either way the history gets an entry "on cluster" that History follows and collects.
 */
export interface SlurmForm {
  /** Where new job folders go (each job gets its own subfolder, named by kind and time). */
  parent: string;
  partition: string;
  /** Wall time per array task, HH:MM:SS ('' for the cluster's default). */
  time: string;
  /** Counts as typed ('' for the cluster's default). */
  cpusPerTask: string;
  mem: string;
  arrayLimit: string;
  account: string;
}

export type SlurmOutcome = { kind: 'submitted'; submission: ClusterSubmission } | { kind: 'exported'; exported: ClusterExport };

export interface SlurmState {
  capabilities: Ref<ClusterCapabilities | null>;
  form: SlurmForm;
  busy: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  outcome: Ref<SlurmOutcome | null>;
  /** Submits (or exports) the job the form around this panel describes. */
  send(job: StartJobInput): Promise<void>;
}

/** What this machine can do (asked once) and the options form, shared by every panel. */
const sharedFor = perApi((api: PlasticityApi) => {
  const capabilities = ref<ClusterCapabilities | null>(null);
  api.clusterCapabilities({}).then(
    (value) => { capabilities.value = value; },
    // Without an answer the panel offers the export, which needs nothing of this machine.
    () => { capabilities.value = { canSubmit: false, reason: 'this app could not tell whether Slurm is here', defaultDir: '' }; },
  );
  const form = rememberedForm<SlurmForm>('slurm', { parent: '', partition: '', time: '', cpusPerTask: '', mem: '', arrayLimit: '', account: '' });
  return { capabilities, form };
});

/** The sbatch options the form holds, as the contract's schema takes them (empty fields left to the cluster). */
export function slurmOptions(form: SlurmForm): SlurmOptionsInput {
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  // A count that is not a whole number goes as it is, so the schema names the field.
  const count = (v: string) => (v.trim() === '' ? undefined : Number(v));
  return {
    partition: text(form.partition), time: text(form.time), mem: text(form.mem), account: text(form.account),
    cpusPerTask: count(form.cpusPerTask), arrayLimit: count(form.arrayLimit),
  };
}

/** A fresh folder for one job: parent/kind-YYYYMMDD-HHMMSS (a folder holds exactly one job). */
export function jobFolder(parent: string, kind: string, now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${parent.replace(/\/+$/, '')}/${kind}-${stamp}`;
}

/** One panel's state (its own outcome); the options form and what the machine can do are shared. */
export function useSlurm(): SlurmState {
  const api = useLabApi();
  const { capabilities, form } = sharedFor(api);
  const busy = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const outcome = ref<SlurmOutcome | null>(null);

  async function send(job: StartJobInput): Promise<void> {
    busy.value = true;
    error.value = null;
    outcome.value = null;
    try {
      const slurm = slurmOptions(form);
      if (capabilities.value?.canSubmit) {
        const parent = form.parent.trim() || capabilities.value.defaultDir;
        outcome.value = { kind: 'submitted', submission: await api.submitClusterJob({ job, dir: jobFolder(parent, job.kind), slurm }) };
      } else {
        const exported = await api.exportClusterJob({ job, slurm });
        downloadBlob(new Blob([new Uint8Array(exported.bytes)], { type: 'application/zip' }), exported.fileName);
        outcome.value = { kind: 'exported', exported };
      }
    } catch (caught) {
      error.value = toErrorInfo(caught);
    } finally {
      busy.value = false;
    }
  }

  return { capabilities, form, busy, error, outcome, send };
}
