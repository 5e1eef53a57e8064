/**
 * The float32 precision: single-precision tanh and products, the SIMD fast paths equal to their TypeScript twins bit
 * for bit (so a run does not depend on the platform), gradients within a stated tolerance of the float64 ones
 * (which finite differences check in gradients.test.ts), and runs reproducible bit for bit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tanh32 } from '@core/rnn/fast-tanh';
import { gemmNN32, gemmNT32, gemmTN32 } from '@core/linalg/gemm32';
import { TN_CHUNK } from '@core/linalg/tn-chunk';
import { setWasmGemmEnabled } from '@core/linalg/wasm-runtime';
import { pinRegions } from '@core/linalg/wasm-gemm32';
import { createRng } from '@core/random/rng';
import { forward } from '@core/rnn/forward';
import { evaluateLoss } from '@core/rnn/loss';
import { estimateGradient, randomFeedback } from '@core/rnn/rules';
import { rnnTrainConfigSchema, type RuleName } from '@core/rnn/schema';
import { trainRnn } from '@core/rnn/train';
import { PARAM_KEYS, type RnnParams } from '@core/rnn/params';
import { maxRelativeError, randomBatch, smallModel } from './helpers';

const fill = (len: number, s: number) => new Float32Array(len).map((_, i) => Math.sin(i * s + 0.3));
const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));
const bothPaths = <T>(run: () => T): [T, T] => {
  setWasmGemmEnabled(true);
  const simd = run();
  setWasmGemmEnabled(false);
  const plain = run();
  setWasmGemmEnabled(true);
  return [simd, plain];
};
const ctx = { rng: createRng(0), report: () => undefined, checkCancelled: () => undefined };

describe('tanh32', () => {
  it('is within 3 ulp (float32) of tanh over the range an RNN sees', () => {
    const rng = createRng(11);
    let worst = 0; // in units in the last place of the exact value
    for (let i = 0; i < 100_000; i++) {
      const x = Math.fround(rng.normal() * [1e-4, 0.1, 1, 4, 12][i % 5]);
      const exact = Math.tanh(x);
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(exact))) - 23);
      worst = Math.max(worst, Math.abs(tanh32(x) - exact) / ulp);
    }
    expect(worst).toBeLessThanOrEqual(3);
  });

  it('handles zeros, tiny, saturated and non-finite inputs', () => {
    for (const x of [0, -0, 1e-40, -(2 ** -13), 10, -30, Infinity, -Infinity, NaN].map(Math.fround)) {
      expect(Object.is(tanh32(x), Math.fround(Math.tanh(x)))).toBe(true);
    }
  });

  it('the SIMD forward step computes it bit for bit, edge cases included', () => {
    // pre = 0 * prev + 1 * (drive + 0) = drive (+0 for -0), so the step's h is tanh32 of the drive.
    const rng = createRng(12);
    const edges = [0, -0, 1e-40, -1e-40, 2 ** -12, -(2 ** -12), 2 ** -13, 9.99, 10, -10, 10.01, -30, 3e38, Infinity, -Infinity, NaN];
    const values = Float32Array.from({ length: 40_000 }, (_, i) => i < edges.length ? edges[i] : rng.normal() * [1e-4, 0.1, 1, 4, 12, 40][i % 6]);
    const n = 8, rows = values.length / n;
    const pinned = pinRegions({ drive: values.length, zero: values.length, bias: n, pre: values.length, h: values.length, fp: values.length }, 'test-tanh32');
    if (pinned === null) return; // no WebAssembly SIMD here: nothing to compare
    const { ws, at } = pinned;
    ws.heap.set(values, at.drive);
    ws.heap.fill(0, at.zero, at.zero + values.length);
    ws.heap.fill(0, at.bias, at.bias + n);
    ws.setLeak(0, 1);
    ws.vstep(at.drive, at.zero, at.bias, at.pre, at.h, at.fp, rows, n);
    const pre = ws.heap.subarray(at.pre, at.pre + values.length);
    const h = ws.heap.subarray(at.h, at.h + values.length), fp = ws.heap.subarray(at.fp, at.fp + values.length);
    expect(sameBits(pre, values.map((v) => v + 0))).toBe(true);
    expect(sameBits(h, pre.map(tanh32))).toBe(true);
    expect(sameBits(fp, Float32Array.from(h, (v) => 1 - v * v))).toBe(true);
  });
});

describe('single-precision products', () => {
  afterEach(() => setWasmGemmEnabled(true));

  it('A B^T and A B: SIMD and TypeScript bit-identical, within float32 rounding of the double products', () => {
    for (const [m, k, n] of [[32, 40, 24], [5, 7, 13], [1, 1, 4], [9, 16, 12], [4, 3, 10]]) {
      const a = fill(m * k, 0.37), bt = fill(n * k, 0.11), bn = fill(k * n, 0.13), start = fill(m * n, 0.5);
      for (const accumulate of [false, true]) {
        const [simd, plain] = bothPaths(() => [
          gemmNT32(a, bt, m, k, n, accumulate ? start.slice() : new Float32Array(m * n), accumulate),
          gemmNN32(a, bn, m, k, n, accumulate ? start.slice() : new Float32Array(m * n), accumulate),
        ]);
        expect(sameBits(simd[0], plain[0]) && sameBits(simd[1], plain[1])).toBe(true);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let nt = accumulate ? start[i * n + j] : 0, nn = nt;
            for (let p = 0; p < k; p++) { nt += a[i * k + p] * bt[j * k + p]; nn += a[i * k + p] * bn[p * n + j]; }
            expect(Math.abs(simd[0][i * n + j] - nt)).toBeLessThan(1e-5 * (1 + k));
            expect(Math.abs(simd[1][i * n + j] - nn)).toBeLessThan(1e-5 * (1 + k));
          }
        }
      }
    }
  });

  it('A^T B in chunks: SIMD and TypeScript bit-identical, also for few columns and single rows', () => {
    for (const [rows, m, n] of [[2 * TN_CHUNK + 37, 13, 10], [300, 20, 3], [3, 1, 9], [TN_CHUNK, 8, 8], [700, 1, 12]]) {
      const a = fill(rows * m, 0.37), b = fill(rows * n, 0.11), start = fill(m * n, 0.5);
      const [simd, plain] = bothPaths(() => [gemmTN32(a, b, rows, m, n, new Float32Array(m * n)), gemmTN32(a, b, rows, m, n, start.slice(), true)]);
      expect(sameBits(simd[0], plain[0]) && sameBits(simd[1], plain[1])).toBe(true);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += a[r * m + i] * b[r * n + j];
          expect(Math.abs(simd[0][i * n + j] - s)).toBeLessThan(1e-5 * rows);
        }
      }
    }
  });
});

const RULES: RuleName[] = ['bptt', 'eprop', 'eprop-random', 'rflo', 'rflo-symmetric', 'modprop'];

describe('float32 forward pass and gradients', () => {
  afterEach(() => setWasmGemmEnabled(true));
  // n = 12 takes the SIMD fast paths (n a multiple of 4), n = 7 the generic loops with SIMD products.
  const cases = [
    { n: 12, form: 'voltage', activation: 'tanh', alpha: 1 },
    { n: 12, form: 'voltage', activation: 'tanh', alpha: 0.3 },
    { n: 7, form: 'voltage', activation: 'tanh', alpha: 0.5 },
    { n: 8, form: 'voltage', activation: 'relu', alpha: 0.2 },
    { n: 8, form: 'rate', activation: 'tanh', alpha: 0.4 },
  ] as const;

  for (const c of cases) {
    it(`${c.form} ${c.activation} n=${c.n} alpha=${c.alpha}: SIMD = TypeScript bit for bit, every rule within 1e-4 of float64`, () => {
      const base = { n: c.n, form: c.form, activation: c.activation, alpha: c.alpha, learnInitialState: true, daleExcitatoryFraction: 0.75 };
      const single = smallModel({ ...base, precision: 'float32' }, 3, 2);
      const double = smallModel({ ...base, precision: 'float64' }, 3, 2);
      const batch = randomBatch(15, 4, 3, 2);
      const feedback = randomFeedback(createRng(4), c.n, 2);
      const run = (model: typeof single) => {
        const traj = forward(model, batch.x, batch.steps, batch.batch);
        const { dy, loss } = evaluateLoss(traj.y, batch);
        return { traj, loss, grads: RULES.map((rule) => estimateGradient(rule, model, traj, batch, dy, feedback)) };
      };
      const [simd, plain] = bothPaths(() => run(single));
      expect(simd.traj.h).toBeInstanceOf(Float32Array);
      for (const key of ['pre', 'h', 'fp', 'y', 'pre0'] as const) expect(sameBits(simd.traj[key], plain.traj[key])).toBe(true);
      simd.grads.forEach((g, r) => { for (const key of PARAM_KEYS) expect(sameBits(g[key], plain.grads[r][key]), `${RULES[r]} ${key}`).toBe(true); });
      const reference = run(double);
      expect(Math.abs(simd.loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
      simd.grads.forEach((g: RnnParams, r) => expect(maxRelativeError(g, reference.grads[r]), RULES[r]).toBeLessThan(1e-4));
    });
  }

  it('the fast rules equal the generic ones bit for bit with more inputs than one SIMD block holds', () => {
    const model = smallModel({ n: 8, alpha: 0.6, precision: 'float32' }, 5, 1);
    const batch = randomBatch(9, 6, 5, 1);
    const [simd, plain] = bothPaths(() => {
      const traj = forward(model, batch.x, 9, 6);
      const { dy } = evaluateLoss(traj.y, batch);
      return (['bptt', 'eprop'] as const).map((rule) => estimateGradient(rule, model, traj, batch, dy, null));
    });
    simd.forEach((g, r) => { for (const key of PARAM_KEYS) expect(sameBits(g[key], plain[r][key]), `${r} ${key}`).toBe(true); });
  });

  it('one-off and resident passes agree; the fast rules give the same bits on a resident trajectory and on one copied in, and leave it unchanged', () => {
    const model = smallModel({ n: 12, alpha: 0.4, precision: 'float32' }, 3, 2);
    const batch = randomBatch(10, 4, 3, 2);
    // A pass handed a trajectory to reuse (a training loop) keeps its trajectory in WebAssembly memory; a one-off pass
    // computes in a slot's memory and copies the trajectory out.
    const resident = forward(model, batch.x, 10, 4, forward(model, batch.x, 10, 4));
    expect(resident.resident).toBeDefined();
    const oneOff = forward(model, batch.x, 10, 4);
    expect(oneOff.resident).toBeUndefined();
    for (const key of ['pre', 'h', 'fp', 'y', 'pre0'] as const) expect(sameBits(oneOff[key], resident[key])).toBe(true);
    const before = (['pre', 'h', 'fp', 'y', 'pre0'] as const).map((key) => resident[key].slice());
    setWasmGemmEnabled(false);
    const plain = forward(model, batch.x, 10, 4); // ordinary arrays: the fast rules copy them into a workspace
    setWasmGemmEnabled(true);
    expect(plain.resident).toBeUndefined();
    const { dy } = evaluateLoss(resident.y, batch);
    for (const rule of ['bptt', 'eprop'] as const) {
      const inPlace = estimateGradient(rule, model, resident, batch, dy, null);
      const copied = estimateGradient(rule, model, plain, batch, dy, null);
      for (const key of PARAM_KEYS) expect(sameBits(inPlace[key], copied[key]), `${rule} ${key}`).toBe(true);
    }
    (['pre', 'h', 'fp', 'y', 'pre0'] as const).forEach((key, i) => expect(sameBits(resident[key], before[i])).toBe(true));
  });

  it('a forward pass reusing an earlier trajectory\'s arrays gives the same bits', () => {
    const model = smallModel({ n: 12, precision: 'float32' }, 3, 2);
    const first = randomBatch(10, 4, 3, 2, 'mse', 1), second = randomBatch(10, 4, 3, 2, 'mse', 2);
    const fresh = forward(model, second.x, 10, 4);
    const reused = forward(model, second.x, 10, 4, forward(model, first.x, 10, 4));
    for (const key of ['pre', 'h', 'fp', 'y', 'pre0'] as const) expect(sameBits(reused[key], fresh[key])).toBe(true);
  });
});

describe('float32 training runs', () => {
  const config = (precision: 'float32' | 'float64') => rnnTrainConfigSchema.parse({
    model: { n: 16, alpha: 0.5, precision }, task: { kind: 'delayed-xor' as const, delay: 4, pulse: 1, response: 3 },
    rule: 'bptt' as const, iterations: 150, batchSize: 8, evalBatchSize: 16, optimiser: { learningRate: 0.01 },
    lyapunov: { k: 1, steps: 50, warmup: 10, inputStd: 0 }, seed: 3,
  });

  // Adam's first steps are lr * sign(g) for every weight, so gradients that differ in the last bits (float32 versus
  // float64) take different paths from the first update on; the runs agree in where they get, not step by step.
  it('record their precision, re-run bit for bit, and reach the float64 run\'s result', () => {
    const a = trainRnn(config('float32'), ctx), b = trainRnn(config('float32'), ctx), double = trainRnn(config('float64'), ctx);
    expect(a.config.model.precision).toBe('float32');
    expect(double.config.model.precision).toBe('float64');
    expect(sameBits(a.lossCurve.loss, b.lossCurve.loss)).toBe(true);
    expect(a.finalLoss).toBe(b.finalLoss);
    expect(Math.abs(a.lossCurve.loss[0] - double.lossCurve.loss[0]) / double.lossCurve.loss[0]).toBeLessThan(1e-6);
    expect(a.finalAccuracy).toBe(1);
    expect(double.finalAccuracy).toBe(1);
    expect(a.finalLoss! / double.finalLoss!).toBeGreaterThan(1 / 1.5);
    expect(a.finalLoss! / double.finalLoss!).toBeLessThan(1.5);
  });
});
