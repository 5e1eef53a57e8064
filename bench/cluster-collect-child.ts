// Child process of bench/cluster.bench.ts: merges one job folder's parts and prints one JSON line with the time and
// this process's peak RSS and heap. `stream`: collect's way (the kind's mergeFrom reads the parts one at a time);
// `all`: every part read into memory first, then the kind's merge (what collect would do without streaming);
// `none`: starts, reads the plan, merges nothing (the fixed cost of the process: modules, the plan).
import { catalogue } from '../src-core/jobs/catalogue';
import { mergeJobDir } from '../src-main/cluster/collect';
import { readMeta, readPlan } from '../src-main/cluster/job-dir';
import { readPart } from '../src-main/cluster/parts';

const [dir, mode] = process.argv.slice(2);
let peakHeap = 0;
const sample = () => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); };
const timer = setInterval(sample, 5);
const t0 = performance.now();
const { meta } = readMeta(dir);
const plan = readPlan(dir, meta);
if (mode === 'stream') {
  mergeJobDir(dir, { onRead: sample });
} else if (mode === 'all') {
  const parts = Array.from({ length: meta.shards }, (_, i) => { sample(); return readPart(dir, meta, i).part; });
  catalogue[meta.jobKind as 'rnn-sweep'].merge(plan.config as never, parts as never, meta.seed);
}
sample();
clearInterval(timer);
console.log(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peakRssMiB: process.resourceUsage().maxRSS / 1024, peakHeapMiB: peakHeap / 2 ** 20 }));
