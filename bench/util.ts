import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Median wall time in seconds of `fn` over `repeats` runs after one warm-up run (inputs prepared by the caller). */
export function timeMedian(fn: () => unknown, repeats = 5): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    fn();
    times.push((performance.now() - start) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export interface Timing {
  /** Median wall seconds. */
  wall: number;
  /** Median CPU seconds of this process (user + system): less disturbed by other processes on a shared machine. */
  cpu: number;
}

/** Median wall and CPU time of `fn` over `repeats` runs after one warm-up run. */
export function timeMedians(fn: () => unknown, repeats = 5): Timing {
  fn();
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now(), startCpu = process.cpuUsage();
    fn();
    const used = process.cpuUsage(startCpu);
    wall.push((performance.now() - start) / 1000);
    cpu.push((used.user + used.system) / 1e6);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs a committed Python reference script with Debian's interpreter if it has the module; returns its JSON or null. */
export function pythonReference(script: string, module: string, args: string[] = []): Record<string, number> | null {
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return null;
  try {
    execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
  } catch {
    return null;
  }
  const out = execFileSync(python, [script, ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>;
}

export function report(label: string, seconds: number, reference?: number | null, referenceName = 'reference'): void {
  const ratio = reference ? `  ${referenceName} ${reference.toFixed(3)} s  ratio ${(seconds / reference).toFixed(2)}` : '';
  console.log(`${label.padEnd(58)} ${seconds.toFixed(3)} s${ratio}`);
}
