/**
 * Prints the figures of the RNN half of Plasticity Lab as plain text (run: npx tsx scripts/rnn-figures.ts [--quick]):
 *   1. lambda_max against gain for N = 200, tanh, alpha = 1 (the science note's reference beside it);
 *   2. a gain x rule sweep on delayed XOR (delay 10): final loss and lambda_max before/after training per rule,
 *      autonomous and driven by N(0, 0.5^2) input;
 *   3. flossing on/off: final loss and lambda_max before/after training (both kinds) for each flossing schedule.
 * tests/core/rnn/train.test.ts asserts the qualitative outcome (who learns better) on smaller versions.
 */
import { createRng } from '../src-core/random/rng';
import { silentContext } from '../src-core/runtime/context';
import { createModel } from '../src-core/rnn/init';
import { lyapunovExponents } from '../src-core/rnn/lyapunov';
import { rnnModelSchema, rnnSweepConfigSchema, type RnnSweepConfig } from '../src-core/rnn/schema';
import { runRnnSweep, type RnnSweepSummary } from '../src-core/rnn/sweep';
import { drawFlossingSample, flossingGradient } from '../src-core/rnn/flossing';
import { localFlossingGradient } from '../src-core/rnn/flossing-local';

const quick = process.argv.includes('--quick');
const ctx = silentContext(createRng(0));
const out = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '   -  ' : x.toFixed(digits).padStart(7));

function lambdaVersusGain(): void {
  const reference: Record<number, number> = { 0.5: -0.654, 0.9: -0.067, 1: -0.002, 1.5: 0.052, 2: 0.146, 3: 0.296 };
  out('1. lambda_max (per step) vs gain: N = 200, tanh, alpha = 1, autonomous, 3000 steps after 500, mean of 3 seeds');
  out('   gain   this app   note (numpy)');
  for (const gain of [0.5, 0.9, 1, 1.5, 2, 3]) {
    let sum = 0;
    for (const seed of [1, 2, 3]) {
      const model = createModel(rnnModelSchema.parse({ n: 200, gain }), 0, 1, createRng(seed, 0));
      sum += lyapunovExponents(model, { k: 1, steps: 3000, warmup: 500, inputStd: 0 }, createRng(seed, 1)).lambdaMax;
    }
    out(`   ${gain.toFixed(1)}  ${fmt(sum / 3)}    ${fmt(reference[gain])}`);
  }
  out();
}

function printSweep(title: string, summary: RnnSweepSummary): void {
  out(title);
  out(`   ${'rule'.padEnd(13)} ${'floss'.padEnd(10)} ${'gain'.padStart(5)}  final loss (sd)     accuracy   lambda autonomous before -> after   driven (s = ${summary.drivenInputStd}) before -> after`);
  for (const c of summary.cells) {
    const lambdas = `${fmt(c.lambdaMaxAutonomousBefore?.mean)} -> ${fmt(c.lambdaMaxAutonomousAfter?.mean)}             ${fmt(c.lambdaMaxDrivenBefore?.mean)} -> ${fmt(c.lambdaMaxDrivenAfter?.mean)}`;
    out(`   ${c.rule.padEnd(13)} ${c.schedule.padEnd(10)} ${c.gain.toFixed(2).padStart(5)}  ${fmt(c.finalLoss?.mean, 4)} (${fmt(c.finalLoss?.sd, 3)})  ${fmt(c.finalAccuracy?.mean, 2)}   ${lambdas}${c.diverged ? `  (${c.diverged} diverged)` : ''}`);
  }
  out();
}

function sweep(config: Partial<RnnSweepConfig> & { base: object }): RnnSweepSummary {
  return runRnnSweep(rnnSweepConfigSchema.parse(config), ctx);
}

const lyapunov = { k: 1, steps: 500, warmup: 100, inputStd: 0, drivenInputStd: 0.5 };
lambdaVersusGain();

printSweep('2. delayed XOR (delay 10), N = 64, alpha = 1, 300 Adam iterations (lr 3e-3), batch 16, mean of seeds', sweep({
  base: {
    model: { n: 64, alpha: 1 }, task: { kind: 'delayed-xor', delay: 10 }, iterations: quick ? 100 : 300, batchSize: 16,
    optimiser: { learningRate: 3e-3 }, lyapunov, evalBatchSize: 32,
  },
  gains: [0.5, 1, 1.5, 2], rules: ['bptt', 'eprop', 'eprop-random', 'rflo'], seeds: quick ? 1 : 2,
}));

printSweep('3. flossing (k = 1, target 0) from chaotic starts: delayed XOR (delay 10), N = 64, alpha = 1, 300 iterations', sweep({
  base: {
    model: { n: 64, alpha: 1 }, task: { kind: 'delayed-xor', delay: 10 }, iterations: quick ? 100 : 300, batchSize: 16,
    optimiser: { learningRate: 3e-3 }, lyapunov, evalBatchSize: 32,
    flossing: { k: 1, target: 0, phaseSteps: 100, trajectorySteps: 60, warmup: 10, learningRate: 2e-2, weight: 1 },
  },
  gains: [2, 3], rules: ['bptt', 'eprop', 'rflo'], flossingSchedules: ['none', 'pre', 'continuous'], seeds: quick ? 1 : 2,
}));

// 4. Local flossing against the exact gradient: the cosine between the two dL/dW on the same trajectory.
function localFlossingAlignment(): void {
  out('4. local flossing rule vs exact flossing gradient: cosine of dL/dW, N = 64, tanh, alpha = 0.2, autonomous trajectory,');
  out('   k = 1, 60 scored steps after 10, 5 seeds (mean, min, max)');
  out('   gain   mean cosine   min      max');
  for (const gain of [0.5, 1, 1.5, 2, 3]) {
    const values = [1, 2, 3, 4, 5].map((seed) => {
      const model = createModel(rnnModelSchema.parse({ n: 64, gain, alpha: 0.2 }), 1, 1, createRng(seed, 0));
      const settings = { k: 1, steps: 60, warmup: 10, target: 0, inputStd: 0 };
      const sample = drawFlossingSample(createRng(seed, 5), model, settings);
      return cosine(localFlossingGradient(model, sample, settings).grads.w, flossingGradient(model, sample, settings).grads.w);
    });
    out(`   ${gain.toFixed(1)}  ${fmt(values.reduce((a, b) => a + b, 0) / values.length)}      ${fmt(Math.min(...values))}  ${fmt(Math.max(...values))}`);
  }
  out();
}

function cosine(a: Float64Array, b: Float64Array): number {
  let d = 0, x = 0, y = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; x += a[i] * a[i]; y += b[i] * b[i]; }
  return d / Math.sqrt(x * y);
}

localFlossingAlignment();
