import type { EChartsCoreOption } from 'echarts/core';
import { colourVar, legendLayout, needsShapes, slotStyle, type ColourSlot, type LineSeries } from './lines';

/** A histogram as densities (area 1), so histograms of different sizes and fitted densities share one scale. */
export interface DensityBins {
  edges: number[];
  density: number[];
}

/** Common bin edges for several samples: equal width, or equal width in log x (positive values only). */
export function commonEdges(samples: ArrayLike<number>[], options: { log?: boolean; count?: number } = {}): number[] {
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (const values of samples) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || (options.log && v <= 0)) continue;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min)) return [];
  const k = options.count ?? Math.min(60, Math.max(12, Math.round(Math.sqrt(n / Math.max(1, samples.length)) * 1.2)));
  const [lo, hi] = options.log ? [Math.log(min), Math.log(max)] : [min, max];
  const span = hi > lo ? hi - lo : 1;
  const start = hi > lo ? lo : lo - 0.5;
  return Array.from({ length: k + 1 }, (_, i) => (options.log ? Math.exp(start + (i * span) / k) : start + (i * span) / k));
}

export function densityBins(values: ArrayLike<number>, edges: number[]): DensityBins {
  const k = edges.length - 1;
  if (k < 1) return { edges: [], density: [] };
  const counts = new Array<number>(k).fill(0);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < edges[0] || v > edges[k]) continue;
    // Binary search: log-spaced edges are not equally spaced.
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]++;
    total++;
  }
  return { edges, density: counts.map((c, i) => (total ? c / (total * (edges[i + 1] - edges[i])) : 0)) };
}

/**
 * A histogram's densities per unit of ln x instead of per unit of x: a bin's count over n·Δ(ln x). On a logarithmic
 * x axis this is the density the eye reads (equal areas on the axis hold equal probability), so a log-normal sample
 * draws as a bell, the normal density of ln x; per unit of x it would pile up at the left with a spike.
 */
export function perLogUnit(bins: DensityBins): DensityBins {
  return {
    edges: bins.edges,
    density: bins.density.map((d, k) => {
      const [lo, hi] = [bins.edges[k], bins.edges[k + 1]];
      return lo > 0 && hi > lo ? (d * (hi - lo)) / Math.log(hi / lo) : 0;
    }),
  };
}

/** A density curve f(x) as a density per unit of ln x: x·f(x) (points at x <= 0 have no place on a log axis). */
export function curvePerLogUnit(curve: LineSeries): LineSeries {
  const keep = curve.x.map((x, k) => k).filter((k) => curve.x[k] > 0);
  return { ...curve, x: keep.map((k) => curve.x[k]), y: keep.map((k) => { const y = curve.y[k]; return y === null ? null : y * curve.x[k]; }) };
}

/** The y-axis title of a density histogram: which density it is. */
export function densityAxisName(log: boolean): string {
  return log ? 'density per unit of ln x' : 'density per unit of x';
}

export interface OverlayOptions {
  title?: string;
  /** The column's name and unit, e.g. "amplitude [mV]". */
  xName: string;
  yName?: string;
  /**
   * Logarithmic x axis (give it log-spaced edges): histograms and curves are then drawn per unit of ln x (see
   * perLogUnit), and the y axis says so.
   */
  xLog?: boolean;
}

/**
 * Overlaid translucent density histograms (e.g. weights before and after, simulated and measured) with curves drawn
 * over them (fitted densities, a Gaussian).
 */
export function overlayHistogramOption(
  histogramsIn: { name: string; bins: DensityBins; colour?: ColourSlot }[],
  curvesIn: LineSeries[],
  options: OverlayOptions,
): EChartsCoreOption {
  const short = (v: number) => Number(v.toPrecision(3)).toString();
  const histograms = options.xLog ? histogramsIn.map((h) => ({ ...h, bins: perLogUnit(h.bins) })) : histogramsIn;
  const curves = options.xLog ? curvesIn.map(curvePerLogUnit) : curvesIn;
  const rects = histograms.map((h, i) => ({
    type: 'custom',
    name: h.name,
    color: colourVar(h.colour ?? i),
    dimensions: ['lower', 'upper', 'density'],
    data: h.bins.density
      .map((d, k) => [h.bins.edges[k], h.bins.edges[k + 1], d]),
    encode: { x: [0, 1], y: 2 },
    renderItem: (_params: unknown, api: RectApi) => {
      const bottom = api.coord([api.value(0), 0])[1];
      const topLeft = api.coord([api.value(0), api.value(2)]);
      const right = api.coord([api.value(1), api.value(2)])[0];
      return {
        type: 'rect',
        shape: { x: topLeft[0], y: topLeft[1], width: Math.max(0, right - topLeft[0] - 0.5), height: Math.max(0, bottom - topLeft[1]) },
        style: { fill: api.visual('color'), opacity: histograms.length > 1 ? 0.45 : 0.7 },
      };
    },
  }));
  const slots = curves.map((s, i) => s.colour ?? histograms.length + i);
  const shaped = needsShapes(slots);
  const lines = curves.map((s, i) => ({
    type: 'line',
    name: s.name,
    z: 3,
    color: colourVar(slots[i]),
    dimensions: ['x', 'y'],
    data: s.x.map((x, k) => [x, s.y[k]]),
    showSymbol: false,
    lineStyle: { width: 2, type: s.dashed ? 'dashed' : shaped ? slotStyle(slots[i]).dash : 'solid' },
  }));
  const names = [...histograms.map((h) => h.name), ...curves.map((c) => c.name)];
  const legend = legendLayout(names, !!options.title);
  return {
    title: options.title ? { text: options.title, left: 0, top: 0 } : undefined,
    grid: { left: 64, right: 28, top: legend.gridTop, bottom: 52 },
    legend: legend.legend,
    tooltip: { trigger: 'item', valueFormatter: (v: number) => Number(v).toPrecision(4) },
    xAxis: {
      type: options.xLog ? 'log' : 'value', name: options.xName, nameLocation: 'middle', nameGap: 30, scale: true, axisLabel: { formatter: short },
      ...(options.xLog ? { min: 'dataMin', max: 'dataMax' } : {}),
    },
    yAxis: { type: 'value', name: options.yName ?? densityAxisName(!!options.xLog), nameLocation: 'middle', nameGap: 46, axisLabel: { formatter: short } },
    series: [...rects, ...lines],
  };
}

interface RectApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
  visual(name: string): string;
}

/** The normal density with the sample's mean and sd on a grid over the bins: "the change with its Gaussian". */
export function gaussianCurve(values: ArrayLike<number>, edges: number[], points = 160): { x: number[]; y: number[]; mean: number; sd: number } {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) { sum += values[i]; n++; }
  const mean = n ? sum / n : 0;
  let ss = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) ss += (values[i] - mean) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
  if (!(sd > 0) || edges.length < 2) return { x: [], y: [], mean, sd };
  const lo = edges[0];
  const hi = edges[edges.length - 1];
  const x = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const y = x.map((v) => Math.exp(-0.5 * ((v - mean) / sd) ** 2) / (sd * Math.sqrt(2 * Math.PI)));
  return { x, y, mean, sd };
}
