import type { EChartsCoreOption } from 'echarts/core';
import { commonEdges, densityBins, overlayHistogramOption } from './distribution';
import { lineChartOption } from './lines';

const sorted = (v: readonly number[]) => Float64Array.from(v.filter(Number.isFinite)).sort();

/** Quantile (numpy linear) of sorted values. */
function quantile(s: Float64Array, p: number): number {
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]) - s[lo]);
}

/** Both samples as density histograms on shared bins (logarithmic when both are positive). */
export function overlayOption(a: readonly number[], b: readonly number[], names: [string, string], log: boolean, valueName = 'value'): EChartsCoreOption {
  const edges = commonEdges([a, b], { log });
  return overlayHistogramOption([{ name: names[0], bins: densityBins(a, edges) }, { name: names[1], bins: densityBins(b, edges), colour: 1 }], [], {
    xName: valueName, xLog: log,
  });
}

/** The two empirical CDFs as steps (thinned to at most 400 points each). */
export function cdfOption(a: readonly number[], b: readonly number[], names: [string, string], log: boolean, valueName = 'value'): EChartsCoreOption {
  const steps = (v: readonly number[]) => {
    const s = sorted(v);
    const stride = Math.max(1, Math.floor(s.length / 400));
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < s.length; i += stride) { x.push(s[i]); y.push((i + 1) / s.length); }
    if (x[x.length - 1] !== s[s.length - 1]) { x.push(s[s.length - 1]); y.push(1); }
    return { x, y };
  };
  const sa = steps(a);
  const sb = steps(b);
  const option = lineChartOption(
    [{ name: names[0], x: sa.x, y: sa.y, colour: 0 }, { name: names[1], x: sb.x, y: sb.y, colour: 1 }],
    { xName: valueName, yName: 'cumulative probability', xLog: log },
  ) as { series: Record<string, unknown>[] };
  for (const s of option.series) if (s.type === 'line') s.step = 'end';
  return option as EChartsCoreOption;
}

/** Quantiles of one sample against the other at 1 %..99 %, with the identity line. */
export function twoSampleQqOption(a: readonly number[], b: readonly number[], names: [string, string], log: boolean, valueName = 'value'): EChartsCoreOption {
  const sa = sorted(a);
  const sb = sorted(b);
  const ps = Array.from({ length: 99 }, (_, i) => (i + 1) / 100);
  const qa = ps.map((p) => quantile(sa, p));
  const qb = ps.map((p) => quantile(sb, p));
  const lo = Math.min(qa[0], qb[0]);
  const hi = Math.max(qa[98], qb[98]);
  const option = lineChartOption(
    [{ name: 'identity', x: [lo, hi], y: [lo, hi], dashed: true, colour: 'neutral' }, { name: 'quantiles 1–99 %', x: qa, y: qb, points: true, colour: 0 }],
    { xName: `${names[0]} quantile, ${valueName}`, yName: `${names[1]} quantile, ${valueName}`, xLog: log, yLog: log },
  ) as { series: Record<string, unknown>[] };
  for (const s of option.series) if (s.name === 'quantiles 1–99 %') Object.assign(s, { symbolSize: 4, lineStyle: { width: 0 } });
  return option as EChartsCoreOption;
}
