import { describe, expect, it } from 'vitest';
import { binEdges, histogram } from '@core/stats/plot/histogram';
import { densityCurve, ecdfData } from '@core/stats/plot/curves';
import { fittedFamily } from '@core/stats/plot/fitted';
import { ppPlot, qqPlot } from '@core/stats/plot/probability-plots';
import { MAX_PLOT_POINTS, thinIndices } from '@core/stats/plot/thin';
import { fitPlotData } from '@core/stats/plot/fit-plots';
import { lognormal } from '@core/stats/families/lognormal';
import { createRng } from '@core/random/rng';
import { dataset, ref } from './reference-data';

interface HistRef {
  data: string;
  scale: 'linear' | 'log';
  bins?: number;
  edges?: number[];
  logEdges?: number[];
  counts: number[];
}

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let w = 0;
  for (let i = 0; i < b.length; i++) w = Math.max(w, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-300));
  return w;
}

describe('histogram bins against numpy.histogram_bin_edges / numpy.histogram', () => {
  for (const r of ref.histograms as HistRef[]) {
    it(`${r.data} ${r.scale} ${r.bins ?? 'fd'}`, () => {
      const x = dataset(r.data);
      if (r.scale === 'linear') {
        const h = histogram(x, { bins: r.bins });
        expect(h.edges.length).toBe(r.edges!.length);
        expect(maxRel(h.edges, r.edges!)).toBeLessThan(1e-12);
        expect(Array.from(h.counts)).toEqual(r.counts);
        // numpy-identical edges from the sorted sample
        const sorted = Float64Array.from(x).sort();
        expect(maxRel(binEdges(sorted, r.bins ?? 'fd'), r.edges!)).toBeLessThan(1e-15);
      } else {
        const h = histogram(x, { scale: 'log' });
        expect(h.edges.length).toBe(r.logEdges!.length);
        expect(maxRel(h.edges.map(Math.log), r.logEdges!)).toBeLessThan(1e-12);
        expect(Array.from(h.counts)).toEqual(r.counts);
      }
    });
  }
  it('density integrates to one and counts add up to n', () => {
    for (const scale of ['linear', 'log'] as const) {
      const h = histogram(dataset('lognormal3000'), { scale });
      let area = 0;
      for (let i = 0; i < h.counts.length; i++) area += h.density[i] * (h.edges[i + 1] - h.edges[i]);
      expect(area).toBeCloseTo(1, 12);
      expect(h.counts.reduce((s, c) => s + c, 0)).toBe(3000);
    }
  });
  it('caps Freedman-Diaconis on a very heavy tail and says so', () => {
    const x = Float64Array.of(...dataset('lognormal200'), 1e9);
    const h = histogram(x);
    expect(h.capped).toBe(true);
    expect(h.counts.length).toBe(1000);
  });
  it('refuses bad input with counts', () => {
    expect(() => histogram([])).toThrow(/empty column \(0 values\)/);
    expect(() => histogram([1, NaN, 2])).toThrow(/1 non-finite/);
    expect(() => histogram([1, 0, -2, 3], { scale: 'log' })).toThrow(/2 value\(s\) are zero or negative/);
    expect(() => histogram([1, 2, 3], { bins: 0 })).toThrow(/positive integer/);
  });
});

describe('fitted overlays', () => {
  const x = dataset('lognormal3000');
  const fit = fittedFamily(lognormal, lognormal.fit(x));
  it('density curve on the bin grid with expected counts summing to n times the covered mass', () => {
    for (const scale of ['linear', 'log'] as const) {
      const h = histogram(x, { scale });
      const c = densityCurve(h, fit);
      expect(c.x.length).toBeLessThanOrEqual(MAX_PLOT_POINTS);
      expect(c.x[0]).toBe(h.edges[0]);
      expect(c.x[c.x.length - 1]).toBe(h.edges[h.edges.length - 1]);
      for (let i = 1; i < c.x.length; i++) expect(c.x[i]).toBeGreaterThan(c.x[i - 1]);
      const mass = fit.cdf(h.edges[h.edges.length - 1]) - fit.cdf(h.edges[0]);
      expect(c.expectedCounts.reduce((s, v) => s + v, 0)).toBeCloseTo(3000 * mass, 8);
      c.pdf.forEach((p, i) => expect(p).toBeCloseTo(fit.pdf(c.x[i]), 14));
    }
  });
  it('ECDF keeps extremes, is thinned to the budget, handles ties, carries fitted cdfs', () => {
    const big = dataset('large1e5');
    const e = ecdfData(big, [fit]);
    expect(e.x.length).toBe(MAX_PLOT_POINTS);
    expect(e.x[0]).toBe(Math.min(...big));
    expect(e.x[e.x.length - 1]).toBe(Math.max(...big));
    expect(e.ecdf[e.ecdf.length - 1]).toBe(1);
    expect(e.fitted[0].cdf.length).toBe(e.x.length);
    const t = ecdfData([1, 2, 2, 2, 3]);
    expect(Array.from(t.x)).toEqual([1, 2, 3]);
    expect(Array.from(t.ecdf)).toEqual([0.2, 0.8, 1]);
  });
});

describe('QQ and PP plots with a Kolmogorov band', () => {
  it('thins to the budget and keeps the extremes', () => {
    const big = dataset('large1e5');
    const fit = fittedFamily(lognormal, lognormal.fit(big));
    const qq = qqPlot(big, fit);
    expect(qq.x.length).toBe(MAX_PLOT_POINTS);
    expect(qq.y[0]).toBe(Math.min(...big));
    expect(qq.y[qq.y.length - 1]).toBe(Math.max(...big));
    const pp = ppPlot(big, fit);
    expect(pp.x.length).toBe(MAX_PLOT_POINTS);
  });
  it('the band has its nominal 95 % coverage for a fully specified model', () => {
    const p = { mu: 0.2, sigma: 0.7 };
    const model = fittedFamily(lognormal, p);
    let inside = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) if (ppPlot(lognormal.sample(createRng(31, t), 40, p), model).outside === 0) inside++;
    expect(inside / trials).toBeGreaterThan(0.92);
    expect(inside / trials).toBeLessThan(0.98);
  });
  it('flags a wrong model: points leave the band', () => {
    const x = dataset('pareto400');
    const wrong = fittedFamily(lognormal, { mu: 0, sigma: 0.3 });
    expect(qqPlot(x, wrong).outside).toBeGreaterThan(0);
    const qq = qqPlot(dataset('tiny5'), fittedFamily(lognormal, { mu: 0, sigma: 1 }));
    // with n = 5 the band leaves (0, 1) at the ends: null, not NaN
    expect(qq.lower[0]).toBeNull();
    expect(qq.upper[4]).toBeNull();
    for (const v of [...qq.lower, ...qq.upper]) if (v !== null) expect(Number.isFinite(v)).toBe(true);
  });
  it('thinIndices covers ranks evenly', () => {
    const idx = thinIndices(10_001, 101);
    expect(idx[0]).toBe(0);
    expect(idx[100]).toBe(10_000);
    expect(idx[50]).toBe(5000);
    expect(Array.from(thinIndices(5, 10))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('fitPlotData bundle', () => {
  it('produces every series for several models, all within the point budget and structured-clone safe', () => {
    const x = dataset('large1e5');
    const models = [fittedFamily(lognormal, lognormal.fit(x)), fittedFamily(lognormal, { mu: -0.4, sigma: 1.2 })];
    const p = fitPlotData(x, models, { scale: 'log', maxPoints: 1500 });
    expect(p.densities.length).toBe(2);
    expect(p.qq.length).toBe(2);
    expect(p.ecdf.x.length).toBe(1500);
    expect(p.qq[0].x.length).toBe(1500);
    for (const d of p.densities) expect(d.x.length).toBeLessThanOrEqual(1500);
    expect(p.qq[0].outside).toBe(0); // the fitted log-normal is the generating model
    expect(p.qq[1].outside).toBeGreaterThan(0);
    expect(structuredClone(p).histogram.counts).toEqual(p.histogram.counts);
    expect(() => fitPlotData(x, models, { maxPoints: 5 })).toThrow();
  });
});
