import type { PlasticityApi } from '@core/contract/api';
import type { StartJobInput } from '@core/jobs/schemas';
import type { LinearRegressionRunResult } from '@core/plasticity/linear-regression-run';
import type { WidthSweepCurve } from '@core/plasticity/width-sweep';
import type { PotentialSpec } from '@core/plasticity/potentials';
import type { LrCurvePoints } from '@core/plasticity/lr-selection';
import type { TwoLayerResult } from '@core/plasticity/two-layer';
import type { RnnGeometryResult } from '@core/rnn/mirror-experiment';
import { perApi, useLabApi } from '../api/provide';
import { createJobRun, type JobRun } from './useJobRun';
import { rememberedForm } from './useRemembered';
import { useDatasetsFor } from './useDatasets';
import { DEFAULT_RNN_GEOMETRY_FORM, readRnnGeometryResult, rnnGeometryConfig, type RnnGeometryForm } from './rnn-geometry';

export type PotentialKind = PotentialSpec['kind'];

/**
 * A single mirror-descent run: the paper's linear regression, or the two-layer teacher-student network and the RNN on
 * row-wise digits that stand in for its deep-network experiments. Potential and seed are shared (initial weights by
 * the two feed-forward tasks); each task keeps its own sizes.
 */
export interface GeometryRunForm {
  task: 'linear-regression' | 'two-layer' | 'rnn';
  dim: number;
  potential: PotentialKind;
  /** p of the p-norm potential; beta of the hyperbolic entropy. */
  p: number;
  beta: number;
  steps: number;
  samplesExponent: number;
  correlation: number;
  /** s in C_ij = (-1)^|i-j| / (1 + (|i-j| / s)^c): how far apart inputs stay correlated (1 in the paper's figures). */
  correlationScale: number;
  /** 'dataset': one measured value per synapse, used exactly; D is then the column's number of values. */
  init: 'normal' | 'lognormal' | 'dataset';
  initDatasetId: string;
  initColumn: string;
  seed: number;
  twoLayer: TwoLayerForm;
  rnn: RnnGeometryForm;
}

/** The two-layer network's own sizes (src-core/plasticity/two-layer.ts): D inputs, H hidden units, K teacher units. */
export interface TwoLayerForm {
  inputDim: number;
  hidden: number;
  teacherHidden: number;
  samples: number;
  steps: number;
  /** Learning rates tried, log-spaced in [1e-4, 1]; the lowest final loss wins. */
  lrGrid: number;
}

/** The width sweep: dCDF against D for each true potential. */
export interface WidthSweepForm {
  minDim: number;
  maxDim: number;
  widths: number;
  seeds: number;
  truePotentials: ('negative-entropy' | 'euclidean' | 'p=3')[];
  baseSeed: number;
  /** Input correlation exponent c and scale s, as in the single run. */
  correlation: number;
  correlationScale: number;
}

export function potentialSpec(kind: PotentialKind, p: number, beta: number): PotentialSpec {
  if (kind === 'p-norm') return { kind, p };
  if (kind === 'hyperbolic-entropy') return { kind, beta };
  return { kind };
}

export const sweepPotentials: Record<WidthSweepForm['truePotentials'][number], PotentialSpec> = {
  'negative-entropy': { kind: 'negative-entropy' },
  euclidean: { kind: 'euclidean' },
  'p=3': { kind: 'p-norm', p: 3 },
};

export function runConfig(form: GeometryRunForm) {
  return {
    dim: form.dim,
    samplesExponent: form.samplesExponent,
    correlation: form.correlation,
    correlationScale: form.correlationScale,
    potential: potentialSpec(form.potential, form.p, form.beta),
    seed: form.seed,
    steps: form.steps,
    init: initConfig(form),
  };
}

export function twoLayerConfig(form: GeometryRunForm) {
  const t = form.twoLayer;
  return {
    inputDim: t.inputDim,
    hidden: t.hidden,
    teacherHidden: t.teacherHidden,
    samples: t.samples,
    steps: t.steps,
    lrGrid: t.lrGrid,
    potential: potentialSpec(form.potential, form.p, form.beta),
    seed: form.seed,
    init: initConfig(form),
  };
}

/** The config's initial weights; a data-set column goes as a reference, which main resolves and records as input. */
function initConfig(form: GeometryRunForm) {
  if (form.init === 'dataset') {
    return { kind: 'dataset' as const, source: { type: 'dataset' as const, datasetId: form.initDatasetId, column: form.initColumn } };
  }
  return form.init === 'normal' ? { kind: 'normal' as const, mean: 0 } : { kind: 'lognormal' as const };
}

export function sweepConfig(form: WidthSweepForm) {
  return {
    minDim: form.minDim,
    maxDim: form.maxDim,
    widths: form.widths,
    seeds: form.seeds,
    baseSeed: form.baseSeed,
    truePotentials: form.truePotentials.map((name) => sweepPotentials[name]),
    correlations: [form.correlation],
    correlationScale: form.correlationScale,
  };
}

export function readRunResult(value: unknown): LinearRegressionRunResult | null {
  const r = value as Partial<LinearRegressionRunResult> | null;
  if (!r || !Array.isArray(r.scores) || !r.weightsBefore || !r.weightsAfter || typeof r.best !== 'string') return null;
  return r as LinearRegressionRunResult;
}

export function readTwoLayerResult(value: unknown): TwoLayerResult | null {
  const r = value as Partial<TwoLayerResult> | null;
  const layer = r?.firstLayer;
  if (!r || !Array.isArray(r.scores) || typeof r.best !== 'string' || !r.lossCurve || !layer?.before || !layer.after || !layer.dualBefore || !layer.dualAfter) return null;
  return r as TwoLayerResult;
}

/** The sweep's curves, whether the job returns them bare or as `{ curves }`. */
export function readSweepResult(value: unknown): WidthSweepCurve[] | null {
  const curves = Array.isArray(value) ? value : (value as { curves?: unknown } | null)?.curves;
  if (!Array.isArray(curves) || !curves.every((c) => c && Array.isArray(c.dims) && Array.isArray(c.hypotheses))) return null;
  return curves as WidthSweepCurve[];
}

/**
 * The learning-rate selection as it trains: one loss curve per candidate rate of the current selection round (a later
 * round, with more steps, starts every curve again). Keys are the rates.
 */
export interface LiveRateCurves {
  round: number;
  curves: Record<string, { step: number[]; loss: (number | null)[] }>;
}

/** Folds one `LrCurvePoints` partial (from either worker's shard) into the curves streamed so far. */
export function foldRateCurves(so: LiveRateCurves | null, partial: unknown): LiveRateCurves | null {
  const p = partial as Partial<LrCurvePoints> | null;
  if (!p || typeof p.round !== 'number' || !Array.isArray(p.rates) || !Array.isArray(p.step) || !Array.isArray(p.loss)) return so;
  if (so && p.round < so.round) return so;
  const curves = so && so.round === p.round ? { ...so.curves } : {};
  p.rates.forEach((rate, k) => {
    const key = String(rate);
    const old = curves[key] ?? { step: [], loss: [] };
    curves[key] = { step: [...old.step, ...p.step!], loss: [...old.loss, ...(p.loss![k] ?? [])] };
  });
  return { round: p.round, curves };
}

export interface GeometryState {
  runForm: GeometryRunForm;
  sweepForm: WidthSweepForm;
  run: JobRun<LinearRegressionRunResult, LiveRateCurves>;
  twoLayer: JobRun<TwoLayerResult>;
  rnn: JobRun<RnnGeometryResult>;
  sweep: JobRun<WidthSweepCurve[]>;
  startRun(): Promise<void>;
  startSweep(): Promise<void>;
  /** The width sweep the form describes, as a job (to run here or send to a cluster). */
  sweepJob(): StartJobInput;
}

function createGeometry(api: PlasticityApi): GeometryState {
  // Small defaults: a first run finishes in seconds on a laptop; the paper's sizes are a few fields away.
  const runForm = rememberedForm<GeometryRunForm>('geometry-run', {
    dim: 300, potential: 'negative-entropy', p: 3, beta: 0.1, steps: 100, samplesExponent: 0.5, correlation: 2, correlationScale: 1, init: 'normal',
    initDatasetId: '', initColumn: '', seed: 1, task: 'linear-regression',
    // The core's defaults: about a second for its nine learning rates.
    twoLayer: { inputDim: 100, hidden: 64, teacherHidden: 4, samples: 40, steps: 300, lrGrid: 9 },
    rnn: { ...DEFAULT_RNN_GEOMETRY_FORM },
  });
  const datasets = useDatasetsFor(api);
  const sweepForm = rememberedForm<WidthSweepForm>('width-sweep', { minDim: 50, maxDim: 400, widths: 4, seeds: 3, truePotentials: ['negative-entropy', 'euclidean'], baseSeed: 0, correlation: 2, correlationScale: 1 });
  const run = createJobRun<LinearRegressionRunResult, LiveRateCurves>(api, { readResult: readRunResult, foldPartial: foldRateCurves });
  const twoLayer = createJobRun<TwoLayerResult>(api, { readResult: readTwoLayerResult });
  const rnn = createJobRun<RnnGeometryResult>(api, { readResult: readRnnGeometryResult });
  const sweep = createJobRun<WidthSweepCurve[]>(api, { readResult: readSweepResult });
  const sweepJob = (): StartJobInput => ({ kind: 'md-width-sweep', config: sweepConfig(sweepForm), seed: sweepForm.baseSeed });
  return {
    runForm,
    sweepForm,
    run,
    twoLayer,
    rnn,
    sweep,
    startRun: () => {
      const potential = potentialSpec(runForm.potential, runForm.p, runForm.beta);
      if (runForm.task === 'rnn') return rnn.start({ kind: 'md-rnn', config: rnnGeometryConfig(runForm.rnn, potential, runForm.seed), seed: runForm.seed });
      if (runForm.init === 'dataset') datasets.touch(runForm.initDatasetId);
      if (runForm.task === 'two-layer') return twoLayer.start({ kind: 'md-two-layer', config: twoLayerConfig(runForm), seed: runForm.seed });
      return run.start({ kind: 'md-linear-regression', config: runConfig(runForm), seed: runForm.seed });
    },
    startSweep: () => sweep.start(sweepJob()),
    sweepJob,
  };
}

const storeFor = perApi(createGeometry);
export const useGeometryFor = storeFor;

/** The Geometry tab's runs; kept per app so leaving the page keeps the last results. */
export function useGeometry(): GeometryState {
  return storeFor(useLabApi());
}
