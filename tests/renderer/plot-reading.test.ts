import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRng } from '@core/random/rng';
import { lognormalArray } from '@core/random/samplers';
import { fitPlotData, fittedFamily } from '@core/stats/plot/index';
import { getFamily } from '@core/stats/families/index';
import { commonEdges, curvePerLogUnit, densityBins, overlayHistogramOption, perLogUnit } from '../../src-renderer/src/components/charts/options/distribution';
import { colourVar, lineChartOption, PALETTE_SIZE, type LineSeries } from '../../src-renderer/src/components/charts/options/lines';
import { probabilityPlotOption } from '../../src-renderer/src/components/charts/options/fit';

/** What a scientist reads off the plots: densities on log axes, series told apart, bands over the whole range. */

type Series = { type: string; name: string; data: unknown[]; color?: string; symbol?: string; lineStyle?: { type: unknown } };
type Axis = { type: string; name: string; min?: unknown; max?: unknown };
const seriesOf = (option: unknown) => (option as { series: Series[] }).series;
const axes = (option: unknown) => option as { xAxis: Axis; yAxis: Axis };

describe('histograms on a log axis', () => {
  const sample = lognormalArray(createRng(7), 4000, Math.log(2), 0.6);
  const edges = commonEdges([sample], { log: true, count: 30 });
  const perLn = perLogUnit(densityBins(sample, edges));

  it('are densities per unit of ln x: they integrate to 1 over ln x', () => {
    const area = perLn.density.reduce((s, d, k) => s + d * Math.log(edges[k + 1] / edges[k]), 0);
    expect(area).toBeCloseTo(1, 12);
  });

  it('draw a log-normal sample as a bell: the tallest bin at the median, falling off symmetrically in ln x', () => {
    const mids = edges.slice(0, -1).map((e, k) => Math.sqrt(e * edges[k + 1]));
    const top = perLn.density.indexOf(Math.max(...perLn.density));
    // The mode of ln x is mu = ln 2: the tallest bin holds x = 2 (within one bin of 30).
    expect(Math.abs(Math.log(mids[top]) - Math.log(2))).toBeLessThan(1.5 * Math.log(edges[1] / edges[0]));
    // Normal density of ln x: one sigma either side of the median the heights agree, and are exp(-1/2) of the peak.
    const at = (lnx: number) => perLn.density[mids.findIndex((m, k) => Math.log(edges[k]) <= lnx && lnx < Math.log(edges[k + 1]))];
    const peak = 1 / (0.6 * Math.sqrt(2 * Math.PI));
    for (const side of [-1, 1]) expect(at(Math.log(2) + side * 0.6) / peak).toBeGreaterThan(0.5);
    expect(Math.abs(at(Math.log(2) - 0.6) - at(Math.log(2) + 0.6)) / peak).toBeLessThan(0.15);
    // Per unit of x instead, the same bins pile up on the left: the old, misleading shape.
    const perX = densityBins(sample, edges).density;
    expect(perX.indexOf(Math.max(...perX))).toBeLessThan(top);
  });

  it('the chart converts bins and fitted curves alike and names the density on the y axis', () => {
    const model = fittedFamily(getFamily('lognormal'), { mu: Math.log(2), sigma: 0.6 });
    const x = Array.from({ length: 50 }, (_, i) => 0.3 * Math.exp(i * 0.06));
    const curve: LineSeries = { name: 'log-normal', x, y: x.map((v) => model.pdf(v)) };
    const log = overlayHistogramOption([{ name: 'data', bins: densityBins(sample, edges) }], [curve], { xName: 'amplitude [mV]', xLog: true });
    expect(axes(log).yAxis.name).toBe('density per unit of ln x');
    expect(axes(log).xAxis).toMatchObject({ type: 'log', name: 'amplitude [mV]' });
    const [rects, line] = seriesOf(log);
    expect((rects.data as number[][]).map((r) => r[2])).toEqual(perLn.density);
    // x f(x) is the normal density of ln x.
    const drawn = (line.data as number[][]).map(([xi, yi]) => yi / (Math.exp(-0.5 * ((Math.log(xi) - Math.log(2)) / 0.6) ** 2) / (0.6 * Math.sqrt(2 * Math.PI))));
    for (const ratio of drawn) expect(ratio).toBeCloseTo(1, 10);
    expect(curvePerLogUnit({ name: 'c', x: [-1, 0, 2], y: [1, 1, 3] })).toEqual({ name: 'c', x: [2], y: [6] });
    const linear = overlayHistogramOption([{ name: 'data', bins: densityBins(sample, commonEdges([sample])) }], [], { xName: 'amplitude [mV]' });
    expect(axes(linear).yAxis.name).toBe('density per unit of x');
  });
});

describe('many series', () => {
  it('ten series get ten colours, and from four on each its own dash and marker', () => {
    const series: LineSeries[] = Array.from({ length: 10 }, (_, i) => ({ name: `s${i}`, x: [1, 2], y: [i, i + 1], points: true }));
    const lines = seriesOf(lineChartOption(series, { xName: 'x', yName: 'y' })).filter((s) => s.type === 'line');
    expect(new Set(lines.map((s) => s.color)).size).toBe(10);
    expect(new Set(lines.map((s) => `${JSON.stringify(s.lineStyle!.type)} ${s.symbol}`)).size).toBe(10);
    expect(new Set(lines.map((s) => s.symbol)).size).toBe(10);
    // Two or three curves stay plain solid lines.
    const few = seriesOf(lineChartOption(series.slice(0, 3), { xName: 'x', yName: 'y' })).filter((s) => s.type === 'line');
    expect(few.map((s) => s.lineStyle!.type)).toEqual(['solid', 'solid', 'solid']);
    expect(colourVar(PALETTE_SIZE)).toBe(colourVar(0));
    expect(colourVar('neutral')).toBe('var(--chart-neutral)');
  });

  it('every theme defines all ten colours and the neutral grey, each distinct', () => {
    const css = readFileSync('src-renderer/src/styles/theme.css', 'utf8');
    const blocks = css.split(/\n(?=:root|@media)/).filter((b) => b.includes('--chart-1:'));
    expect(blocks).toHaveLength(3);
    for (const block of blocks) {
      const colours = Array.from({ length: PALETTE_SIZE }, (_, i) => new RegExp(`--chart-${i + 1}: (#[0-9a-f]{6});`).exec(block)?.[1]);
      expect(colours.every(Boolean)).toBe(true);
      expect(new Set(colours).size).toBe(PALETTE_SIZE);
      expect(block).toMatch(/--chart-neutral: #[0-9a-f]{6};/);
    }
  });

  it('the data under nine fitted densities is grey, never one of the families\' colours', async () => {
    const { fitDensityOption } = await import('../../src-renderer/src/components/charts/options/fit');
    const data = lognormalArray(createRng(3), 300, 0, 0.5);
    const names = ['lognormal', 'normal', 'gamma', 'weibull', 'exponential', 'loglogistic', 'invgauss'] as const;
    const models = names.map((n) => fittedFamily(getFamily(n), getFamily(n).fit(data)));
    const option = fitDensityOption(fitPlotData(data, models), { xName: 'v', log: false });
    const colours = seriesOf(option).map((s) => s.color);
    expect(colours[0]).toBe('var(--chart-neutral)');
    expect(new Set(colours).size).toBe(colours.length);
  });
});

describe('QQ and PP plots', () => {
  const data = lognormalArray(createRng(5), 200, 0, 0.8);
  const model = fittedFamily(getFamily('lognormal'), { mu: 0, sigma: 0.8 });
  const plots = fitPlotData(data, [model]);

  it('the QQ band covers the whole range, tails included (no gaps where the band has no edge)', () => {
    const option = probabilityPlotOption(plots.qq[0], 'qq', 'volume [µm³]');
    const band = seriesOf(option).find((s) => s.type === 'custom')!;
    const rows = band.data as number[][];
    expect(rows).toHaveLength(plots.qq[0].x.length);
    const { xAxis } = axes(option);
    // The core leaves the band's lower edge open at the smallest points and its upper edge at the largest.
    expect(plots.qq[0].lower[0]).toBeNull();
    expect(plots.qq[0].upper.at(-1)).toBeNull();
    expect(rows[0][1]).toBe(xAxis.min);
    expect(rows.at(-1)![2]).toBe(xAxis.max);
    for (const [, lo, hi] of rows) expect(lo).toBeLessThanOrEqual(hi);
    expect(axes(option).xAxis.name).toBe('fitted log-normal quantile, volume [µm³]');
    expect(axes(option).yAxis.name).toBe('sample quantile, volume [µm³]');
  });

  it('offers logarithmic axes for QQ and PP', () => {
    for (const kind of ['qq', 'pp'] as const) {
      const option = probabilityPlotOption(kind === 'qq' ? plots.qq[0] : plots.pp[0], kind, 'volume [µm³]', { log: true });
      expect(axes(option).xAxis.type).toBe('log');
      expect(axes(option).yAxis.type).toBe('log');
      expect(axes(option).xAxis.min as number).toBeGreaterThan(0);
      const band = seriesOf(option).find((s) => s.type === 'custom')!;
      for (const [, lo, hi] of band.data as number[][]) expect(lo > 0 && hi >= lo).toBe(true);
    }
  });
});
