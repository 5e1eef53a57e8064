import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { createModel } from '@core/rnn/init';
import { lyapunovExponents } from '@core/rnn/lyapunov';
import { rnnModelSchema } from '@core/rnn/schema';

/** The science note's reference (numpy, N = 200, tanh, alpha = 1, autonomous, 3000 steps after 500, 3 seeds). */
const NOTE_REFERENCE: [number, number, number][] = [
  [0.5, -0.654, 0.06],
  [1.0, -0.002, 0.02],
  [1.5, 0.052, 0.02],
  [2.0, 0.146, 0.02],
];

function lambdaMax(gain: number, seed: number, inputStd = 0): number {
  const model = createModel(rnnModelSchema.parse({ n: 200, gain }), 0, 1, createRng(seed, 0));
  return lyapunovExponents(model, { k: 1, steps: 3000, warmup: 500, inputStd }, createRng(seed, 1)).lambdaMax;
}

/** log |det A| by LU with partial pivoting (an independent route from the QR chain). */
function logAbsDet(a: Float64Array, n: number): number {
  const m = a.slice();
  let s = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (p !== c) for (let j = 0; j < n; j++) { const t = m[c * n + j]; m[c * n + j] = m[p * n + j]; m[p * n + j] = t; }
    const piv = m[c * n + c];
    s += Math.log(Math.abs(piv));
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / piv;
      for (let j = c; j < n; j++) m[r * n + j] -= f * m[c * n + j];
    }
  }
  return s;
}

describe('Lyapunov exponents (QR method)', () => {
  for (const [gain, expected, tolerance] of NOTE_REFERENCE) {
    it(`lambda_max at g = ${gain} matches the note's reference within ${tolerance}`, () => {
      const mean = [1, 2, 3].map((seed) => lambdaMax(gain, seed)).reduce((a, b) => a + b) / 3;
      expect(Math.abs(mean - expected)).toBeLessThan(tolerance);
    });
  }

  it('input noise suppresses chaos (g = 1.5 with N(0, 0.5^2) input is below the autonomous value)', () => {
    const driven = [1, 2].map((s) => lambdaMax(1.5, s, 0.5)).reduce((a, b) => a + b) / 2;
    const free = [1, 2].map((s) => lambdaMax(1.5, s)).reduce((a, b) => a + b) / 2;
    expect(driven).toBeLessThan(free - 0.03);
    expect(Math.abs(driven - -0.008)).toBeLessThan(0.03);
  });

  for (const form of ['voltage', 'rate'] as const) {
    it(`${form} form: the full spectrum sums to the mean log |det| of the Jacobians`, () => {
      const n = 12, alpha = 0.6, steps = 200, warmup = 30;
      const model = createModel(rnnModelSchema.parse({ n, gain: 1.8, alpha, form }), 0, 1, createRng(4));
      const start = new Float64Array(n).map((_, i) => Math.sin(i + 1));
      const result = lyapunovExponents(model, { k: n, steps, warmup, inputStd: 0 }, createRng(5), { initialState: start });
      // Replay the trajectory and the Jacobians independently.
      const w = model.params.w;
      let s = start.slice(), total = 0;
      const d = new Float64Array(n * n);
      for (let t = 1; t <= warmup + steps; t++) {
        const next = new Float64Array(n);
        if (form === 'voltage') {
          const h = s.map(Math.tanh);
          for (let i = 0; i < n; i++) {
            let drive = 0;
            for (let j = 0; j < n; j++) {
              drive += w[i * n + j] * h[j];
              d[i * n + j] = alpha * w[i * n + j] * (1 - h[j] * h[j]) + (i === j ? 1 - alpha : 0);
            }
            next[i] = (1 - alpha) * s[i] + alpha * drive;
          }
        } else {
          for (let i = 0; i < n; i++) {
            let u = 0;
            for (let j = 0; j < n; j++) u += w[i * n + j] * s[j];
            const fp = 1 - Math.tanh(u) ** 2;
            for (let j = 0; j < n; j++) d[i * n + j] = alpha * fp * w[i * n + j] + (i === j ? 1 - alpha : 0);
            next[i] = (1 - alpha) * s[i] + alpha * Math.tanh(u);
          }
        }
        if (t > warmup) total += logAbsDet(d, n);
        s = next;
      }
      const sum = result.spectrum.reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - total / steps)).toBeLessThan(1e-9);
    });
  }

  it('rejects degenerate requests with clear errors', () => {
    const model = createModel(rnnModelSchema.parse({ n: 5, gain: 0 }), 0, 1, createRng(1));
    expect(() => lyapunovExponents(model, { k: 6, steps: 10, warmup: 0, inputStd: 0 }, createRng(1))).toThrow(/cannot compute/);
    // g = 0 and alpha = 1: the Jacobian is zero, the tangent space collapses.
    expect(() => lyapunovExponents(model, { k: 1, steps: 10, warmup: 0, inputStd: 0 }, createRng(1))).toThrow(/collapsed/);
    expect(() => lyapunovExponents(model, { k: 2, steps: 10, warmup: 0, inputStd: 0 }, createRng(1))).toThrow(/linearly dependent/);
  });
});

describe('Lyapunov job', () => {
  it('runs from a configuration, reproducibly, with monotone progress', async () => {
    const { runLyapunov } = await import('@core/rnn/lyapunov-run');
    const { silentContext } = await import('@core/runtime/context');
    const fractions: number[] = [];
    const ctx = { ...silentContext(createRng(0)), report: (p: { fraction: number }) => fractions.push(p.fraction) };
    const config = { model: rnnModelSchema.parse({ n: 50, gain: 1.5 }), lyapunov: { k: 3, steps: 300, warmup: 50, inputStd: 0.2 }, seed: 4 };
    const a = runLyapunov(config, ctx);
    const b = runLyapunov(config, silentContext(createRng(9)));
    expect(a.spectrum).toHaveLength(3);
    expect(a.lambdaMax).toBe(a.spectrum[0]);
    expect(a.spectrum).toEqual(b.spectrum);
    expect(a.spectrumPerTau).toEqual(a.spectrum);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1]);
    expect(fractions.at(-1)).toBe(1);
  });

  it('a zero input sequence through U gives the autonomous exponents; a strong one changes them', () => {
    const model = createModel(rnnModelSchema.parse({ n: 40, gain: 2 }), 2, 1, createRng(6));
    const opts = { k: 2, steps: 300, warmup: 50, inputStd: 0 };
    const free = lyapunovExponents(model, opts, createRng(7));
    const zero = lyapunovExponents(model, opts, createRng(7), { inputs: new Float64Array(350 * 2) });
    expect(zero.spectrum).toEqual(free.spectrum);
    const strong = new Float64Array(350 * 2).map((_, i) => 3 * Math.sin(i * 0.7));
    const driven = lyapunovExponents(model, opts, createRng(7), { inputs: strong });
    expect(driven.lambdaMax).toBeLessThan(free.lambdaMax);
  });
});
