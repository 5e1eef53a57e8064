import type { EChartsCoreOption } from 'echarts/core';
import type { FitPlotData } from '@core/stats/plot/fit-plots';
import type { ProbabilityPlotData } from '@core/stats/plot/probability-plots';
import { overlayHistogramOption } from './distribution';
import { lineChartOption, type LineSeries } from './lines';
import { familyLabel } from '@core/jobs/figure-labels';

/** Family names: one table, in src-core/jobs/figure-labels.ts (History and reports use it too). */
export { familyLabel };

const arr = (a: ArrayLike<number>) => Array.from(a);

/** The data's density histogram with every fitted density over it, on linear or logarithmic x. */
export function fitDensityOption(plot: FitPlotData, options: { xName: string; log: boolean; shown?: readonly string[] }): EChartsCoreOption {
  const densities = plot.densities.filter((d) => !options.shown || options.shown.includes(d.label));
  return overlayHistogramOption(
    [{ name: 'data', bins: { edges: arr(plot.histogram.edges), density: arr(plot.histogram.density) }, colour: 'neutral' }],
    densities.map((d, i) => ({ name: familyLabel(d.label), x: arr(d.x), y: arr(d.pdf), colour: i })),
    { xName: options.xName, xLog: options.log },
  );
}

/** The empirical CDF as a step line with each fitted CDF. */
export function fitEcdfOption(plot: FitPlotData, options: { xName: string; log: boolean; shown?: readonly string[] }): EChartsCoreOption {
  const x = arr(plot.ecdf.x);
  const series: LineSeries[] = [
    ...plot.ecdf.fitted.filter((f) => !options.shown || options.shown.includes(f.label)).map((f, i) => ({ name: familyLabel(f.label), x, y: arr(f.cdf), colour: i })),
  ];
  const option = lineChartOption([{ name: 'data (ECDF)', x, y: arr(plot.ecdf.ecdf), colour: 'neutral' }, ...series], {
    xName: options.xName, yName: 'cumulative probability', xLog: options.log,
  }) as { series: Record<string, unknown>[] };
  // The ECDF is a step function: drawn as steps, a little thicker, under the smooth fitted curves.
  const ecdf = option.series.find((s) => s.name === 'data (ECDF)');
  if (ecdf) Object.assign(ecdf, { step: 'end', lineStyle: { width: 2.5 } });
  return option as EChartsCoreOption;
}

/**
 * QQ or PP plot of one family with its simultaneous (Kolmogorov) band and the identity line, on linear or logarithmic
 * axes (log: where log-normal-like tails differ; only positive points and band edges have a place there). `xName` is
 * the column's name and unit.
 */
export function probabilityPlotOption(data: ProbabilityPlotData, kind: 'qq' | 'pp', xName: string, options: { log?: boolean } = {}): EChartsCoreOption {
  const log = !!options.log;
  const onAxis = (v: number) => Number.isFinite(v) && (!log || v > 0);
  const keep = Array.from(data.x, (_, k) => k).filter((k) => onAxis(data.x[k]) && onAxis(data.y[k]));
  const x = keep.map((k) => data.x[k]);
  const y = keep.map((k) => data.y[k]);
  const finite = [...x, ...y];
  const lo = kind === 'pp' && !log ? 0 : Math.min(...finite);
  const hi = kind === 'pp' ? 1 : Math.max(...finite);
  // Where the band's probability leaves (0, 1) it has no edge (null: unbounded), and in the tails its quantiles grow
  // without bound: both are drawn to the plot's edge, so the band covers the whole range.
  const edge = (v: number | null | undefined, unbounded: number) => (v === null || v === undefined || !Number.isFinite(v) || (log && v <= 0) ? unbounded : Math.min(hi, Math.max(lo, v)));
  const band = { lo: keep.map((k) => edge(data.lower[k], lo)), hi: keep.map((k) => edge(data.upper[k], hi)) };
  const option = lineChartOption(
    [
      { name: `${Math.round((1 - data.alpha) * 100)} % band`, x, y: x.map(() => null), band, colour: 0 },
      { name: 'identity', x: [lo, hi], y: [lo, hi], dashed: true, colour: 'neutral' },
      { name: familyLabel(data.label), x, y, points: true, colour: 0 },
    ],
    kind === 'qq'
      ? { xName: `fitted ${familyLabel(data.label)} quantile, ${xName}`, yName: `sample quantile, ${xName}`, xLog: log, yLog: log }
      : { xName: `fitted ${familyLabel(data.label)} probability`, yName: 'empirical probability', xLog: log, yLog: log },
  ) as { series: Record<string, unknown>[] };
  for (const s of option.series) if (s.name === familyLabel(data.label)) Object.assign(s, { symbolSize: 3, lineStyle: { width: 0 } });
  // Both axes on the same range, so the identity line is the diagonal.
  const axes = option as unknown as { xAxis: Record<string, unknown>; yAxis: Record<string, unknown> };
  Object.assign(axes.xAxis, { min: lo, max: hi, scale: false });
  Object.assign(axes.yAxis, { min: lo, max: hi, scale: false });
  return option as EChartsCoreOption;
}
