import type { EChartsCoreOption } from 'echarts/core';
import type { PotentialFit } from '@core/plasticity/final-distribution-fit';
import { DECISIVE_LOG_LIK, EUCLIDEAN_HYPOTHESIS } from '@core/plasticity/final-fit-verdict';
import { commonEdges, densityBins, overlayHistogramOption } from './distribution';
import { hypothesisLabel, hypothesisP } from './geometry';
import { lineChartOption, type LineSeries } from './lines';

/**
 * Log-likelihood of every hypothesis against p (negative entropy at p = 1, "NE"), the best and the Euclidean one
 * marked, with a dashed line log(100) below the best: hypotheses above it are not told apart by these data, which
 * is how the chart shows that p is not identifiable from a final distribution.
 */
export function logLikVsPOption(fits: readonly Pick<PotentialFit, 'hypothesis' | 'logLik'>[], best: string): EChartsCoreOption {
  const points = fits
    .map((f) => ({ name: f.hypothesis, p: hypothesisP(f.hypothesis), logLik: f.logLik }))
    .filter((f): f is { name: string; p: number; logLik: number | null } => f.p !== null)
    .sort((a, b) => a.p - b.p);
  const x = points.map((f) => f.p);
  const bestPoint = points.find((f) => f.name === best && f.logLik !== null);
  const euclid = points.find((f) => f.name === EUCLIDEAN_HYPOTHESIS && f.logLik !== null && f.name !== best);
  const series: LineSeries[] = [{ name: 'log-likelihood', x, y: points.map((f) => f.logLik), points: true }];
  if (bestPoint && x.length > 1) {
    const floor = (bestPoint.logLik as number) - DECISIVE_LOG_LIK;
    series.push({ name: 'best − log 100', x: [x[0], x[x.length - 1]], y: [floor, floor], dashed: true, colour: 4 });
  }
  const option = lineChartOption(series, {
    xName: 'hypothesised exponent p (NE: negative entropy)',
    yName: 'log-likelihood',
    xLabels: { 1: 'NE' },
    highlights: [
      ...(bestPoint ? [{ name: 'best', x: bestPoint.p, y: bestPoint.logLik as number }] : []),
      ...(euclid ? [{ name: 'Euclidean', x: euclid.p, y: euclid.logLik as number }] : []),
    ],
  }) as Record<string, unknown>;
  // The best point is the highest one: headroom keeps its label inside the plot instead of on the axis labels.
  // (A boundary gap, not a computed max, so the axis still ends on a round tick.)
  option.yAxis = { ...(option.yAxis as object), boundaryGap: ['5%', '15%'] };
  return option;
}

/**
 * The measured values' histogram with the predicted densities of the given fits drawn over it, on a log axis when
 * every value is positive (log-normal-like weights spread over decades); there histogram and curves are both drawn
 * per unit of ln w (overlayHistogramOption converts them), so they share one scale on either axis.
 */
export function finalFitOverlayOption(values: ArrayLike<number>, fits: readonly Pick<PotentialFit, 'hypothesis' | 'curve'>[], xName: string): EChartsCoreOption {
  let log = values.length > 0;
  for (let i = 0; i < values.length; i++) if (!(values[i] > 0)) log = false;
  const edges = commonEdges([values], { log });
  const curves: LineSeries[] = fits
    .filter((f) => f.curve)
    .map((f, i) => {
      const curve = f.curve as NonNullable<PotentialFit['curve']>;
      const keep = Array.from(curve.x, (_, k) => k).filter((k) => !log || curve.x[k] > 0);
      return { name: hypothesisLabel(f.hypothesis), x: keep.map((k) => curve.x[k]), y: keep.map((k) => curve.density[k]), dashed: i > 0, colour: i + 1 };
    });
  return overlayHistogramOption([{ name: 'measured', bins: densityBins(values, edges), colour: 0 }], curves, {
    xName, xLog: log,
  });
}
