import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findOnPath } from '../src-main/cluster/slurm';

/**
 * Whether a Slurm answers here, for the tests that run against the real single-node one (tests/main/cluster-slurm,
 * tests/e2e/cluster). Installed but not running and we are root: it is started the way CI does
 * (scripts/start-slurm.sh, idempotent and instant when the node is up). Returns null when a node answers, else why
 * not. Under CI=true a missing Slurm throws: there the tests must run, never skip.
 */
export function slurmMissing(testFile: string): string | null {
  const why = findReason();
  if (why === null) return null;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${why}: ${testFile} must run in CI (.ci/run installs slurm-wlm and munge and runs scripts/start-slurm.sh)`);
  console.warn(`SKIPPED ${testFile}: ${why}`);
  return why;
}

const START_SCRIPT = fileURLToPath(new URL('../scripts/start-slurm.sh', import.meta.url));

function nodeUp(): boolean {
  try {
    return /^(idle|mix|alloc)/m.test(execFileSync('sinfo', ['-h', '-N', '-o', '%t'], { timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  } catch {
    return false;
  }
}

function findReason(): string | null {
  if (!findOnPath('sbatch')) return 'sbatch is not on PATH (apt-get install slurm-wlm munge, then sudo scripts/start-slurm.sh)';
  if (nodeUp()) return null;
  if (process.getuid?.() !== 0) return 'no Slurm node answers sinfo (start one with sudo scripts/start-slurm.sh)';
  try {
    execFileSync(START_SCRIPT, { timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return `scripts/start-slurm.sh could not start Slurm: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}`;
  }
  return nodeUp() ? null : 'scripts/start-slurm.sh ran, but no Slurm node answers sinfo';
}
