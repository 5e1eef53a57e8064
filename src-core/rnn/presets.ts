/**
 * Sweeps in the regime where the paper's claims can show (shared/science/connectivity-and-local-learning.md, "The
 * regime where the claims show"): leaky units (alpha = 0.2, so the eligibility traces remember about 5 steps), a
 * memory delay of 30 >= 5 / alpha steps (with delay 10 every rule solves delayed XOR at every gain: a ceiling),
 * gains 0.5-3, N = 64, 300 Adam iterations at 3e-3, batch 16, and enough seeds to test differences (10 per cell, 20
 * for flossing, where runs split into solved and failed seeds). The CLI (`rnn sweep --preset`), the Simulate page and
 * scripts/rnn-figures.ts start from these.
 */
import type { RnnSweepConfig } from './schema';

export const PAPER_REGIME_BASE = {
  model: { n: 64, alpha: 0.2, activation: 'tanh' as const },
  task: { kind: 'delayed-xor' as const, delay: 30, pulse: 2, response: 5 },
  iterations: 300,
  batchSize: 16,
  optimiser: { learningRate: 3e-3 },
  lyapunov: { k: 1, steps: 1000, warmup: 200, inputStd: 0, drivenInputStd: 0.5, every: 0 },
  successLoss: 0.1,
};

/** Pre-flossing as a developmental phase: 100 steps on a 60-step autonomous trajectory after 10, toward lambda = 0. */
const PRE_FLOSSING = { k: 1, target: 0, phaseSteps: 100, trajectorySteps: 60, warmup: 10 };

export type RnnPresetName = 'gain-dependence' | 'flossing' | 'local-flossing';

export interface RnnPreset {
  name: RnnPresetName;
  title: string;
  description: string;
  config: RnnSweepConfig;
}

const preset = (name: RnnPresetName, title: string, description: string, config: object): RnnPreset =>
  ({ name, title, description, config: config as RnnSweepConfig });

export const RNN_PRESETS: readonly RnnPreset[] = [
  preset('gain-dependence', 'Gain dependence of each rule',
    'BPTT, e-prop, e-prop with random feedback and RFLO on delayed XOR (delay 30, alpha 0.2) from gains 0.5, 1, 2, 3; 10 seeds a cell.',
    { base: PAPER_REGIME_BASE, gains: [0.5, 1, 2, 3], rules: ['bptt', 'eprop', 'eprop-random', 'rflo'], flossingSchedules: ['none'], seeds: 10, firstSeed: 1 }),
  preset('flossing', 'Pre-flossing (exact gradient)',
    'Without and with 100 steps of exact pre-flossing (Adam, 0.02) before training, for BPTT, e-prop and e-prop with random feedback at gains 0.5, 1, 2, 3; 20 seeds a cell.',
    {
      base: { ...PAPER_REGIME_BASE, flossing: { ...PRE_FLOSSING, learningRate: 0.02 } },
      gains: [0.5, 1, 2, 3], rules: ['bptt', 'eprop', 'eprop-random'], flossingSchedules: ['none', 'pre'], flossingGradients: ['exact'], seeds: 20, firstSeed: 1,
    }),
  preset('local-flossing', 'Pre-flossing (local rule)',
    'The same protocol with the synapse-local flossing rule (plain SGD, 5) instead of the exact gradient; 20 seeds a cell.',
    {
      base: { ...PAPER_REGIME_BASE, flossing: PRE_FLOSSING },
      gains: [0.5, 1, 2, 3], rules: ['bptt', 'eprop', 'eprop-random'], flossingSchedules: ['none', 'pre'], flossingGradients: ['local'], seeds: 20, firstSeed: 1,
    }),
];

export function rnnPreset(name: RnnPresetName): RnnPreset {
  const found = RNN_PRESETS.find((p) => p.name === name);
  if (!found) throw new Error(`no RNN preset ${name}`);
  return found;
}
