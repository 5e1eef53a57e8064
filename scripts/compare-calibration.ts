/**
 * Calibration of the comparison after scaling and of its verdict (stats/twosample/scaled.ts, verdict.ts), the full
 * version of the reduced test in tests/core/stats-gof/scaled.test.ts. Output committed in docs/compare-calibration.txt.
 *
 *   npx tsx --tsconfig tsconfig.node.json scripts/compare-calibration.ts            (full, ~2-4 min)
 *   npx tsx --tsconfig tsconfig.node.json scripts/compare-calibration.ts --quick    (a tenth of the pairs)
 *
 * 1. Under the null (both samples from one log-normal shape, sigma 0.8, scales 1 and e^1.3; n = 50 and 60): how often
 *    the calibrated KS and AD p-values after scaling are <= 0.05, for both scale methods, against a binomial band,
 *    and how often the textbook KS p-value of s*a against b is.
 * 2. The verdict under the same null (n = 100 each; ratio CIs, permutations, fits): how often it names some aspect
 *    as different (each aspect is judged at 5 %, so this family-wise rate is higher), and which.
 * 3. Power: sd(log b) / sd(log a) = 0.84 at n = 300 each: how often the verdict names the spread.
 */
import { lognormal } from '../src-core/stats/families/index';
import { createRng } from '../src-core/random/rng';
import { silentContext } from '../src-core/runtime/context';
import { ks2Sample } from '../src-core/stats/twosample/ks2';
import { scaledComparison } from '../src-core/stats/twosample/scaled';
import { compareKind, type CompareJobResult } from '../src-core/jobs/kinds/compare';
import type { CompareJobInput } from '../src-core/jobs/kinds/compare-schema';

const quick = process.argv.includes('--quick');
const ctx = silentContext(createRng(0));

function band(n: number, p: number): [number, number] {
  const pmf: number[] = [];
  let term = (1 - p) ** n;
  for (let k = 0; k <= n; k++) {
    pmf.push(term);
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  let lo = 0;
  for (let below = 0; below + pmf[lo] < 0.005; lo++) below += pmf[lo];
  let hi = n;
  for (let above = 0; above + pmf[hi] < 0.005; hi--) above += pmf[hi];
  return [lo / n, hi / n];
}

function runCompare(config: CompareJobInput, seed: number): CompareJobResult {
  const shards = compareKind.plan(config as never, seed);
  const parts = shards.map((s, i) => compareKind.runShard(s, silentContext(createRng(seed, i + 1))));
  return compareKind.merge(config as never, parts, seed);
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const started = Date.now();

const pairs = quick ? 100 : 1000;
const [lo, hi] = band(pairs, 0.05);
console.log(`1. Null: one log-normal shape (sigma 0.8) at scales 1 and e^1.3, n = 50 and 60, ${pairs} pairs, 199 permutations each`);
console.log(`   rejection at p <= 0.05; a calibrated test lies in [${pct(lo)}, ${pct(hi)}] (binomial, 99 %)`);
console.log('   method            calibrated KS   calibrated AD   textbook KS of s*a vs b');
for (const method of ['median', 'wasserstein-log'] as const) {
  let ks = 0;
  let ad = 0;
  let naive = 0;
  for (let p = 0; p < pairs; p++) {
    const a = lognormal.sample(createRng(10_000 + p, 1), 50, { mu: 0, sigma: 0.8 });
    const b = lognormal.sample(createRng(10_000 + p, 2), 60, { mu: 1.3, sigma: 0.8 });
    const r = scaledComparison(a, b, { method, resamples: 199, seed: p }, ctx);
    if (r.ks.pValue <= 0.05) ks++;
    if (r.ad.pValue <= 0.05) ad++;
    if (ks2Sample(a.map((x) => x * r.factor), b).pValue <= 0.05) naive++;
  }
  console.log(`   ${method.padEnd(16)}  ${pct(ks / pairs).padStart(13)}   ${pct(ad / pairs).padStart(13)}   ${pct(naive / pairs).padStart(10)}`);
}

const verdictPairs = quick ? 30 : 300;
const aspects: Record<string, number> = {};
let anyDiffer = 0;
for (let p = 0; p < verdictPairs; p++) {
  const a = lognormal.sample(createRng(20_000 + p, 1), 100, { mu: 0, sigma: 0.8 });
  const b = lognormal.sample(createRng(20_000 + p, 2), 100, { mu: 1.3, sigma: 0.8 });
  const r = runCompare({ a: { type: 'values', values: Array.from(a) }, b: { type: 'values', values: Array.from(b) }, scale: 'median', resamples: 199 }, p + 1);
  if (!r.verdict!.sameShape) anyDiffer++;
  for (const d of r.verdict!.differences) aspects[d.aspect] = (aspects[d.aspect] ?? 0) + 1;
}
console.log(`\n2. The verdict under the same null (n = 100 each, scale 'median', 199 resamples), ${verdictPairs} pairs`);
console.log(`   some aspect named as different: ${pct(anyDiffer / verdictPairs)} (each aspect at 5 %)`);
for (const [aspect, k] of Object.entries(aspects).sort()) console.log(`   ${aspect.padEnd(13)} ${pct(k / verdictPairs)}`);

const powerPairs = quick ? 20 : 100;
let spread = 0;
for (let p = 0; p < powerPairs; p++) {
  const a = lognormal.sample(createRng(30_000 + p, 1), 300, { mu: 0, sigma: 1 });
  const b = lognormal.sample(createRng(30_000 + p, 2), 300, { mu: 0.7, sigma: 0.84 });
  const r = runCompare({ a: { type: 'values', values: Array.from(a) }, b: { type: 'values', values: Array.from(b) }, scale: 'median', resamples: 400 }, p + 1);
  if (r.verdict!.differences.some((d) => d.aspect === 'spread')) spread++;
}
console.log(`\n3. Power: sd(log b) / sd(log a) = 0.84, n = 300 each, scale 'median', 400 resamples, ${powerPairs} pairs`);
console.log(`   the verdict names the spread: ${pct(spread / powerPairs)}`);
console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s)`);
