/** Plot data for the fit and compare pages: plain, thinned series (see each file for definitions). */
export { fitPlotData, PlotOptionsSchema, type FitPlotData, type PlotOptions } from './fit-plots';
export { histogram, binEdges, fdBinCount, type HistogramData, type HistogramOptions, type BinScale } from './histogram';
export { densityCurve, ecdfData, type DensityCurve, type EcdfData } from './curves';
export { qqPlot, ppPlot, type ProbabilityPlotData, type BandOptions } from './probability-plots';
export { fittedFamily, type FittedDistribution } from './fitted';
export { thinIndices, MAX_PLOT_POINTS } from './thin';
