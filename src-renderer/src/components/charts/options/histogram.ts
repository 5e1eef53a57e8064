import type { EChartsCoreOption } from 'echarts/core';

export interface HistogramBins {
  /** Bin edges, one more than counts. */
  edges: number[];
  counts: number[];
}

/** Equal-width bins over [min, max]; the bin count follows Freedman–Diaconis-like sqrt rule, capped for legibility. */
export function binValues(values: ArrayLike<number>, binCount?: number): HistogramBins {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return { edges: [], counts: [] };
  if (min === max) {
    min -= 0.5;
    max += 0.5;
  }
  const k = binCount ?? Math.min(60, Math.max(10, Math.round(Math.sqrt(values.length))));
  const width = (max - min) / k;
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    counts[Math.min(k - 1, Math.floor((v - min) / width))]++;
  }
  return { edges: Array.from({ length: k + 1 }, (_, i) => min + i * width), counts };
}

export interface HistogramOptions {
  title?: string;
  xName: string;
  /** Vertical lines, e.g. the estimate and the CI bounds. */
  /** Solid markers stand for the estimate, dashed ones for interval bounds. */
  markers?: { value: number; label: string; solid?: boolean }[];
}

/**
 * A histogram as touching rectangles drawn by a custom series (bars on a value axis cannot be made to touch
 * reliably), with optional labelled vertical markers such as the estimate and the CI bounds.
 */
export function histogramOption(bins: HistogramBins, options: HistogramOptions): EChartsCoreOption {
  const data = bins.counts.map((count, i) => [bins.edges[i], bins.edges[i + 1], count]);
  return {
    title: options.title ? { text: options.title, left: 0, top: 0 } : undefined,
    grid: { left: 56, right: 28, top: options.title ? 44 : 24, bottom: 48 },
    tooltip: {
      trigger: 'item',
      formatter: (params: { data: number[] }) => {
        const [lo, hi, count] = params.data;
        return `${lo.toPrecision(4)} – ${hi.toPrecision(4)}<br/>count ${count}`;
      },
    },
    xAxis: {
      // No min/max at the bin edges: ECharts then picks round axis bounds that still cover every bin.
      type: 'value', name: options.xName, nameLocation: 'middle', nameGap: 30, scale: true,
      axisLabel: { formatter: (v: number) => Number(v.toPrecision(3)).toString() },
    },
    yAxis: { type: 'value', name: 'count', nameLocation: 'middle', nameGap: 40 },
    series: [
      {
        type: 'custom',
        name: 'count',
        dimensions: ['lower', 'upper', 'count'],
        data,
        encode: { x: [0, 1], y: 2 },
        renderItem: (_params: unknown, api: CustomApi) => {
          const topLeft = api.coord([api.value(0), api.value(2)]);
          const bottomRight = api.coord([api.value(1), 0]);
          return {
            type: 'rect',
            shape: { x: topLeft[0], y: topLeft[1], width: Math.max(0, bottomRight[0] - topLeft[0] - 1), height: bottomRight[1] - topLeft[1] },
            style: { fill: api.visual('color'), opacity: 0.85 },
          };
        },
        markLine: options.markers?.length
          ? {
              symbol: 'none',
              silent: true,
              label: { formatter: '{b}', position: 'end', fontSize: 11, color: 'inherit', textBorderWidth: 0 },
              lineStyle: { type: 'dashed', width: 1 },
              data: options.markers.map((m) => ({ name: m.label, xAxis: m.value, lineStyle: { type: m.solid ? 'solid' : 'dashed', width: m.solid ? 2 : 1 } })),
            }
          : undefined,
      },
    ],
  };
}

/** The part of ECharts' custom-series API the histogram uses. */
interface CustomApi {
  value(dimension: number): number;
  coord(point: number[]): number[];
  visual(name: string): string;
}
