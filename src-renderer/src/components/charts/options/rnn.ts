import type { EChartsCoreOption } from 'echarts/core';
import type { RnnSweepSummary } from '@core/rnn/sweep';
import { lineChartOption, wideRange, type LineSeries } from './lines';

const ruleNames: Record<string, string> = {
  bptt: 'BPTT', eprop: 'e-prop', 'eprop-random': 'e-prop (random B)', rflo: 'RFLO', 'rflo-symmetric': 'RFLO (sym.)', modprop: 'ModProp',
};
/** "e-prop", "e-prop + flossing (pre)", "e-prop + flossing (pre, local)". */
export function ruleLabel(rule: string, schedule = 'none', gradient?: string | null): string {
  const name = ruleNames[rule] ?? rule;
  if (schedule === 'none') return name;
  return `${name} + flossing (${schedule}${gradient === 'local' ? ', local' : ''})`;
}

const positive = (v: number | null | undefined) => (v !== null && v !== undefined && Number.isFinite(v) && v > 0 ? v : null);

/** Learning curves of every rule and schedule at one gain: mean over seeds with a min-max band, log loss axis. */
export function learningCurvesOption(summary: RnnSweepSummary, gain: number): EChartsCoreOption {
  const series: LineSeries[] = summary.cells
    .filter((cell) => cell.gain === gain && cell.learningCurve.mean.length > 0)
    .map((cell, i) => ({
      name: ruleLabel(cell.rule, cell.schedule, cell.gradient),
      x: cell.learningCurve.mean.map((_, k) => k),
      y: cell.learningCurve.mean.map(positive),
      band: { lo: cell.learningCurve.min.map(positive), hi: cell.learningCurve.max.map(positive) },
      colour: i,
    }));
  return lineChartOption(series, { xName: 'iteration', yName: 'training loss (mean, min–max)', yLog: wideRange(series.flatMap((s) => s.y)) });
}

/** Final held-out loss against gain, one line per rule and schedule, mean +- sd over seeds. */
export function finalLossVsGainOption(summary: RnnSweepSummary): EChartsCoreOption {
  const series: LineSeries[] = summary.finalLossVsGain.map((s, i) => ({
    name: ruleLabel(s.rule, s.schedule, s.gradient),
    x: s.gain,
    y: s.mean,
    band: { lo: s.mean.map((m, k) => (m === null || s.sd[k] === null ? null : m - (s.sd[k] as number))), hi: s.mean.map((m, k) => (m === null || s.sd[k] === null ? null : m + (s.sd[k] as number))) },
    points: true,
    colour: i,
  }));
  return lineChartOption(series, { xName: 'gain g', yName: 'final loss (mean ± s.d.)' });
}

/** True for summaries that hold lambda_max of both trajectory kinds (older stored sweeps have only before/after). */
export function hasLambdaKinds(summary: RnnSweepSummary): boolean {
  return typeof summary.drivenInputStd === 'number' && summary.lambdaVsGain.every((s) => Array.isArray(s.autonomousBefore) && Array.isArray(s.drivenBefore));
}

/** lambda_max against gain before or after training: autonomous solid, input-driven dashed, one colour per rule. */
export function lambdaKindsVsGainOption(summary: RnnSweepSummary, when: 'before' | 'after'): EChartsCoreOption {
  const series: LineSeries[] = summary.lambdaVsGain.flatMap((s, i) => [
    // One legend entry per rule (toggling both lines); the line style tells the trajectory kind.
    { name: ruleLabel(s.rule, s.schedule, s.gradient), x: s.gain, y: when === 'before' ? s.autonomousBefore : s.autonomousAfter, points: true, colour: i },
    { name: ruleLabel(s.rule, s.schedule, s.gradient), x: s.gain, y: when === 'before' ? s.drivenBefore : s.drivenAfter, dashed: true, points: true, colour: i },
  ]);
  return lineChartOption(series, { xName: 'gain g', yName: `λ_max ${when} training (per step)`, markers: [] });
}

/** lambda_max against gain (summaries of one kind only): before training dashed, after solid, one colour per rule. */
export function lambdaVsGainOption(summary: RnnSweepSummary): EChartsCoreOption {
  const series: LineSeries[] = summary.lambdaVsGain.flatMap((s, i) => [
    // One legend entry per rule (toggling both lines); the line style tells before from after.
    { name: ruleLabel(s.rule, s.schedule), x: s.gain, y: s.before, dashed: true, points: true, colour: i },
    { name: ruleLabel(s.rule, s.schedule), x: s.gain, y: s.after, points: true, colour: i },
  ]);
  return lineChartOption(series, { xName: 'gain g', yName: 'λ_max (per step)', markers: [] });
}

/** Success rate against gain with its 95 % Wilson interval as a band, one line per rule and flossing variant. Cells
 *  stored before success rates existed are left out (null). */
export function successVsGainOption(summary: RnnSweepSummary): EChartsCoreOption {
  const series: LineSeries[] = summary.finalLossVsGain.map((s, i) => {
    const cells = s.gain.map((g) => summary.cells.find((c) => c.gain === g && c.rule === s.rule && c.schedule === s.schedule && (c.gradient ?? null) === (s.gradient ?? null)));
    return {
      name: ruleLabel(s.rule, s.schedule, s.gradient),
      x: s.gain,
      y: cells.map((c) => (c?.success ? c.success.solved / c.success.n : null)),
      band: { lo: cells.map((c) => c?.intervals?.success.lo ?? null), hi: cells.map((c) => c?.intervals?.success.hi ?? null) },
      points: true,
      colour: i,
    };
  });
  return lineChartOption(series, { xName: 'gain g', yName: 'runs solved (95 % Wilson interval)' });
}

/** lambda_max measured during training against iteration. */
export function lambdaCurveOption(curve: { iteration: number[]; lambdaMax: (number | null)[] }): EChartsCoreOption {
  return lineChartOption([{ name: 'λ_max', x: curve.iteration, y: curve.lambdaMax, points: true }], { xName: 'iteration', yName: 'λ_max (per step)' });
}
