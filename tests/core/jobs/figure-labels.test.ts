import { describe, expect, it } from 'vitest';
import { catalogue } from '@core/jobs/catalogue';
import { figureLabel, hasLabel } from '@core/jobs/figure-labels';

/**
 * Every headline figure a job kind writes has a label from the table (not just its key split into words), so
 * History, the comparison view, the HTML report and the Jobs panel never show code names such as ksP or lr.
 * The results below carry just what each kind's headline() reads.
 */
const results: Record<string, unknown> = {
  fit: {
    n: 10, best: 'lognormal', fits: [{ dist: 'lognormal', aic: 1, ks: { pValue: 0.5 } }],
    verdict: { best: 'lognormal', indistinguishable: [], text: 'log-normal (the only family fitted)' },
  },
  compare: {
    nA: 5, nB: 6, ks2: { statistic: 0.2, pValue: 0.4 }, wasserstein: 0.1, scale: { factor: 2 },
    verdict: { text: 'no difference found (not significant)' },
  },
  'geometry-test': { n: 100, best: 'p=2', excluded: 1, power: { requiredSynapses: 300 } },
  'md-final-fit': { n: 50, best: 'p=2' },
  'lognormal-bootstrap': { n: 50, estimate: { mu: 0, sigma: 1 }, resamples: 99 },
  'md-linear-regression': { dim: 10, potential: 'p=2', finalLoss: 0.1, lr: 0.01, best: 'p=2' },
  'md-two-layer': { potential: 'p=2', finalLoss: 0.1, lr: 0.01, best: 'p=2' },
  'md-width-sweep': { tasks: 4, curves: [{ dims: [10, 20] }] },
  'md-rnn': { potential: 'p=3', lr: 0.03, run: { finalLoss: 0.01, geometry: { best: 'p=2.9', changeMagnitude: 0.05 } } },
  'rnn-lyapunov': { lambdaMax: 0.1, k: 1, steps: 100 },
  'rnn-train': { initialLoss: 1, finalLoss: 0.5, finalAccuracy: 0.9, lambdaMaxBefore: 0.1, lambdaMaxAfter: 0.05, diverged: true, divergedAt: 3, geometry: { best: 'p=2', changeMagnitude: 0.1 } },
  'rnn-sweep': { cells: [{ seeds: [1, 2], finalLoss: { mean: 0.3 }, rule: 'bptt', schedule: 'none', gain: 1, diverged: 1 }] },
};

describe('figure labels', () => {
  for (const [kind, result] of Object.entries(results)) {
    it(`${kind}: every headline figure has a label`, () => {
      const headline = catalogue[kind as keyof typeof catalogue].headline(result as never);
      expect(Object.keys(headline).length).toBeGreaterThan(0);
      for (const key of Object.keys(headline)) expect(hasLabel(key, kind), `${kind}.${key} is not in figure-labels.ts`).toBe(true);
    });
  }

  it('the identification test labels its per-potential counts; imports label theirs; unknown keys read as words', () => {
    expect(figureLabel('p=3', 'md-identification')).toBe('identified, true p = 3 (repeats within 0.1 in p)');
    expect(figureLabel('negative-entropy', 'md-identification')).toMatch(/true negative entropy/);
    expect(figureLabel('dropped', 'dataset')).toBe('rows dropped');
    expect(figureLabel('akaikeWeightBest')).toBe('akaike weight best');
    // The same key in two kinds: what it counts there.
    expect(figureLabel('n', 'fit')).toBe('values fitted (n)');
    expect(figureLabel('n', 'geometry-test')).toBe('synapse pairs');
  });

  it('progress metrics shown in the Jobs panel have labels too', () => {
    for (const key of ['resample', 'dim', 'seed', 'synapses', 'power', 'requiredSynapses', 'finalLoss', 'steps', 'bestLoss', 'lr', 'loss', 'lambdaMax']) {
      expect(hasLabel(key), key).toBe(true);
    }
    expect(figureLabel('lr')).toBe('learning rate');
  });
});
