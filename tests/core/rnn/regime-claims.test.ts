import { describe, expect, it } from 'vitest';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';
import { runRnnSweep } from '@core/rnn/sweep';
import { compareCells } from '@core/rnn/comparisons';
import { rnnPreset } from '@core/rnn/presets';
import type { RnnSweepConfig } from '@core/rnn/schema';

/**
 * The claims the README and docs/figures/rnn-figures.txt make, re-run in the paper's regime (the presets: N = 64,
 * alpha = 0.2, delayed XOR with delay 30, 300 Adam steps) on the same seeds as the figures, for the one rule each claim
 * is about: a local rule learns significantly better from a large initial gain, and local pre-flossing helps it at a
 * small gain. Ten seeds a side (the figures use 10 and 20); the tests fail if either effect stops being significant.
 */
const ctx = silentContext(createRng(0));
const sweep = (config: RnnSweepConfig) => runRnnSweep(config, ctx);

describe('the paper\'s regime: what the figures show', () => {
  it('e-prop learns delayed XOR from g = 3 and mostly fails from g = 0.5 (Welch on the final loss, 10 seeds a gain)', () => {
    const preset = rnnPreset('gain-dependence').config;
    const summary = sweep({ ...preset, gains: [0.5, 3], rules: ['eprop'], seeds: 10 });
    const [small, large] = [0.5, 3].map((g) => summary.cells.find((c) => c.gain === g)!);
    const c = compareCells('gain', small, large);
    expect(c.significant).toBe(true);
    expect(c.finalLoss!.difference).toBeLessThan(-0.5);
    expect(c.finalLoss!.p).toBeLessThan(0.001);
    expect(large.success.solved - small.success.solved).toBeGreaterThanOrEqual(7);
    // The same cells as the full figure run (its first 10 seeds): 1/10 and 10/10 solved.
    expect([small.success.solved, large.success.solved]).toEqual([1, 10]);
  }, 120_000);

  it('local pre-flossing helps e-prop at g = 0.5: lower final loss and more runs solved (10 seeds a side)', () => {
    const preset = rnnPreset('local-flossing').config;
    const summary = sweep({ ...preset, gains: [0.5], rules: ['eprop'], seeds: 10 });
    const none = summary.cells.find((c) => c.schedule === 'none')!;
    const flossed = summary.cells.find((c) => c.schedule === 'pre')!;
    const c = compareCells('flossing', none, flossed);
    expect(c.significant).toBe(true);
    expect(c.finalLoss!.difference).toBeLessThan(0);
    expect(flossed.success.solved).toBeGreaterThan(none.success.solved);
    // Flossing moved lambda_max from clearly stable toward the edge of chaos before training.
    expect(none.lambdaMaxAutonomousBefore!.mean).toBeLessThan(-0.05);
    expect(flossed.lambdaMaxAutonomousAfterFlossing!.mean).toBeGreaterThan(none.lambdaMaxAutonomousBefore!.mean);
  }, 120_000);
});
