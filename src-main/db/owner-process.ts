import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Which process owns a running entry, told apart from a later process that got the same PID: a PID is reused once
 * its process has died (after a crash, the next app start may even get the crashed app's PID back), so an entry
 * stores its owner's PID together with that process's start time, and a live PID counts only if it started then.
 */

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let bootId: string | null | undefined;

/** Linux: this boot's id, so a start time (clock ticks since boot) is only compared within one boot. */
function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      bootId = null;
    }
  }
  return bootId;
}

/**
 * When process `pid` started, as an opaque text that is equal for the same process and different for a later one
 * with the same PID; null when it cannot be told (no such process, or a platform where asking costs too much).
 * Linux: field 22 of /proc/PID/stat (start time in clock ticks since boot) with the boot id; macOS and other Unix:
 * `ps -o lstart=` (to the second); Windows: null, and the PID alone decides as before.
 */
export function processStart(pid: number): string | null {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = fields[19];
      return ticks ? `linux:${linuxBootId() ?? '?'}:${ticks}` : null;
    } catch {
      return null;
    }
  }
  if (process.platform === 'win32') return null;
  try {
    const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return started ? `ps:${started}` : null;
  } catch {
    return null;
  }
}

let own: string | null | undefined;

/** This process's start time (asked once). */
export function ownProcessStart(): string | null {
  if (own === undefined) own = processStart(process.pid);
  return own;
}

/**
 * True when the process that recorded (pid, started) is still running: the PID is alive and, where both start
 * times are known, it is the same process (not a later one that reused the PID).
 */
export function ownerIsAlive(pid: number, started: string | null, isAlive: (pid: number) => boolean = processIsAlive, startOf: (pid: number) => string | null = processStart): boolean {
  if (!isAlive(pid)) return false;
  if (started === null) return true;
  const now = startOf(pid);
  return now === null || now === started;
}
