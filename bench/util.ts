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

export function report(label: string, seconds: number, reference?: number | null): void {
  const ratio = reference ? `  reference ${reference.toFixed(3)} s  ratio ${(seconds / reference).toFixed(2)}` : '';
  console.log(`${label.padEnd(58)} ${seconds.toFixed(3)} s${ratio}`);
}
