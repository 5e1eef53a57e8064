import { describe, expect, it } from 'vitest';
import {
  bregmanDivergence,
  makePotential,
  potentialFromName,
  type Potential,
  type PotentialSpec,
} from '@core/plasticity/potentials';
import { MirrorDescent, applyMirrorStep, scheduledLearningRate } from '@core/plasticity/mirror-descent';
import { createRng } from '@core/random/rng';

const specs: PotentialSpec[] = [
  { kind: 'euclidean' },
  { kind: 'negative-entropy' },
  { kind: 'p-norm', p: 1.1 },
  { kind: 'p-norm', p: 1.5 },
  { kind: 'p-norm', p: 3 },
  { kind: 'p-norm', p: 4.5 },
  { kind: 'hyperbolic-entropy', beta: 0.05 },
];

function testWeights(): number[] {
  const rng = createRng(11);
  const out: number[] = [];
  for (let i = 0; i < 400; i++) out.push((rng.uniform() < 0.5 ? -1 : 1) * Math.exp(-8 + 10 * rng.uniform()));
  return out;
}

describe('potentials', () => {
  for (const spec of specs) {
    const pot = makePotential(spec);
    it(`${pot.name}: gradient and inverse gradient are inverses to 1e-12`, () => {
      for (const w of testWeights()) {
        const back = pot.invGrad(pot.grad(w), Math.sign(w));
        expect(Math.abs(back - w) / Math.abs(w)).toBeLessThan(1e-12);
      }
      // and the other way round on dual values
      for (const w of testWeights()) {
        const y = Math.sign(w) * (Math.abs(w) * 3 + 0.5);
        const sign = pot.allowsSignChange ? 1 : Math.sign(w);
        const yBack = pot.grad(pot.invGrad(y, sign));
        expect(Math.abs(yBack - y) / Math.abs(y)).toBeLessThan(1e-12);
      }
    });

    it(`${pot.name}: gradient and second derivative match central finite differences`, () => {
      for (const w of [-0.7, -0.13, 0.021, 0.4, 1.7]) {
        const h = 1e-6 * Math.abs(w);
        const fdGrad = (pot.value(w + h) - pot.value(w - h)) / (2 * h);
        const fdSecond = (pot.grad(w + h) - pot.grad(w - h)) / (2 * h);
        expect(Math.abs(fdGrad - pot.grad(w))).toBeLessThan(1e-7 * Math.max(1, Math.abs(pot.grad(w))));
        expect(Math.abs(fdSecond - pot.secondDerivative(w)) / pot.secondDerivative(w)).toBeLessThan(1e-6);
      }
    });

    it(`${pot.name}: Bregman divergence is >= 0, zero at equality, and ~ f''/2 dw^2 for small steps`, () => {
      const w2 = Float64Array.from([0.3, -0.2, 0.05]);
      const w1 = Float64Array.from([0.35, -0.1, 0.07]);
      expect(bregmanDivergence(pot, w1, w2)).toBeGreaterThan(0);
      expect(bregmanDivergence(pot, w2, w2)).toBe(0);
      const eps = 1e-4;
      const w3 = Float64Array.from([0.3 + eps]);
      const quad = 0.5 * pot.secondDerivative(0.3) * eps * eps;
      expect(Math.abs(bregmanDivergence(pot, w3, Float64Array.from([0.3])) - quad) / quad).toBeLessThan(1e-3);
    });

    it(`${pot.name}: one MD step solves the Bregman-proximal problem argmin lr<d,w> + D(w, w_t)`, () => {
      const w = Float64Array.from([0.31, -0.22, 0.05, 0.9]);
      const d = Float64Array.from([0.4, -1.3, 2.0, 0.1]);
      const lr = 0.05;
      const next = w.slice();
      const dual = Float64Array.from(w, (x) => pot.grad(x));
      applyMirrorStep(pot, next, dual, d, lr);
      const objective = (v: Float64Array) => {
        let s = 0;
        for (let i = 0; i < v.length; i++) s += lr * d[i] * v[i];
        return s + bregmanDivergence(pot, v, w);
      };
      // Finite-difference gradient of the proximal objective vanishes at the step's result ...
      for (let i = 0; i < next.length; i++) {
        const h = 1e-6 * Math.abs(next[i]);
        const plus = next.slice();
        const minus = next.slice();
        plus[i] += h;
        minus[i] -= h;
        const fd = (objective(plus) - objective(minus)) / (2 * h);
        expect(Math.abs(fd)).toBeLessThan(1e-7);
        // ... and it is a minimum, not a maximum.
        const far = next.slice();
        far[i] += 1e-3 * Math.abs(next[i]);
        expect(objective(far)).toBeGreaterThan(objective(next));
      }
    });
  }

  it('negative entropy never changes a sign and never moves an exact zero', () => {
    const pot = makePotential({ kind: 'negative-entropy' });
    const w = Float64Array.from([0.5, -0.5, 0, 1e-3]);
    const opt = new MirrorDescent(pot, w);
    for (let t = 0; t < 50; t++) opt.step(Float64Array.from([3, -3, 5, 2]), 0.1);
    expect(w[0]).toBeGreaterThan(0);
    expect(w[1]).toBeLessThan(0);
    expect(w[2]).toBe(0);
    expect(w[3]).toBeGreaterThan(0);
  });

  it('the multiplicative negative-entropy step equals the generic dual step', () => {
    const pot = makePotential({ kind: 'negative-entropy' });
    const w = Float64Array.from([0.5, -0.25]);
    const d = Float64Array.from([0.7, 0.3]);
    const generic = Float64Array.from(w, (x, i) => pot.invGrad(pot.grad(x) - 0.2 * d[i], Math.sign(x)));
    applyMirrorStep(pot, w, null, d, 0.2);
    for (let i = 0; i < 2; i++) expect(Math.abs(w[i] - generic[i]) / Math.abs(generic[i])).toBeLessThan(1e-14);
  });

  it('momentum follows torch.optim.SGD: buf = g, then buf = 0.9 buf + g', () => {
    const pot: Potential = makePotential({ kind: 'euclidean' });
    const w = Float64Array.from([1]);
    const opt = new MirrorDescent(pot, w);
    opt.step(Float64Array.from([1]), 0.1); // buf = 1
    expect(w[0]).toBeCloseTo(0.9, 15);
    opt.step(Float64Array.from([2]), 0.1); // buf = 0.9 + 2 = 2.9
    expect(w[0]).toBeCloseTo(0.9 - 0.29, 14);
  });

  it('cosine schedule matches CosineAnnealingLR(eta_min=0) and constant stays put', () => {
    expect(scheduledLearningRate(0.1, 0, 100, 'cosine')).toBe(0.1);
    expect(scheduledLearningRate(0.1, 50, 100, 'cosine')).toBeCloseTo(0.05, 15);
    expect(scheduledLearningRate(0.1, 99, 100, 'cosine')).toBeCloseTo((0.1 * (1 + Math.cos(Math.PI * 0.99))) / 2, 15);
    expect(scheduledLearningRate(0.1, 99, 100, 'constant')).toBe(0.1);
  });

  it('names round-trip and bad parameters are refused with the value', () => {
    expect(potentialFromName('p=1.5').p).toBe(1.5);
    expect(potentialFromName('p=2').kind).toBe('euclidean');
    expect(potentialFromName('negative-entropy').kind).toBe('negative-entropy');
    expect(() => makePotential({ kind: 'p-norm', p: 1 })).toThrow(/p > 1, got 1/);
    expect(() => potentialFromName('l1')).toThrow(/unknown potential name 'l1'/);
    expect(() => new MirrorDescent(makePotential({ kind: 'euclidean' }), Float64Array.from([1, NaN]))).toThrow(/index 1/);
  });
});
