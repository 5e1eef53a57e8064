/**
 * Timings of the RNN core (no assertions): one BPTT and one e-prop training iteration at N = 200, batch 32, T = 100,
 * 3 inputs, 1 output, MSE, Adam (forward + gradient + update), and lambda_max for N = 200 over 3000 steps.
 * Compare with bench/rnn-reference.py (PyTorch one thread, numpy). Run: npx tsx bench/rnn.bench.ts
 * Inputs are prepared outside the timed region; each figure is the median of several repeats after JIT warm-up.
 * `simd` says whether the WebAssembly SIMD kernels were used (else the TypeScript fallbacks).
 */
import { createRng } from '../src-core/random/rng';
import { createModel } from '../src-core/rnn/init';
import { forward } from '../src-core/rnn/forward';
import { evaluateLoss } from '../src-core/rnn/loss';
import { estimateGradient } from '../src-core/rnn/rules';
import { createOptimiser } from '../src-core/rnn/optimisers';
import { lyapunovExponents } from '../src-core/rnn/lyapunov';
import { rnnModelSchema, optimiserSchema, lyapunovOptionsSchema, type RuleName } from '../src-core/rnn/schema';
import { emptyBatch } from '../src-core/rnn/tasks/types';
import { wasmGemmAvailable } from '../src-core/linalg/wasm-gemm';

const N = 200, B = 32, T = 100, IN = 3, OUT = 1;

function timeIt(fn: () => void, repeats: number): number {
  fn(); fn(); // warm up the JIT
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] / 1000;
}

function trainingIteration(rule: RuleName): number {
  const rng = createRng(1);
  const model = createModel(rnnModelSchema.parse({ n: N, gain: 1.5 }), IN, OUT, rng);
  const batch = emptyBatch(T, B, IN, OUT, 'mse', null);
  for (let i = 0; i < batch.x.length; i++) batch.x[i] = rng.normal();
  for (let i = 0; i < batch.target.length; i++) batch.target[i] = rng.normal();
  batch.mask.fill(1);
  const opt = createOptimiser(optimiserSchema.parse({ learningRate: 1e-4 }), model.shape, ['x0']);
  return timeIt(() => {
    const traj = forward(model, batch.x, T, B);
    const { dy } = evaluateLoss(traj.y, batch);
    const grads = estimateGradient(rule, model, traj, batch, dy, null);
    opt.step(model.params, grads);
  }, 15);
}

function lambdaMax(): number {
  const model = createModel(rnnModelSchema.parse({ n: N, gain: 1.5 }), 0, 1, createRng(2));
  const opts = lyapunovOptionsSchema.parse({ k: 1, steps: 3000, warmup: 0 });
  return timeIt(() => { lyapunovExponents(model, opts, createRng(3)); }, 7);
}

const bptt = trainingIteration('bptt');
const eprop = trainingIteration('eprop');
const lyap = lambdaMax();
const out = { simd: wasmGemmAvailable(), bpttIterationSeconds: bptt, epropIterationSeconds: eprop, lambdaMax3000StepsSeconds: lyap };
process.stdout.write(`${JSON.stringify(out)}\n`);
