/**
 * All plot series of the fit page in one call: histogram (linear or log bins) with each fitted density, the
 * empirical cdf with each fitted cdf, and QQ and PP points with the Kolmogorov band per model. Plain data, every
 * series thinned to `maxPoints`, ready to cross the worker/IPC boundary.
 */
import { z } from 'zod';
import { densityCurve, ecdfData, type DensityCurve, type EcdfData } from './curves';
import type { FittedDistribution } from './fitted';
import { histogram, type HistogramData } from './histogram';
import { ppPlot, qqPlot, type ProbabilityPlotData } from './probability-plots';
import { MAX_PLOT_POINTS } from './thin';

export const PlotOptionsSchema = z.object({
  scale: z.enum(['linear', 'log']).default('linear'),
  /** Bin count; default Freedman-Diaconis (numpy 'fd'). */
  bins: z.number().int().min(1).max(10_000).optional(),
  maxPoints: z.number().int().min(10).max(20_000).default(MAX_PLOT_POINTS),
  /** 1 - confidence of the simultaneous QQ/PP band. */
  bandAlpha: z.number().gt(0).lt(0.5).default(0.05),
});
export type PlotOptions = z.input<typeof PlotOptionsSchema>;

export interface FitPlotData {
  histogram: HistogramData;
  densities: DensityCurve[];
  ecdf: EcdfData;
  qq: ProbabilityPlotData[];
  pp: ProbabilityPlotData[];
}

export function fitPlotData(data: ArrayLike<number>, models: FittedDistribution[], options: PlotOptions = {}): FitPlotData {
  const o = PlotOptionsSchema.parse(options);
  const hist = histogram(data, { scale: o.scale, bins: o.bins });
  const band = { alpha: o.bandAlpha, maxPoints: o.maxPoints };
  return {
    histogram: hist,
    densities: models.map((m) => densityCurve(hist, m, 8, o.maxPoints)),
    ecdf: ecdfData(data, models, o.maxPoints),
    qq: models.map((m) => qqPlot(data, m, band)),
    pp: models.map((m) => ppPlot(data, m, band)),
  };
}
