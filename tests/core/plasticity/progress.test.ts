import { describe, expect, it } from 'vitest';
import type { JobContext, ProgressReport } from '@core/runtime/context';
import { CancelledError } from '@core/runtime/context';
import { createRng } from '@core/random/rng';
import { runGeometryTest } from '@core/plasticity/geometry-test';
import { runLinearRegression } from '@core/plasticity/linear-regression-run';
import { planWidthSweep, runWidthSweepTask } from '@core/plasticity/width-sweep';
import { syntheticPairs } from '@core/plasticity/identification';

function recorder(cancelAfter = Infinity): { ctx: JobContext; reports: ProgressReport[] } {
  const reports: ProgressReport[] = [];
  let checks = 0;
  const ctx: JobContext = {
    rng: createRng(0),
    report: (p) => reports.push(p),
    checkCancelled: () => {
      if (++checks > cancelAfter) throw new CancelledError();
    },
  };
  return { ctx, reports };
}

const monotone = (reports: ProgressReport[]) => reports.every((r, i) => i === 0 || r.fraction >= reports[i - 1].fraction);

describe('progress and cancellation', () => {
  it('the geometry test reports a monotone fraction ending at 1 and can be cancelled', () => {
    const { before, after } = syntheticPairs({ potential: { kind: 'euclidean' }, repeat: 0, synapses: 400, init: 'normal', weightScale: 0.1, changeScale: 0.1, seed: 1 });
    const { ctx, reports } = recorder();
    runGeometryTest(before, after, { bootstrap: 300, powerReplicates: 20, maxSynapses: 200 }, ctx);
    expect(reports.length).toBeGreaterThan(10);
    expect(monotone(reports)).toBe(true);
    expect(reports[reports.length - 1].fraction).toBe(1);
    expect(() => runGeometryTest(before, after, { bootstrap: 300 }, recorder(3).ctx)).toThrow(CancelledError);
  });

  it('a linear-regression run and a sweep task report monotone progress and honour cancellation', () => {
    const { ctx, reports } = recorder();
    runLinearRegression({ dim: 150, potential: { kind: 'negative-entropy' } }, ctx);
    expect(monotone(reports)).toBe(true);
    expect(reports[reports.length - 1].fraction).toBe(1);
    expect(() => runLinearRegression({ dim: 150, potential: { kind: 'p-norm', p: 3 } }, recorder(2).ctx)).toThrow(CancelledError);
    const task = planWidthSweep({ minDim: 120, maxDim: 120, widths: 1, seeds: 1, truePotentials: [{ kind: 'p-norm', p: 2.5 }] })[0];
    const rec = recorder();
    runWidthSweepTask(task, rec.ctx);
    expect(monotone(rec.reports)).toBe(true);
  });
});
