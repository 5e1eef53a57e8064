import type { EChartsCoreOption } from 'echarts/core';
import type { IdentificationSummary } from '@core/plasticity/identification';
import { hypothesisLabel, hypothesisP } from './geometry';
import { lineChartOption, type LineSeries } from './lines';

/** A curve's points on the p axis (negative entropy at 1), sorted by p; other hypotheses have no place there. */
function onPAxis<T extends { hypothesis: string }>(rows: readonly T[]): (T & { p: number })[] {
  return rows
    .map((r) => ({ ...r, p: hypothesisP(r.hypothesis) }))
    .filter((r): r is T & { p: number } => r.p !== null)
    .sort((a, b) => a.p - b.p);
}

export const truthLabel = (s: IdentificationSummary) => `true ${hypothesisLabel(s.truePotential)}`;

/**
 * The paper's identification figure: per true potential the mean dCDF over repeats against p, shaded mean ± s.d.,
 * with each curve's minimum marked and named, so a reader sees whether it sits at the truth.
 */
export function identificationCurvesOption(summaries: readonly IdentificationSummary[]): EChartsCoreOption {
  const series: LineSeries[] = summaries.map((s, i) => {
    const points = onPAxis(s.curve);
    return {
      name: truthLabel(s),
      x: points.map((c) => c.p),
      y: points.map((c) => c.mean),
      // dCDF is never negative; a band below 0 would only be the s.d. of a skewed score.
      band: { lo: points.map((c) => Math.max(0, c.mean - c.sd)), hi: points.map((c) => c.mean + c.sd) },
      points: true,
      colour: i,
    };
  });
  const highlights = summaries.flatMap((s) => {
    const points = onPAxis(s.curve);
    if (!points.length) return [];
    const min = points.reduce((a, b) => (b.mean < a.mean ? b : a));
    // Short names: three long labels would cover the curves they mark.
    return [{ name: min.p === 1 ? 'NE' : `p ${min.p}`, x: min.p, y: min.mean }];
  });
  return lineChartOption(series, {
    xName: 'hypothesised exponent p (NE: negative entropy)', yName: 'dCDF, mean ± s.d.', xLabels: { 1: 'NE' }, highlights,
  });
}

/**
 * How many repeats picked each hypothesis as the best, per true potential: points near the truth make a clean test.
 * Hypotheses no repeat picked are gaps, not zeros, so the few picks stand out instead of a zigzag along the axis.
 */
export function identificationPicksOption(summaries: readonly IdentificationSummary[]): EChartsCoreOption {
  const series: LineSeries[] = summaries.map((s, i) => {
    const points = onPAxis(s.curve);
    return { name: truthLabel(s), x: points.map((c) => c.p), y: points.map((c) => s.bestCounts[c.hypothesis] ?? null), points: true, colour: i };
  });
  const option = lineChartOption(series, { xName: 'p picked by the lowest dCDF (NE: negative entropy)', yName: 'repeats', xLabels: { 1: 'NE' } }) as Record<string, unknown>;
  // Counts: from zero, in whole repeats.
  option.yAxis = { ...(option.yAxis as object), min: 0, minInterval: 1 };
  return option;
}
