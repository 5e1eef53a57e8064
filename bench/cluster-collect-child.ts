// Child process of bench/cluster.bench.ts: merges one job folder's parts and prints one JSON line with the time and
// this process's peak RSS and heap. `stream`: collect's way (the kind's mergeFrom reads the parts one at a time);
// `all`: every part read into memory first, then the kind's merge (what collect would do without streaming);
// `none`: starts, reads the plan, merges nothing (the fixed cost of the process: modules, the plan).
// Run with --expose-gc: the live heap is sampled after a collection (about 40 times a run), so garbage waiting for the
// collector does not count, only what the merge holds.
import { catalogue } from '../src-core/jobs/catalogue';
import { mergeJobDir } from '../src-main/cluster/collect';
import { readMeta, readPlan } from '../src-main/cluster/job-dir';
import { readPart } from '../src-main/cluster/parts';

const [dir, mode] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
let peakHeap = 0;
let reads = 0;
let gcSeconds = 0;
const live = () => {
  const t = performance.now();
  gc();
  gcSeconds += (performance.now() - t) / 1000;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};
const t0 = performance.now();
const { meta } = readMeta(dir);
// The baseline holds the configuration, as collect does (it reads the plan and keeps only that).
let plan: { config: unknown } | null = mode === 'stream' ? null : { config: readPlan(dir, meta).config };
const every = Math.max(1, Math.floor(meta.shards / 20));
const onRead = () => { if (++reads % every === 0) live(); };
const held: { result: unknown } = { result: null };
if (mode === 'stream') {
  held.result = mergeJobDir(dir, { onRead }).result;
} else if (mode === 'all') {
  const parts = Array.from({ length: meta.shards }, (_, i) => { onRead(); return readPart(dir, meta, i).part; });
  live();
  held.result = catalogue[meta.jobKind as 'rnn-sweep'].merge(plan!.config as never, parts as never, meta.seed);
}
if (mode !== 'none') plan = null;
live();
void plan;
// What the result itself holds (the per-seed figures of every run, the curves' summaries): heap with it minus without.
gc();
const withResult = process.memoryUsage().heapUsed;
held.result = null;
gc();
const resultMiB = (withResult - process.memoryUsage().heapUsed) / 2 ** 20;
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000 - gcSeconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, peakHeapMiB: peakHeap / 2 ** 20, resultMiB }));
