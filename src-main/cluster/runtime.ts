import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClusterCapabilities } from '@core/contract/cluster';
import { findOnPath } from './slurm';

/**
 * What an array task runs: a Node 22 binary and this checkout's bin/plasticity-lab.mjs, both by absolute path so the
 * task's environment needs no `module load` and no PATH. From the CLI or serve mode that is the running Node; inside
 * Electron (whose binary is not a Node) the checkout's own .tools/node (scripts/setup.sh) or a Node 22 on PATH.
 */
export interface TaskRuntime {
  node: string;
  cli: string;
}

const root = () => fileURLToPath(new URL('../../', import.meta.url));

function nodeMajor(binary: string): number {
  try {
    return Number(execFileSync(binary, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim().replace(/^v/, '').split('.')[0]);
  } catch {
    return 0;
  }
}

/** The Node and CLI the array tasks will run, or the reason there are none on this machine. */
export function taskRuntime(): TaskRuntime | { reason: string } {
  const cli = join(root(), 'bin', 'plasticity-lab.mjs');
  if (!existsSync(cli)) return { reason: `the command-line program (${cli}) is not installed beside this app; install Plasticity Lab with npm on the cluster (README: "On a cluster")` };
  if (!process.versions.electron) return { node: process.execPath, cli };
  for (const candidate of [join(root(), '.tools', 'node', 'bin', 'node'), findOnPath('node')]) {
    if (candidate && existsSync(candidate) && nodeMajor(candidate) >= 22) return { node: candidate, cli };
  }
  return { reason: 'no Node.js 22 found for the array tasks (run `source scripts/setup.sh` in the app folder once)' };
}

/** Whether "Run on Slurm" can submit from here, and a default folder for new jobs. */
export function clusterCapabilities(): ClusterCapabilities {
  const defaultDir = join(homedir(), 'plasticity-lab-jobs');
  if (!findOnPath('sbatch')) return { canSubmit: false, reason: 'sbatch is not on this machine: export the job and submit it on the cluster', defaultDir };
  const runtime = taskRuntime();
  if ('reason' in runtime) return { canSubmit: false, reason: runtime.reason, defaultDir };
  return { canSubmit: true, reason: null, defaultDir };
}
