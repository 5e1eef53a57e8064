import { describe, expect, it } from 'vitest';
import { FAMILIES } from '@core/stats/families';
import { fitObserved, sampleObserved } from '@core/stats/fit/observed';
import { censoredGofModel, truncatedGofModel } from '@core/stats/fit/observed-gof';
import { bootstrapGof } from '@core/stats/gof/bootstrap';
import { silentContext } from '@core/runtime/context';
import { createRng } from '@core/random/rng';

const ctx = () => silentContext(createRng(0));

describe('bootstrap goodness of fit under the observation model', () => {
  it('truncated: a truncated log-normal sample passes, a truncated Weibull sample is rejected', () => {
    const model = { kind: 'truncated' as const, threshold: 0.5 };
    const good = sampleObserved(FAMILIES.lognormal, { mu: 0, sigma: 0.8 }, model, 400, createRng(1)).values;
    const fitGood = fitObserved(good, 'lognormal', model);
    const rGood = bootstrapGof(good, truncatedGofModel('lognormal', fitGood.params, 0.5), { resamples: 99, seed: 1 }, ctx());
    expect(rGood.ks.pValue).toBeGreaterThan(0.05);
    const bad = sampleObserved(FAMILIES.weibull, { shape: 4, scale: 1.5 }, model, 1500, createRng(2)).values;
    const fitBad = fitObserved(bad, 'lognormal', model);
    const rBad = bootstrapGof(bad, truncatedGofModel('lognormal', fitBad.params, 0.5), { resamples: 99, seed: 1 }, ctx());
    expect(rBad.ad.pValue).toBeLessThan(0.05);
  });

  it('censored: rows below the limit carried as the limit; a correct model passes', () => {
    const limit = 0.6;
    const draws = FAMILIES.gamma.sample(createRng(5), 500, { shape: 2, scale: 0.7 });
    const rows = draws.map((v) => (v < limit ? limit : v));
    const recorded = draws.filter((v) => v >= limit);
    const fit = fitObserved(recorded, 'gamma', { kind: 'censored', limit, nBelow: 500 - recorded.length });
    const r = bootstrapGof(rows, censoredGofModel('gamma', fit.params, limit), { resamples: 99, seed: 3 }, ctx());
    expect(r.failed).toBe(0);
    expect(r.ks.pValue).toBeGreaterThan(0.05);
  });

  it('truncated log-normal: the bootstrap KS p-value is calibrated (about 5 % below 0.05 under the model)', () => {
    const model = { kind: 'truncated' as const, threshold: 0.7 };
    const truth = { mu: 0, sigma: 1 };
    const trials = 150;
    let rejected = 0;
    for (let t = 0; t < trials; t++) {
      const x = sampleObserved(FAMILIES.lognormal, truth, model, 150, createRng(500 + t)).values;
      const fit = fitObserved(x, 'lognormal', model);
      const r = bootstrapGof(x, truncatedGofModel('lognormal', fit.params, 0.7), { resamples: 99, seed: t }, ctx());
      if (r.ks.pValue <= 0.05) rejected++;
    }
    // Binomial(150, 0.05): mean 7.5, sd 2.7; a naive (estimated-parameter-blind) test would reject far less often.
    expect(rejected).toBeGreaterThanOrEqual(2);
    expect(rejected).toBeLessThanOrEqual(16);
  });
});
