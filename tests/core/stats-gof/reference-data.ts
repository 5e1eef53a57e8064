/** Loads tests/fixtures/stats-gof/reference.json and rebuilds its data sets (large ones are regenerated). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface DatasetEntry {
  n: number;
  values?: number[];
  generated?: { kind: 'minstd_lognormal'; seed: number; mu: number; sigma: number };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ref: any = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/stats-gof/reference.json', import.meta.url)), 'utf8'),
);

/** The generator's Park-Miller minstd + Box-Muller log-normal, operation for operation. */
export function minstdLognormal(seed: number, n: number, mu: number, sigma: number): Float64Array {
  const m = 2147483647;
  let state = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    state = (state * 48271) % m;
    const u1 = state / m;
    state = (state * 48271) % m;
    const u2 = state / m;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = Math.exp(mu + sigma * r * Math.cos(2 * Math.PI * u2));
    if (i + 1 < n) out[i + 1] = Math.exp(mu + sigma * r * Math.sin(2 * Math.PI * u2));
  }
  return out;
}

const cache = new Map<string, Float64Array>();

/** A named data set of the fixture, in the generator's order (unsorted). */
export function dataset(name: string): Float64Array {
  const hit = cache.get(name);
  if (hit) return hit;
  const e: DatasetEntry | undefined = ref.datasets[name];
  if (!e) throw new Error(`no data set ${name} in the fixture`);
  const x = e.values ? Float64Array.from(e.values) : minstdLognormal(e.generated!.seed, e.n, e.generated!.mu, e.generated!.sigma);
  cache.set(name, x);
  return x;
}

/** |a - b| / |b| (absolute when b = 0). */
export function relErr(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
