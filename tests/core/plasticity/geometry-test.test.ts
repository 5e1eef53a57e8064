import { describe, expect, it } from 'vitest';
import {
  bootstrapIntervals,
  geometryVerdict,
  planGeometryBootstrap,
  runGeometryBootstrapChunk,
  runGeometryTest,
  sameVerdict,
} from '@core/plasticity/geometry-test';
import { geometryPower } from '@core/plasticity/geometry-power';
import { syntheticPairs } from '@core/plasticity/identification';
import type { PotentialSpec } from '@core/plasticity/potentials';

const pairs = (potential: PotentialSpec, synapses: number, init: 'lognormal' | 'normal' = 'lognormal', seed = 1) =>
  syntheticPairs({ potential, repeat: 0, synapses, init, weightScale: 0.1, changeScale: 0.1, seed });

describe('geometry test on paired before/after values', () => {
  const cases: { spec: PotentialSpec; truth: string }[] = [
    { spec: { kind: 'negative-entropy' }, truth: 'negative-entropy' },
    { spec: { kind: 'euclidean' }, truth: 'p=2' },
    { spec: { kind: 'p-norm', p: 3 }, truth: 'p=3' },
    { spec: { kind: 'p-norm', p: 1.5 }, truth: 'p=1.5' },
  ];
  for (const { spec, truth } of cases) {
    it(`recovers ${truth} from seeded synthetic pairs (5000 synapses)`, () => {
      const { before, after } = pairs(spec, 5000);
      const r = runGeometryTest(before, after, { bootstrap: 60, powerReplicates: 0 });
      expect(sameVerdict(r.best, truth)).toBe(true);
      expect(r.verdict.geometry).toBe(truth === 'negative-entropy' ? 'negative-entropy' : 'p-norm');
      expect(r.n).toBe(5000);
      expect(r.scores).toHaveLength(21);
      const own = r.scores.find((s) => s.hypothesis === truth);
      expect(own?.ci).not.toBeNull();
      const [lo, hi] = own?.ci as [number, number];
      expect(lo).toBeLessThanOrEqual(own?.dcdf as number);
      expect(hi).toBeGreaterThan(own?.dcdf as number);
      // The CI of a clearly wrong geometry lies entirely above the truth's.
      const wrong = r.scores.find((s) => s.hypothesis === (truth === 'p=2' ? 'p=3' : 'p=2'));
      expect((wrong?.ci as [number, number])[0]).toBeGreaterThan(hi);
    });
  }

  it('counts sign flips and exact zeros; negative entropy leaves out only the zeros, or the flips too by the earlier rule', () => {
    const { before, after } = pairs({ kind: 'euclidean' }, 2000, 'normal');
    after[0] = 0;
    before[1] = 0;
    let flips = 0;
    for (let i = 0; i < before.length; i++) if (before[i] !== 0 && after[i] !== 0 && Math.sign(before[i]) !== Math.sign(after[i])) flips++;
    expect(flips).toBeGreaterThan(10);
    const r = runGeometryTest(before, after, { bootstrap: 0, powerReplicates: 0 });
    expect(r.signFlips).toBe(flips);
    expect(r.zeros).toBe(2);
    expect(r.excluded).toBe(2);
    expect(r.scores.find((s) => s.hypothesis === 'negative-entropy')?.n).toBe(1998);
    expect(r.scores.find((s) => s.hypothesis === 'p=2')?.n).toBe(2000);
    const old = runGeometryTest(before, after, { bootstrap: 20, powerReplicates: 0, signFlips: 'exclude' });
    expect(old.excluded).toBe(2 + flips);
    expect(old.scores.find((s) => s.hypothesis === 'negative-entropy')?.n).toBe(1998 - flips);
  });

  it('reports the spread of the best p over bootstrap resamples: near p = 3 for p = 3 pairs, at negative entropy for its pairs', () => {
    const p3 = pairs({ kind: 'p-norm', p: 3 }, 1000);
    const r = runGeometryTest(p3.before, p3.after, { bootstrap: 200, powerReplicates: 0 });
    const sp = r.pickedP!;
    expect(sp.n).toBe(200);
    expect(sp.level).toBe(0.95);
    expect(sp.lo).toBeLessThanOrEqual(sp.median);
    expect(sp.median).toBeLessThanOrEqual(sp.hi);
    expect(Math.abs(sp.median - 3)).toBeLessThanOrEqual(0.2 + 1e-9);
    expect(sp.lo).toBeGreaterThanOrEqual(2.6);
    const ne = pairs({ kind: 'negative-entropy' }, 1000);
    expect(runGeometryTest(ne.before, ne.after, { bootstrap: 100, powerReplicates: 0 }).pickedP?.lo).toBe(1);
    expect(runGeometryTest(ne.before, ne.after, { bootstrap: 0, powerReplicates: 0 }).pickedP).toBeNull();
  });

  it('bootstrap results do not depend on how replicates are chunked', () => {
    const { before, after } = pairs({ kind: 'negative-entropy' }, 300);
    const names = ['negative-entropy', 'p=2'];
    const est = [0.05, 0.3];
    const whole = bootstrapIntervals([runGeometryBootstrapChunk(before, after, names, { start: 0, count: 40, seed: 4 })], 0.9, est);
    const chunks = planGeometryBootstrap(40, 4, 15);
    expect(chunks).toHaveLength(3);
    const split = bootstrapIntervals(chunks.reverse().map((c) => runGeometryBootstrapChunk(before, after, names, c)), 0.9, est);
    expect(split).toEqual(whole);
  });

  it('power analysis: a far rival needs fewer synapses than a near one, and the power reaches 95 %', () => {
    const { before, after } = pairs({ kind: 'negative-entropy' }, 1000);
    const far = geometryPower(before, after, 'negative-entropy', 'p=2', { replicates: 60, maxSynapses: 3200, seed: 2 });
    const near = geometryPower(before, after, 'negative-entropy', 'p=1.6', { replicates: 60, maxSynapses: 3200, seed: 2 });
    expect(far.requiredSynapses).not.toBeNull();
    expect(near.requiredSynapses === null || (near.requiredSynapses as number) > (far.requiredSynapses as number)).toBe(true);
    expect(far.curve[far.curve.length - 1].power).toBeGreaterThanOrEqual(0.95);
    expect(far.model.sd).toBeGreaterThan(0);
  });

  it('reports the runner-up with a different verdict and its power analysis', () => {
    const { before, after } = pairs({ kind: 'negative-entropy' }, 1000);
    const r = runGeometryTest(before, after, { bootstrap: 0, powerReplicates: 20, maxSynapses: 400 });
    expect(sameVerdict(r.best, 'negative-entropy')).toBe(true);
    expect(r.runnerUp).not.toBeNull();
    expect(sameVerdict(r.runnerUp as string, r.best)).toBe(false);
    expect(r.power?.compare[1]).toBe(r.runnerUp);
    expect(r.power?.curve.map((c) => c.synapses)).toEqual([25, 50, 100, 200, 400].slice(0, r.power?.curve.length));
  });

  it('verdicts group negative entropy with p <= 1.2 and name the Euclidean case', () => {
    expect(geometryVerdict('p=1.1').geometry).toBe('negative-entropy');
    expect(geometryVerdict('p=1.3').geometry).toBe('p-norm');
    expect(geometryVerdict('p=2').label).toMatch(/Euclidean/);
    expect(sameVerdict('p=2', 'p=2.1')).toBe(true);
    expect(sameVerdict('p=2', 'p=2.2')).toBe(false);
  });

  it('refuses degenerate input with a clear message', () => {
    expect(() => runGeometryTest(Float64Array.from([1, 2, 3]), Float64Array.from([1, 2]))).toThrow(/differ in length \(3 vs 2\)/);
    expect(() => runGeometryTest(Float64Array.from([1, NaN, 3, 4]), Float64Array.from([1, 2, 3, 4]))).toThrow(/1 of 4 synapse pairs contain a non-finite/);
    expect(() => runGeometryTest(Float64Array.from([1, 2]), Float64Array.from([1, 2]))).toThrow(/at least 3 synapse pairs, got 2/);
    expect(() => runGeometryTest(Float64Array.from([1, 2, 3, 4]), Float64Array.from([1, 2, 3, 4]), { bootstrap: 0, powerReplicates: 0 })).toThrow(/zero spread/);
  });
});
