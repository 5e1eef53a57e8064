import type { EChartsCoreOption } from 'echarts/core';
import type { HypothesisScore } from '@core/plasticity/dcdf';
import type { WidthSweepCurve } from '@core/plasticity/width-sweep';
import { lineChartOption, wideRange, type LineSeries } from './lines';

/**
 * Where a hypothesis sits on the p axis: p-norms at p, negative entropy at p = 1 (its limit, labelled "NE").
 * Others (the hyperbolic extension) have no place on this axis and are left out.
 */
export function hypothesisP(name: string): number | null {
  if (name === 'negative-entropy') return 1;
  const m = /^p=([0-9.]+)$/.exec(name);
  return m ? Number(m[1]) : null;
}

export function hypothesisLabel(name: string): string {
  if (name === 'negative-entropy') return 'negative entropy';
  if (name === 'p=2') return 'p = 2 (Euclidean)';
  return name.replace('=', ' = ');
}

/**
 * dCDF of every hypothesis against p, the best one marked: the lower the curve, the better the fit. When the scores
 * carry the centred variant (mean removed before comparing with a Gaussian), it is drawn dashed beside the paper's.
 */
export function dcdfVsPOption(scores: readonly { hypothesis: string; dcdf: number | null; dcdfCentred?: number | null }[], best: string | null, title?: string): EChartsCoreOption {
  const points = scores
    .map((s) => ({ p: hypothesisP(s.hypothesis), dcdf: s.dcdf, centred: s.dcdfCentred ?? null, name: s.hypothesis }))
    .filter((s): s is { p: number; dcdf: number; centred: number | null; name: string } => s.p !== null && s.dcdf !== null)
    .sort((a, b) => a.p - b.p);
  const bestPoint = points.find((s) => s.name === best);
  const series: LineSeries[] = [{ name: 'dCDF', x: points.map((s) => s.p), y: points.map((s) => s.dcdf), points: true }];
  if (points.some((s) => s.centred !== null)) series.push({ name: 'dCDF, centred variant', x: points.map((s) => s.p), y: points.map((s) => s.centred), dashed: true, colour: 1 });
  return lineChartOption(series, {
    title,
    xName: 'hypothesised exponent p (NE: negative entropy)',
    yName: 'dCDF',
    xLabels: { 1: 'NE' },
    highlights: bestPoint ? [{ name: 'best', x: bestPoint.p, y: bestPoint.dcdf }] : [],
  });
}

/** The same with bootstrap intervals around each dCDF (the geometry test on measured pairs). */
export function dcdfWithCiOption(
  rows: readonly { hypothesis: string; dcdf: number; lo: number; hi: number }[],
  best: string | null,
): EChartsCoreOption {
  const points = rows.map((r) => ({ ...r, p: hypothesisP(r.hypothesis) })).filter((r) => r.p !== null).sort((a, b) => a.p! - b.p!);
  const bestPoint = points.find((r) => r.hypothesis === best);
  return lineChartOption(
    [{ name: 'dCDF (bootstrap CI)', x: points.map((r) => r.p!), y: points.map((r) => r.dcdf), band: { lo: points.map((r) => r.lo), hi: points.map((r) => r.hi) }, points: true }],
    {
      xName: 'hypothesised exponent p (NE: negative entropy)', yName: 'dCDF', xLabels: { 1: 'NE' },
      highlights: bestPoint ? [{ name: 'best', x: bestPoint.p!, y: bestPoint.dcdf }] : [],
    },
  );
}

export function lossCurveOption(loss: ArrayLike<number>, iterations?: readonly number[], yName = 'training loss (MSE)'): EChartsCoreOption {
  const y = Array.from(loss, (v) => (Number.isFinite(v) && v > 0 ? v : null));
  const x = iterations ? [...iterations] : y.map((_, i) => i);
  return lineChartOption([{ name: 'loss', x, y }], { xName: iterations ? 'iteration' : 'step', yName, yLog: wideRange(y) });
}

/** The hypotheses a sweep chart shows by default: the paper's landmarks, so eleven lines do not hide each other. */
export const LANDMARK_HYPOTHESES = ['negative-entropy', 'p=1.5', 'p=2', 'p=3'];

/** dCDF against width D (log axis) for one true potential: median and 5-95 % band per hypothesis. */
export function widthSweepOption(curve: WidthSweepCurve, shown: readonly string[] = LANDMARK_HYPOTHESES): EChartsCoreOption {
  const series: LineSeries[] = curve.hypotheses
    .filter((h) => shown.includes(h.hypothesis))
    .map((h, i) => ({
      name: hypothesisLabel(h.hypothesis),
      x: curve.dims,
      y: h.dcdf.map((b) => b?.median ?? null),
      band: { lo: h.dcdf.map((b) => b?.lo ?? null), hi: h.dcdf.map((b) => b?.hi ?? null) },
      points: true,
      colour: i,
    }));
  return lineChartOption(series, {
    xName: 'width D (number of synapses)', yName: 'dCDF (median, 5–95 %)', xLog: true,
  });
}

export type { HypothesisScore };

/**
 * The learning-rate selection while it trains: every candidate rate's loss curve, thin, and the rate that is lowest
 * so far drawn bold, so a user sees rates diverge, stall or converge before the run picks one.
 */
export function rateCurvesOption(curves: Record<string, { step: number[]; loss: (number | null)[] }>): { option: EChartsCoreOption; best: number | null } {
  const rates = Object.keys(curves).map(Number).sort((a, b) => a - b);
  // The latest point; a rate whose curve ends in a gap has diverged and cannot lead.
  const latest = (rate: number) => {
    const last = curves[String(rate)].loss.at(-1);
    return last !== null && last !== undefined && Number.isFinite(last) ? last : Infinity;
  };
  const best = rates.length ? rates.reduce((a, b) => (latest(b) < latest(a) ? b : a)) : null;
  const series: LineSeries[] = rates.map((rate) => ({
    name: `lr ${rate.toExponential(1)}`,
    x: curves[String(rate)].step,
    y: curves[String(rate)].loss.map((v) => (v !== null && v > 0 ? v : null)),
    colour: rate === best ? 0 : 'neutral',
  }));
  const option = lineChartOption(series, { xName: 'step', yName: 'training loss (MSE)', yLog: true }) as Record<string, unknown>;
  const lines = option.series as { name: string; lineStyle: { width: number }; z: number }[];
  for (const line of lines) {
    const isBest = best !== null && line.name === `lr ${best.toExponential(1)}`;
    line.lineStyle = { ...line.lineStyle, width: isBest ? 2.5 : 1 };
    line.z = isBest ? 4 : 3;
  }
  // Sixteen entries would bury the plot; the caption names the leading rate instead.
  option.legend = { show: false };
  option.grid = { ...(option.grid as object), top: 16 };
  return { option, best: Number.isFinite(best ?? NaN) && best !== null && latest(best) < Infinity ? best : null };
}
