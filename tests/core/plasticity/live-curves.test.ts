import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import type { JobContext, ProgressReport } from '@core/runtime/context';
import { finishLinearRegression, planLinearRegressionShards, runLinearRegressionShard, type LrCurvePoints } from '@core/plasticity';

/** A context that records every report (the worker would forward them to the interface). */
function recordingContext(): JobContext & { reports: ProgressReport[] } {
  const reports: ProgressReport[] = [];
  return { rng: createRng(1), reports, report: (p) => reports.push(p), checkCancelled: () => undefined };
}

describe('linear regression: live loss curves of the learning-rate selection', () => {
  const config = { dim: 200, potential: { kind: 'negative-entropy' as const }, seed: 4, steps: 60 };

  it('streams every rate\'s loss at every step once, in order, with a monotone fraction, and the chosen curve matches the result', () => {
    const shards = planLinearRegressionShards(config, 2);
    const contexts = shards.map(() => recordingContext());
    const parts = shards.map((indices, s) => runLinearRegressionShard(config, indices, contexts[s]));
    const result = finishLinearRegression(config, parts);

    for (const [s, ctx] of contexts.entries()) {
      const fractions = ctx.reports.map((r) => r.fraction);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      const points = ctx.reports.map((r) => r.partial as LrCurvePoints | undefined).filter((p): p is LrCurvePoints => !!p);
      const rounds = parts[s].rounds;
      for (const [round, r] of rounds.entries()) {
        const ofRound = points.filter((p) => p.round === round);
        const steps = ofRound.flatMap((p) => p.step);
        expect(steps).toEqual(Array.from({ length: r.steps }, (_, t) => t));
        // The shard's best run: its streamed curve is exactly the curve the merge keeps.
        if (r.best >= 0) {
          const streamed = ofRound.flatMap((p) => p.loss[r.best]);
          expect(streamed).toEqual(Array.from(r.lossCurve!));
        }
        expect(ofRound.every((p) => p.rates.length === shards[s].length)).toBe(true);
      }
    }
    // Streaming changes nothing in the numbers: the chosen run's curve is one of those streamed.
    const chosen = contexts.flatMap((c) => c.reports).map((r) => r.partial as LrCurvePoints | undefined)
      .filter((p): p is LrCurvePoints => !!p && p.rates.includes(result.lr));
    expect(chosen.length).toBeGreaterThan(0);
  });
});
