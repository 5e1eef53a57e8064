/**
 * The verdict on a set of fits (stats/fit/verdict.ts, worded for fit jobs by jobs/kinds/fit-result.ts): a family is
 * called best only with ΔAIC >= 2 to every rival, ties are called indistinguishable, and intervals outside the
 * parameter space and mixture components on a constraint are flagged.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fitVerdict, type VerdictInput } from '@core/stats/fit/verdict';
import { fitKind, type FitJobResult } from '@core/jobs/kinds/fit';
import { fitJobVerdict, shownIntervals } from '@core/jobs/kinds/fit-result';
import { FAMILIES } from '@core/stats/families';
import type { FitJobInput } from '@core/jobs/kinds/fit-schema';
import { createRng } from '@core/random/rng';
import { silentContext } from '@core/runtime/context';

/** The fit job run in this thread: plan, every shard, merge (what the worker pool does, one worker). */
function runFit(config: FitJobInput, seed = 1): FitJobResult {
  const shards = fitKind.plan(config as never, seed);
  const parts = shards.map((s, i) => fitKind.runShard(s, silentContext(createRng(seed, i + 1))));
  return fitKind.merge(config as never, parts, seed);
}

const epsp = readFileSync(fileURLToPath(new URL('../../../resources/examples/epsp-amplitudes-synthetic.csv', import.meta.url)), 'utf8')
  .split('\n')
  .map((line) => line.split(','))
  .filter((cells) => /^c\d+$/.test(cells[0]))
  .map((cells) => Number(cells[1]));

const fit = (dist: VerdictInput['dist'], aic: number, weight: number | null = 0): VerdictInput => ({ dist, aic, akaikeWeight: weight, params: {} });

describe('fitVerdict', () => {
  it('names a best family only when the runner-up is at least 2 AIC units behind', () => {
    const v = fitVerdict([fit('gamma', 104.1, 0.11), fit('lognormal', 100, 0.89), fit('weibull', 112, 0)]);
    expect(v).toMatchObject({ best: 'lognormal', indistinguishable: [], weight: 0.89 });
    expect(v.deltaToNext).toBeCloseTo(4.1, 12);
    expect(v.text).toBe('log-normal (ΔAIC to the next 4.1, weight 0.89)');
  });

  it('calls families within ΔAIC < 2 indistinguishable, lowest AIC first, and names no best', () => {
    const v = fitVerdict([fit('lognormal', 21.4, 0.3), fit('gamma', 20, 0.35), fit('weibull', 20.1, 0.35), fit('normal', 40)]);
    expect(v).toMatchObject({ best: null, indistinguishable: ['gamma', 'weibull', 'lognormal'], deltaToNext: null });
    expect(v.text).toBe('indistinguishable: gamma, Weibull, log-normal (ΔAIC < 2)');
    // Exactly 2 apart is a difference (Burnham & Anderson's "within 2" is strict here).
    expect(fitVerdict([fit('gamma', 10, 0.73), fit('lognormal', 12, 0.27)]).best).toBe('gamma');
  });

  it('leaves the tail-only power law out of the ranking and copes with one or no family', () => {
    expect(fitVerdict([fit('powerlaw', 5, null), fit('lognormal', 100, 1)]).text).toBe('log-normal (the only family fitted)');
    expect(fitVerdict([]).text).toBe('no family could be fitted');
  });

  it('flags intervals that leave the parameter space and components on a constraint', () => {
    const v = fitVerdict([
      { ...fit('gamma', 10, 0.6), intervals: { level: 0.95, kind: 'Wald', bounds: { shape: [0.5, 3], scale: [-0.22, 2.77] } } },
      { ...fit('lognormal-mixture', 20, 0.4), intervals: { level: 0.95, kind: 'Wald', bounds: { w: [0.2, 1.1] } }, atBound: ['a component has the minimum size allowed'] },
    ]);
    expect(v.warnings).toEqual([
      'gamma: the 95 % Wald interval of scale, [-0.22, 2.77], leaves the parameter space (scale > 0): too few values for it; use bootstrap intervals',
      'log-normal mixture: a component has the minimum size allowed (a degenerate component; its estimates are at the edge of the model)',
      'log-normal mixture: the 95 % Wald interval of w, [0.2, 1.1], leaves the parameter space (0 < w < 1): too few values for it; use bootstrap intervals',
    ]);
  });
});

describe('fit job verdict', () => {
  it('seven values: the leading families are indistinguishable, and the Wald intervals that leave the parameter space are flagged', () => {
    const values = [0.21, 0.35, 0.52, 0.61, 0.9, 1.4, 2.3];
    const r = runFit({ source: { type: 'values', values }, families: ['lognormal', 'gamma', 'weibull'], resamples: 0 });
    expect(r.verdict!.best).toBeNull();
    expect(r.verdict!.indistinguishable.length).toBeGreaterThanOrEqual(2);
    for (const d of r.verdict!.indistinguishable) expect(r.fits.find((f) => f.dist === d)!.deltaAic).toBeLessThan(2);
    expect(r.verdict!.text).toMatch(/^indistinguishable: .* \(ΔAIC < 2\)$/);
    // Exactly the shown intervals of positive parameters that reach below zero are flagged (n = 7 has some).
    const flagged = r.fits.flatMap((f) =>
      Object.entries(shownIntervals(f).bounds)
        .filter(([name, [lo]]) => FAMILIES[f.dist].paramDomain[name] === 'positive' && lo <= 0)
        .map(([name]) => `${FAMILIES[f.dist].word}: the 95 % ${f.ci.shown === 'profile' ? 'profile-likelihood' : 'Wald'} interval of ${name},`),
    );
    expect(flagged.length).toBeGreaterThan(0);
    expect(r.verdict!.warnings.map((w) => w.slice(0, w.indexOf(',') + 1))).toEqual(flagged);
    // The job headline and a stored entry without a verdict say the same.
    expect(fitKind.headline(r)).toMatchObject({ best: 'indistinguishable', verdict: r.verdict!.text });
    expect(fitJobVerdict({ fits: r.fits })).toEqual(r.verdict);
  });

  it('the shipped EPSP example (one log-normal, n = 300): log-normal is best with every family fitted, mixture included', () => {
    expect(epsp.length).toBe(300);
    const r = runFit({
      source: { type: 'values', values: epsp }, resamples: 0,
      families: ['lognormal', 'normal', 'gamma', 'weibull', 'exponential', 'loglogistic', 'invgauss', 'lognormal-mixture', 'powerlaw'],
    });
    expect(r.verdict!.best).toBe('lognormal');
    expect(r.verdict!.deltaToNext!).toBeGreaterThanOrEqual(2);
    expect(r.verdict!.text).toMatch(/^log-normal \(ΔAIC to the next [0-9.]+, weight 0\.[0-9]+\)$/);
    const mix = r.fits.find((f) => f.dist === 'lognormal-mixture')!;
    expect(Math.min(mix.params.w, 1 - mix.params.w) * 300).toBeGreaterThanOrEqual(15 * (1 - 1e-12));
    // Its estimate sits on the minimum component size: flagged, and no standard errors are claimed for it.
    expect(mix.atBound?.length).toBeGreaterThan(0);
    expect(r.verdict!.warnings.some((w) => w.startsWith('log-normal mixture: a component has the minimum size'))).toBe(true);
    expect(mix.se).toEqual({});
    expect(Object.keys(mix.unavailable ?? {})).toEqual(expect.arrayContaining(['se.w', 'se.mu1', 'se.sigma1', 'se.mu2', 'se.sigma2']));
  });

  it('reports one consistent nBelow for censored data', () => {
    const values = [0.05, 0.08, 0.3, 0.5, 0.7, 0.9, 1.1, 1.6, 2.2, 3.1];
    const r = runFit({ source: { type: 'values', values }, families: ['lognormal'], resamples: 0, observation: { kind: 'censored', limit: 0.1, nBelow: 2 } });
    expect(r.nBelow).toBe(4);
    expect(r.observation).toEqual({ kind: 'censored', limit: 0.1, nBelow: 4 });
  });
});
