/**
 * The figures of the RNN half of Plasticity Lab, in the regime where the paper's claims can show
 * (src-core/rnn/presets.ts: alpha = 0.2, delayed XOR with delay 30, N = 64, gains 0.5-3, 10 seeds, 20 for flossing):
 *   1. lambda_max against gain (alpha = 1 beside the science note's numpy reference, and alpha = 0.2);
 *   2. gain dependence of each rule: final loss, success rate and area under the learning curve with 95 % intervals,
 *      lambda_max before and after training, ||dW||/||W0||, and the smallest gain tested against the largest;
 *   3. pre-flossing with the exact gradient against none (20 seeds), each comparison with its test;
 *   4. the same protocol with the local flossing rule, beside the exact one;
 *   5. the local rule's alignment with the exact flossing gradient (cosine) across gains;
 *   6. at alpha = 1: RFLO equals e-prop with random feedback, and neither learns the delay.
 * Sweeps run through the app's job manager on a worker pool (as `rnn sweep` does), in a temporary history.
 *
 *   npx tsx --tsconfig tsconfig.node.json scripts/rnn-figures.ts [--quick] [--workers 2] [--out docs/figures/rnn-figures]
 *
 * --out writes the printed text (.txt) and the sweeps' figures without learning curves (.json); the README's RNN
 * conclusions (src-core/rnn/README.md) quote docs/figures/rnn-figures.txt, written by a full run of this script.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src-core/random/rng';
import { createModel } from '../src-core/rnn/init';
import { lyapunovExponents } from '../src-core/rnn/lyapunov';
import { rnnModelSchema, type RnnSweepConfig } from '../src-core/rnn/schema';
import type { RnnSweepCell, RnnSweepSummary } from '../src-core/rnn/sweep';
import { drawFlossingSample, flossingGradient } from '../src-core/rnn/flossing';
import { localFlossingGradient } from '../src-core/rnn/flossing-local';
import { rnnPreset, type RnnPresetName } from '../src-core/rnn/presets';
import { compareCells, comparisonSentence, countSignificant, significanceSummary, ruleName, variantName, type RnnComparison } from '../src-core/rnn/comparisons';
import { createAppContext } from '../src-main/app-context';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const option = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const workers = Number(option('--workers') ?? 2);
const outPrefix = option('--out');
const lines: string[] = [];
const out = (line = '') => { lines.push(line); process.stdout.write(`${line}\n`); };
const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '   -  ' : x.toFixed(digits).padStart(7));
const ci = (i: { lo: number; hi: number } | null | undefined, digits = 3) => (i ? `[${i.lo.toFixed(digits)}, ${i.hi.toFixed(digits)}]` : '');
const recorded: Record<string, unknown> = {};

// ---- sweeps on the app's worker pool ----
const dir = mkdtempSync(join(tmpdir(), 'pl-rnn-figures-'));
const context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers });
const keepAlive = setInterval(() => undefined, 60_000);

async function sweep(config: RnnSweepConfig): Promise<{ summary: RnnSweepSummary; seconds: number }> {
  const start = performance.now();
  const { jobId } = context.jobs.start({ kind: 'rnn-sweep', config });
  const status = await context.jobs.waitFor(jobId);
  if (status !== 'done') throw new Error(`sweep ${status}: ${context.entries.get(jobId)?.error}`);
  return { summary: context.entries.get(jobId)!.result as RnnSweepSummary, seconds: (performance.now() - start) / 1000 };
}

/** A preset, smaller with --quick (3 seeds, 150 iterations, N = 32) so the script can be smoke-tested. */
function presetConfig(name: RnnPresetName): RnnSweepConfig {
  const c = structuredClone(rnnPreset(name).config);
  if (quick) {
    c.seeds = 3;
    c.base = { ...c.base, iterations: 150, model: { ...c.base.model, n: 32 } };
  }
  return c;
}

const variant = (c: RnnSweepCell) => (c.schedule === 'none' ? 'none' : `${c.schedule}${c.gradient === 'local' ? ' (local)' : ''}`);

function printCells(summary: RnnSweepSummary): void {
  out(`   ${'rule'.padEnd(13)} ${'floss'.padEnd(12)} ${'gain'.padStart(4)}  final loss [95 % CI]        solved [95 % CI]      mean train loss [CI]   lambda_max aut. before -> after pre-floss -> after train   ||dW||/||W0||`);
  for (const c of summary.cells) {
    out(`   ${c.rule.padEnd(13)} ${variant(c).padEnd(12)} ${c.gain.toFixed(1).padStart(4)}  ${fmt(c.finalLoss?.mean)} ${ci(c.intervals.finalLoss).padEnd(17)}  ${`${c.success.solved}/${c.success.n}`.padStart(5)} ${ci(c.intervals.success, 2).padEnd(13)}  ${fmt(c.learningCurveArea?.mean)} ${ci(c.intervals.learningCurveArea).padEnd(15)} ${fmt(c.lambdaMaxAutonomousBefore?.mean)} -> ${fmt(c.lambdaMaxAutonomousAfterFlossing?.mean)} -> ${fmt(c.lambdaMaxAutonomousAfter?.mean)}   ${fmt(c.weightChange?.mean, 2)}${c.diverged ? `  (${c.diverged} diverged)` : ''}`);
  }
}

function printComparisons(title: string, comparisons: RnnComparison[]): void {
  out(`   ${title} (* significant at 5 %; ${significanceSummary(countSignificant(comparisons))}):`);
  for (const c of comparisons) out(`   ${c.significant ? '*' : ' '} ${comparisonSentence(c)}`);
}

/** What the JSON keeps of a sweep: every cell's figures and intervals without curves, and every comparison. */
function record(key: string, config: RnnSweepConfig, summary: RnnSweepSummary, seconds: number): void {
  recorded[key] = {
    config, seconds,
    cells: summary.cells.map(({ learningCurve: _curve, ...cell }) => cell),
    comparisons: summary.comparisons,
  };
}

// ---- 1. lambda_max against gain ----
function lambdaVersusGain(): void {
  const reference: Record<number, number> = { 0.5: -0.654, 0.9: -0.067, 1: -0.002, 1.5: 0.052, 2: 0.146, 3: 0.296 };
  out('1. lambda_max (per step) against gain: N = 200, tanh, autonomous, 3000 steps after 500, mean of 3 seeds');
  out('   gain   alpha = 1   note (numpy, alpha = 1)   alpha = 0.2');
  for (const gain of [0.5, 0.9, 1, 1.5, 2, 3]) {
    const mean = (alpha: number) => [1, 2, 3].reduce((sum, seed) => {
      const model = createModel(rnnModelSchema.parse({ n: 200, gain, alpha }), 0, 1, createRng(seed, 0));
      return sum + lyapunovExponents(model, { k: 1, steps: 3000, warmup: 500, inputStd: 0 }, createRng(seed, 1)).lambdaMax / 3;
    }, 0);
    out(`   ${gain.toFixed(1)}  ${fmt(mean(1))}     ${fmt(reference[gain])}                 ${fmt(mean(0.2))}`);
  }
  out();
}

// ---- 5. local vs exact flossing gradient ----
function cosine(a: Float64Array, b: Float64Array): number {
  let d = 0, x = 0, y = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; x += a[i] * a[i]; y += b[i] * b[i]; }
  return d / Math.sqrt(x * y);
}

function localFlossingAlignment(): void {
  out('5. local flossing rule against the exact flossing gradient: cosine of dL/dW on the same trajectory, N = 64, tanh,');
  out('   alpha = 0.2, k = 1, 60 scored steps after 10, 5 seeds; autonomous and noise-driven (s = 0.5) trajectories');
  out('   gain   autonomous: mean   min      max     driven: mean   min      max');
  for (const gain of [0.5, 1, 1.5, 2, 3]) {
    const row = (inputStd: number) => {
      const values = [1, 2, 3, 4, 5].map((seed) => {
        const model = createModel(rnnModelSchema.parse({ n: 64, gain, alpha: 0.2 }), 1, 1, createRng(seed, 0));
        const settings = { k: 1, steps: 60, warmup: 10, target: 0, inputStd };
        const sample = drawFlossingSample(createRng(seed, 5), model, settings);
        return cosine(localFlossingGradient(model, sample, settings).grads.w, flossingGradient(model, sample, settings).grads.w);
      });
      return `${fmt(values.reduce((a, b) => a + b, 0) / values.length)}  ${fmt(Math.min(...values))}  ${fmt(Math.max(...values))}`;
    };
    out(`   ${gain.toFixed(1)}          ${row(0)}          ${row(0.5)}`);
  }
  out();
}

try {
  lambdaVersusGain();

  const gainConfig = presetConfig('gain-dependence');
  const gain = await sweep(gainConfig);
  record('gainDependence', gainConfig, gain.summary, gain.seconds);
  out(`2. gain dependence: ${rnnPreset('gain-dependence').description}${quick ? ' [--quick: 3 seeds, 150 iterations, N = 32]' : ''} (${gain.seconds.toFixed(0)} s)`);
  printCells(gain.summary);
  printComparisons('smallest against largest gain', gain.summary.comparisons ?? []);
  out();

  const exactConfig = presetConfig('flossing');
  const exact = await sweep(exactConfig);
  record('flossingExact', exactConfig, exact.summary, exact.seconds);
  out(`3. pre-flossing, exact gradient: ${rnnPreset('flossing').description} (${exact.seconds.toFixed(0)} s on ${workers} workers)`);
  printCells(exact.summary);
  printComparisons('flossing against none, and gain', exact.summary.comparisons ?? []);
  out();

  const localConfig = presetConfig('local-flossing');
  const local = await sweep(localConfig);
  record('flossingLocal', localConfig, local.summary, local.seconds);
  out(`4. pre-flossing, local rule: ${rnnPreset('local-flossing').description} (${local.seconds.toFixed(0)} s)`);
  printCells(local.summary);
  printComparisons('flossing against none, and gain', local.summary.comparisons ?? []);
  // The two flossed variants against each other (same seeds, same unflossed twins).
  const versus: RnnComparison[] = [];
  for (const l of local.summary.cells.filter((c) => c.schedule !== 'none')) {
    const e = exact.summary.cells.find((c) => c.gain === l.gain && c.rule === l.rule && c.schedule === l.schedule);
    if (e) versus.push(compareCells('flossing', e, l));
  }
  out('   local against exact pre-flossing (A = exact, B = local): final loss, solved');
  for (const c of versus) {
    const w = c.finalLoss;
    out(`     ${ruleName(c.rule).padEnd(26)} g = ${c.gainA.toFixed(1)}: ${w ? `${fmt(w.meanA)} -> ${fmt(w.meanB)} (difference ${w.difference.toFixed(3)}, Welch p = ${w.p.toPrecision(2)})` : 'n/a'}, solved ${c.success.solvedA}/${c.success.nA} -> ${c.success.solvedB}/${c.success.nB} (Fisher p = ${c.success.p.toPrecision(2)})${c.significant ? ' *' : ''}`);
  }
  recorded.localAgainstExact = versus;
  out();

  localFlossingAlignment();

  const alphaOne = await sweep({
    base: { ...gainConfig.base, model: { ...gainConfig.base.model, alpha: 1 }, task: { kind: 'delayed-xor', delay: 10, pulse: 2, response: 5 } },
    gains: [0.5, 1.5], rules: ['eprop', 'eprop-random', 'rflo'], flossingSchedules: ['none'], seeds: 3, firstSeed: 1,
  } as RnnSweepConfig);
  out(`6. alpha = 1 (no trace memory), delayed XOR with delay 10, ${variantName('none', null)}, 3 seeds (${alphaOne.seconds.toFixed(0)} s)`);
  printCells(alphaOne.summary);
  const identical = [0.5, 1.5].every((g) => {
    const runs = (rule: string) => alphaOne.summary.cells.find((c) => c.gain === g && c.rule === rule)!.runs.map((r) => r.finalLoss);
    return JSON.stringify(runs('rflo')) === JSON.stringify(runs('eprop-random'));
  });
  out(`   RFLO and e-prop with random feedback give ${identical ? 'the same final losses, bit for bit' : 'different final losses'} at alpha = 1.`);
  out();
} finally {
  clearInterval(keepAlive);
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}

if (outPrefix) {
  writeFileSync(`${outPrefix}.txt`, `${lines.join('\n')}\n`);
  writeFileSync(`${outPrefix}.json`, `${JSON.stringify(recorded, null, 1)}\n`);
}
