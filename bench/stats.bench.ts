/**
 * Timings of the fitting engine (no assertions), each next to scipy's time for the same work from
 * bench/stats-reference.py when /usr/bin/python3 has scipy:
 *  1. fitFamilies on 1e5 log-normal values: the seven standard families with log-likelihood, AIC/AICc/BIC, Akaike
 *     weights, standard errors, KS/AD/CvM statistics and Vuong's test for every pair (no bootstrap); one thread.
 *  2. a 1000-resample bootstrap goodness of fit of a log-normal on n = 1000 (KS, AD and CvM, refitting every
 *     resample) as a 'fit' job through a real AppContext with 2 workers: wall time from startJob to the stored
 *     result, history entry included. The same work on one thread (bootstrapGof) is printed for reference.
 * Inputs are drawn outside the timed region; figures are medians after a warm-up run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext } from '../src-main/app-context';
import { createRng } from '../src-core/random/rng';
import { lognormalArray } from '../src-core/random/samplers';
import { silentContext } from '../src-core/runtime/context';
import { fitFamilies } from '../src-core/stats/fit/index';
import { bootstrapGof } from '../src-core/stats/gof/bootstrap';
import { lognormalLogScaleModel } from '../src-core/stats/gof/family-model';
import { lognormal } from '../src-core/stats/families/lognormal';
import { pythonReference, report, timeMedian } from './util';

const large = lognormalArray(createRng(1), 100_000, -0.7, 0.6);
const small = lognormalArray(createRng(2), 1000, -0.7, 0.6);

const reference = pythonReference(fileURLToPath(new URL('./stats-reference.py', import.meta.url)), 'scipy');

const fitSeconds = timeMedian(() => fitFamilies(large), 5);
report('fit 7 standard families, all statistics, n = 1e5', fitSeconds, reference?.fitSeconds);

const dir = mkdtempSync(join(tmpdir(), 'pl-bench-stats-'));
const context = createAppContext({ databasePath: join(dir, 'bench.sqlite'), workers: 2 });
// The pool's workers are unref'd (an idle app may exit): hold the event loop open while jobs run.
const keepAlive = setInterval(() => undefined, 60_000);
try {
  const values = Float64Array.from(small);
  const runJob = async (seed: number): Promise<number> => {
    const start = performance.now();
    const { jobId } = context.jobs.start({ kind: 'fit', config: { source: { type: 'values', values }, families: ['lognormal'], resamples: 1000 }, seed });
    const status = await context.jobs.waitFor(jobId);
    if (status !== 'done') throw new Error(`bootstrap job ${status}: ${context.entries.summary(jobId)?.error}`);
    return (performance.now() - start) / 1000;
  };
  await runJob(1); // spawns and warms both workers
  const times: number[] = [];
  for (let i = 0; i < 5; i++) times.push(await runJob(2 + i));
  times.sort((a, b) => a - b);
  report('bootstrap GOF lognormal n = 1000, B = 1000, 2 workers', times[2], reference?.gofSeconds);
} finally {
  clearInterval(keepAlive);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}
const oneThread = timeMedian(() => bootstrapGof(small, lognormalLogScaleModel(lognormal.fit(small)), { resamples: 1000, seed: 1 }, silentContext(createRng(0))), 5);
report('  the same bootstrap on one thread (bootstrapGof)', oneThread, reference?.gofSeconds);
if (!reference) console.log('(scipy not found at /usr/bin/python3: no reference times)');
