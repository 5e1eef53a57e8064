import type { EChartsCoreOption } from 'echarts/core';

/** One curve: y against x (null = gap), with an optional shaded band (e.g. 5-95 % or mean +- sd). */
export interface LineSeries {
  name: string;
  x: readonly number[];
  y: readonly (number | null)[];
  band?: { lo: readonly (number | null)[]; hi: readonly (number | null)[] };
  dashed?: boolean;
  /** Draw a symbol at every point (sparse data such as sweep grids). */
  points?: boolean;
  /** Palette index, so a curve and its band, or "before" and "after" of one rule, share a colour; 'neutral' for context. */
  colour?: ColourSlot;
}

export interface LineChartOptions {
  title?: string;
  xName: string;
  yName: string;
  xLog?: boolean;
  yLog?: boolean;
  /** Labelled points drawn on top, e.g. the best geometry. */
  highlights?: { name: string; x: number; y: number }[];
  /** Vertical reference lines. */
  markers?: { value: number; label: string }[];
  /** Category labels for x values (e.g. 1 -> "NE"), used by the axis labels and tooltips. */
  xLabels?: Record<number, string>;
}

/**
 * Ten colour-blind-safe colours (Okabe & Ito's eight, yellow darkened for white paper, plus Tol's indigo and wine; see
 * styles/theme.css for both themes) and, beyond colour, a dash pattern and a marker per slot, so ten series stay
 * apart in grey print and for every kind of colour vision. 'neutral' is a grey for context (data under fits, rivals).
 */
export const PALETTE_SIZE = 10;
export type ColourSlot = number | 'neutral';
const DASHES: (string | number[])[] = ['solid', 'dashed', 'dotted', [9, 3, 2, 3], [2, 2], [12, 4]];
const SYMBOLS = ['circle', 'rect', 'triangle', 'diamond', 'emptyCircle', 'emptyRect', 'emptyTriangle', 'emptyDiamond', 'roundRect', 'pin'];

/** Colours are resolved by the theme at draw time; builders only pick the palette slot. */
export function paletteSlot(slot: ColourSlot): string {
  return slot === 'neutral' ? '--chart-neutral' : `--chart-${(((slot % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE) + 1}`;
}

/** The line dash and point marker of a palette slot (used once a chart has more colours than the eye sorts easily). */
export function slotStyle(slot: ColourSlot): { dash: string | number[]; symbol: string } {
  const i = slot === 'neutral' ? 0 : ((slot % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE;
  return { dash: DASHES[i % DASHES.length], symbol: SYMBOLS[i] };
}

/** Up to three colours read at a glance; from four on, every slot also gets its own dash and marker. */
export function needsShapes(slots: ColourSlot[]): boolean {
  return new Set(slots.filter((s) => s !== 'neutral')).size > 3;
}

const short = (v: number) => Number(v.toPrecision(3)).toString();

/**
 * Lines against a numeric x axis (linear or logarithmic), each with an optional band drawn as a polygon by a custom
 * series (stacked areas cannot follow a log axis), highlighted points and vertical markers.
 */
export function lineChartOption(series: LineSeries[], options: LineChartOptions): EChartsCoreOption {
  const label = (v: number) => options.xLabels?.[v] ?? short(v);
  const bandSeries = series
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.band)
    .map(({ s, i }) => ({
      type: 'custom',
      name: s.name,
      silent: true,
      z: 1,
      colorBy: 'series',
      color: colourVar(s.colour ?? i),
      dimensions: ['x', 'lo', 'hi'],
      data: s.x.map((x, k) => [x, s.band!.lo[k], s.band!.hi[k]]).filter((row) => row[1] !== null && row[2] !== null && (!options.xLog || (row[0] as number) > 0)),
      renderItem: bandRenderer,
      clip: true,
      tooltip: { show: false },
    }));
  const shaped = needsShapes(series.map((s, i) => s.colour ?? i));
  const lineSeries = series.map((s, i) => ({
    type: 'line',
    name: s.name,
    z: 3,
    color: colourVar(s.colour ?? i),
    dimensions: ['x', 'y'],
    data: s.x.map((x, k) => [x, s.y[k]]),
    showSymbol: s.points ?? false,
    symbol: shaped ? slotStyle(s.colour ?? i).symbol : 'circle',
    symbolSize: 6,
    connectNulls: false,
    lineStyle: { width: 2, type: s.dashed ? 'dashed' : shaped ? slotStyle(s.colour ?? i).dash : 'solid' },
    markLine:
      i === 0 && options.markers?.length
        ? {
            symbol: 'none', silent: true,
            label: { formatter: '{b}', position: 'end', fontSize: 11 },
            lineStyle: { type: 'dashed', width: 1, color: 'var(--text-muted)' },
            data: options.markers.map((m) => ({ name: m.label, xAxis: m.value })),
          }
        : undefined,
  }));
  const xs = series.flatMap((s) => s.x).filter(Number.isFinite);
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const highlight = options.highlights?.length
    ? [{
        type: 'scatter', name: 'marked', z: 4, symbolSize: 12, symbol: 'diamond',
        color: 'var(--accent)',
        dimensions: ['x', 'y'],
        // A label at the first or last x would stick out over the axis labels: it leans into the plot instead.
        data: options.highlights.map((h) => ({ name: h.name, value: [h.x, h.y], label: { align: h.x <= xMin ? 'left' : h.x >= xMax ? 'right' : 'center' } })),
        label: { show: true, formatter: '{b}', position: 'top', distance: 8, fontWeight: 600, color: 'var(--text)', textBorderWidth: 0 },
      }]
    : [];
  const names = [...new Set(series.map((s) => s.name))];
  const legend = legendLayout(names, !!options.title);
  return {
    title: options.title ? { text: options.title, left: 0, top: 0 } : undefined,
    grid: { left: 64, right: 28, top: legend.gridTop, bottom: 52 },
    legend: legend.legend,
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '–' : Number(v).toPrecision(4)) },
    xAxis: {
      type: options.xLog ? 'log' : 'value', name: options.xName, nameLocation: 'middle', nameGap: 30, scale: true,
      // A log axis otherwise rounds out to whole decades, leaving most of the plot empty.
      ...(options.xLog ? { min: 'dataMin', max: 'dataMax' } : {}),
      axisLabel: { formatter: label },
      axisPointer: { label: { formatter: (p: { value: number }) => label(p.value) } },
    },
    // ECharts' own y labels: a fixed number of significant digits turns a narrow range into "1, 1, 1".
    yAxis: {
      type: options.yLog ? 'log' : 'value', name: options.yName, nameLocation: 'middle', nameGap: 50, scale: true,
      ...(options.yLog ? { axisLabel: { formatter: short } } : {}),
    },
    series: [...bandSeries, ...lineSeries, ...highlight],
  };
}

/** A CSS variable reference the EChart wrapper resolves into the theme's colour before drawing. */
export function colourVar(slot: ColourSlot): string {
  return `var(${paletteSlot(slot)})`;
}

interface BandApi {
  value(dimension: number, index?: number): number;
  coord(point: number[]): number[];
  visual(name: string): string;
}
interface BandParams {
  dataIndexInside: number;
  dataInsideLength: number;
}
/** One trapezoid per segment between consecutive points; together they shade the band. */
function bandRenderer(params: BandParams, api: BandApi) {
  const i = params.dataIndexInside;
  if (i + 1 >= params.dataInsideLength) return { type: 'group', children: [] };
  const x0 = api.value(0, i);
  const x1 = api.value(0, i + 1);
  const points = [
    api.coord([x0, api.value(1, i)]), api.coord([x1, api.value(1, i + 1)]),
    api.coord([x1, api.value(2, i + 1)]), api.coord([x0, api.value(2, i)]),
  ];
  return { type: 'polygon', shape: { points }, style: { fill: api.visual('color'), opacity: 0.18 } };
}

/** A log axis only pays when the values span more than a factor of 20; otherwise it flattens the curves. */
export function wideRange(values: readonly (number | null)[]): boolean {
  const finite = values.filter((v): v is number => v !== null && v > 0);
  return finite.length > 1 && Math.max(...finite) / Math.min(...finite) > 20;
}

/**
 * A legend that wraps above the plot instead of scrolling (half-width charts have room for two or three names a
 * row), and the grid top that leaves room for it.
 */
export function legendLayout(names: string[], titled: boolean): { legend: Record<string, unknown> | undefined; gridTop: number } {
  const base = titled ? 28 : 4;
  if (names.length < 2) return { legend: undefined, gridTop: base + 24 };
  const chars = names.reduce((n, name) => n + name.length + 5, 0);
  const rows = Math.max(1, Math.ceil(chars / 48));
  return {
    legend: { top: base, left: 0, right: 0, type: 'plain', itemWidth: 14, itemHeight: 8, itemGap: 12, textStyle: { fontSize: 11 }, data: names },
    gridTop: base + rows * 20 + 16,
  };
}
