/**
 * The 20-seed flossing comparison of the paper's regime (issue 14): the 'flossing' preset (src-core/rnn/presets.ts),
 * N = 64, 4 gains x 3 rules x 2 schedules (none, exact pre-flossing) x 20 seeds = 480 training runs, through the
 * job manager on a pool of 2 workers, as `rnn sweep --preset flossing` runs it. Printed: the wall time, the CPU time
 * of the whole process (all threads), and that CPU time over the 2 workers, i.e. what the wall time is on an
 * otherwise idle 2-core machine; with the load average, because other processes stretch the wall time.
 * Also one run of each kind timed in this thread (CPU seconds), to see where the time goes.
 * Run: npm run bench rnn-flossing [-- --local]  (--local: the local-rule preset instead)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src-core/random/rng';
import { silentContext } from '../src-core/runtime/context';
import { trainRnn } from '../src-core/rnn/train';
import { rnnPreset } from '../src-core/rnn/presets';
import { rnnTrainConfigSchema, type RnnSweepConfig } from '../src-core/rnn/schema';
import { createAppContext } from '../src-main/app-context';

const local = process.argv.includes('--local');
const preset = rnnPreset(local ? 'local-flossing' : 'flossing');
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

function singleRuns(): void {
  const base = preset.config.base;
  const ctx = silentContext(createRng(0));
  const config = (rule: 'bptt' | 'eprop', schedule: 'none' | 'pre') => rnnTrainConfigSchema.parse({
    ...base, model: { ...base.model, gain: 1 }, rule, flossing: { ...base.flossing, schedule, gradient: preset.config.flossingGradients?.[0] ?? 'exact' }, seed: 1,
  });
  trainRnn({ ...config('eprop', 'none'), iterations: 3 }, ctx); // JIT warm-up
  for (const [rule, schedule] of [['bptt', 'none'], ['eprop', 'none'], ['eprop', 'pre']] as const) {
    const start = cpuSeconds();
    trainRnn(config(rule, schedule), ctx);
    console.log(`${`one run, ${rule}, ${schedule === 'none' ? 'no flossing' : `pre-flossing (${preset.config.flossingGradients?.[0] ?? 'exact'})`}`.padEnd(58)} ${(cpuSeconds() - start).toFixed(3)} s CPU`);
  }
}

async function sweep(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-bench-floss-'));
  const workers = 2;
  const context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers });
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    const run = async (config: RnnSweepConfig) => {
      const { jobId } = context.jobs.start({ kind: 'rnn-sweep', config });
      const status = await context.jobs.waitFor(jobId);
      if (status !== 'done') throw new Error(`bench sweep ${status}: ${context.entries.get(jobId)?.error}`);
    };
    // Warm-up: both workers load the numerics before the timed job.
    await run({ ...preset.config, gains: [1], rules: ['bptt', 'eprop'], seeds: 1, base: { ...preset.config.base, iterations: 2 } });
    const load = loadavg()[0];
    const cpu0 = cpuSeconds(), wall0 = performance.now();
    await run(preset.config);
    const wall = (performance.now() - wall0) / 1000, cpu = cpuSeconds() - cpu0;
    const runs = preset.config.gains.length * preset.config.rules.length * preset.config.flossingSchedules.length * preset.config.seeds;
    console.log(`${`${preset.title}: ${runs} runs (N = 64, 20 seeds), ${workers} workers, wall`.padEnd(58)} ${wall.toFixed(0)} s (${(wall / 60).toFixed(1)} min)`);
    console.log(`${'  CPU time of all threads'.padEnd(58)} ${cpu.toFixed(0)} s (${(cpu / runs).toFixed(2)} s a run)`);
    console.log(`${`  CPU time / ${workers} workers (the wall time on an idle machine)`.padEnd(58)} ${(cpu / workers).toFixed(0)} s (${(cpu / workers / 60).toFixed(1)} min)`);
    console.log(`  load average (1 min) ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, on ${availableParallelism()} cores`);
  } finally {
    clearInterval(keepAlive);
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

singleRuns();
await sweep();
