/**
 * The cost of mirror descent in the recurrent network (issue 13): the same training run with plain SGD steps and
 * with the update applied in the dual space of a potential (rnn/mirror-step.ts), the geometry test on W at its end
 * included. Everything else (forward pass, BPTT gradient, task batches) is identical, so the ratio is the mirror
 * step's share plus the one-off scoring of 21 hypotheses. Target: at most 1.2x.
 *
 * The runs are the two phases of the RNN experiment (rnn/mirror-experiment.ts) at N = 100 (10 000 recurrent weights,
 * 14 x 14 images, BPTT): pre-training on fresh images (batch 64, 100 of its iterations) and fine-tuning on its fixed
 * set of K = N = 100 images (full batch, 150 iterations).
 *
 * The runs are interleaved and timed in CPU time of this thread (process.cpuUsage), medians of 7, so other
 * processes on a shared machine disturb the ratio less than wall time would.
 * Run: npm run bench rnn-mirror (also part of npm run bench rnn).
 */
import { loadavg } from 'node:os';
import { createRng } from '../src-core/random/rng';
import { silentContext } from '../src-core/runtime/context';
import { rnnTrainConfigSchema } from '../src-core/rnn/schema';
import { trainRnn } from '../src-core/rnn/train';
import type { PotentialSpec } from '../src-core/plasticity/potentials';
import { report } from './util';

const ctx = silentContext(createRng(0));
type Phase = 'pre-training' | 'fine-tuning';
const config = (phase: Phase, potential: PotentialSpec | null, learningRate: number) => rnnTrainConfigSchema.parse({
  model: { n: 100, alpha: 1, gain: 1 },
  task: { kind: 'row-images', size: 14, trainingSet: phase === 'pre-training' ? 0 : 100, dataSeed: 1 },
  rule: 'bptt',
  optimiser: { kind: 'sgd', learningRate, momentum: 0.9, potential },
  iterations: phase === 'pre-training' ? 100 : 150,
  batchSize: phase === 'pre-training' ? 64 : 100,
  evalBatchSize: 100,
  // The run's lambda_max measurements are not what is compared: the shortest the schema allows.
  lyapunov: { k: 1, steps: 1, warmup: 0, inputStd: 0, drivenInputStd: 0.5, every: 0 },
});

function cpuSeconds(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`load average ${loadavg()[0].toFixed(1)} (1 min); one thread, CPU time, median of 5`);
for (const phase of ['pre-training', 'fine-tuning'] as const) {
  const runs: [string, ReturnType<typeof config>][] = [
    ['plain SGD steps', config(phase, null, 0.03)],
    ['mirror descent, negative entropy', config(phase, { kind: 'negative-entropy' }, 0.1)],
    ['mirror descent, p = 3 (square root)', config(phase, { kind: 'p-norm', p: 3 }, 0.01)],
    ['mirror descent, p = 2.5 (pow)', config(phase, { kind: 'p-norm', p: 2.5 }, 0.02)],
  ];
  for (const [, c] of runs) trainRnn(c, ctx); // warm-up
  const times = runs.map(() => [] as number[]);
  for (let rep = 0; rep < 5; rep++) runs.forEach(([, c], k) => times[k].push(cpuSeconds(() => trainRnn(c, ctx))));
  const plain = median(times[0]);
  report(`RNN N=100 ${phase} (${runs[0][1].iterations} iterations, batch ${runs[0][1].batchSize}), plain steps`, plain);
  for (let k = 1; k < runs.length; k++) {
    const seconds = median(times[k]);
    report(`  by ${runs[k][0]}`, seconds);
    console.log(`    ratio to plain steps ${(seconds / plain).toFixed(3)}   (target <= 1.2)`);
  }
}
