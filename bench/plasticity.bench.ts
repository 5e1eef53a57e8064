/**
 * Timings of the geometry-of-plasticity jobs as the app runs them (no assertions): through a real AppContext and its
 * WorkerPool with 2 workers (both cores of the reference machine), so planning, sharding, structured cloning, the
 * merge and writing the history entry are all inside the timed region. The pool is warmed up first (worker start-up
 * and module loading are not counted).
 *
 *   - one D = 20000 linear-regression run, learning-rate selection included (target < 5 s);
 *   - the paper's width sweep: 30 seeds, 10 widths 100 ... 3000, 3 true potentials, N = sqrt(D), c = 2 (target < 2 min).
 *
 * Run: npm run bench plasticity. Figures and tables of the sweep: npx tsx scripts/plasticity-figures.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../src-main/app-context';
import { startJobSchema, type StartJobInput } from '../src-core/jobs/schemas';
import type { LinearRegressionRunResult } from '../src-core/plasticity';
import type { WidthSweepResult } from '../src-core/jobs/kinds/md-width-sweep';
import { report } from './util';

const dir = mkdtempSync(join(tmpdir(), 'pl-bench-md-'));
const context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 2 });
// The pool's workers are unref'd (an idle app may exit): hold the event loop open while jobs run.
const keepAlive = setInterval(() => undefined, 60_000);

async function timed<T>(input: StartJobInput): Promise<{ seconds: number; result: T }> {
  const start = performance.now();
  const { jobId } = context.jobs.start(startJobSchema.parse(input));
  const status = await context.jobs.waitFor(jobId);
  const seconds = (performance.now() - start) / 1000;
  const entry = context.entries.get(jobId)!;
  if (status !== 'done') throw new Error(`${input.kind} ended ${status}: ${entry.error}`);
  return { seconds, result: entry.result as T };
}

try {
  // Other processes on the machine inflate wall times: print the load so a reader can judge the figures.
  console.log(`load average ${loadavg()[0].toFixed(1)} (1 min) on ${context.pool.size} workers`);
  // Warm-up: both workers load the plasticity modules.
  await timed({ kind: 'md-linear-regression', config: { dim: 200, potential: { kind: 'euclidean' } }, seed: 1 });

  for (const potential of [{ kind: 'negative-entropy' as const }, { kind: 'euclidean' as const }]) {
    const { seconds, result } = await timed<LinearRegressionRunResult>({ kind: 'md-linear-regression', config: { dim: 20_000, potential, seed: 1 }, seed: 1 });
    report(`linear regression D=20000 ${result.potential} (LR selection, 2 workers)`, seconds);
    console.log(`    N=${result.samples}, lr=${result.lr.toExponential(1)}, steps=${result.steps}, final loss ${result.finalLoss.toExponential(2)}, best ${result.best}   (target < 5 s)`);
  }

  const { seconds, result } = await timed<WidthSweepResult>({ kind: 'md-width-sweep', config: { minDim: 100, maxDim: 3000, widths: 10, seeds: 30 }, seed: 0 });
  report(`width sweep 30 seeds, D=100..3000, 3 potentials (${result.tasks} runs)`, seconds);
  console.log('    (target < 120 s)  median dCDF at D = 3000, true potential (rows) vs hypothesis:');
  for (const curve of result.curves) {
    const at = curve.dims.length - 1;
    const cells = ['negative-entropy', 'p=2', 'p=3'].map((h) => {
      const band = curve.hypotheses.find((x) => x.hypothesis === h)?.dcdf[at];
      return `${h} ${band ? band.median.toFixed(4) : '-'}`;
    });
    console.log(`    ${curve.truePotential.padEnd(17)} ${cells.join('   ')}`);
  }
} finally {
  clearInterval(keepAlive);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
