import type { Component } from 'vue';
import type { EntryDetail } from '@core/contract/entries';
import { readRunResult, readSweepResult as readWidthSweep, readTwoLayerResult } from '../../composables/useGeometry';
import { readIdentificationResult } from '../../composables/useIdentification';
import { readRnnGeometryResult } from '../../composables/rnn-geometry';
import { readTrainResult, readSweepResult as readRnnSweep } from '../../composables/useRnn';
import { readFitResult } from '../../composables/useFitData';
import { readCompareResult } from '../../composables/useCompare';
import { readGeometryTest } from '../../composables/useGeometryTest';
import { readFinalFit } from '../../composables/useFinalFit';
import { isBootstrapResult } from '../../composables/useBootstrapFit';
import GeometryRunResult from '../simulate/GeometryRunResult.vue';
import WidthSweepResult from '../simulate/WidthSweepResult.vue';
import TwoLayerRunResult from '../simulate/TwoLayerRunResult.vue';
import RnnGeometryResult from '../simulate/RnnGeometryResult.vue';
import IdentificationResult from '../simulate/IdentificationResult.vue';
import GeometryTestResult from '../simulate/GeometryTestResult.vue';
import FinalFitResult from '../simulate/FinalFitResult.vue';
import RnnTrainResult from '../simulate/RnnTrainResult.vue';
import RnnSweepResult from '../simulate/RnnSweepResult.vue';
import FitDataResult from '../fit/FitDataResult.vue';
import BootstrapResult from '../fit/BootstrapResult.vue';
import CompareResult from '../compare/CompareResult.vue';
import { partialOf } from '../../lib/format';

/** The component that shows an entry's result, with its props: the same one the page that ran it uses. */
export interface ResultView {
  component: Component;
  props: Record<string, unknown>;
}

type ViewFor = (entry: EntryDetail) => ResultView | null;

/** A view when the stored result passes the page's own check, else null (shown as raw figures instead). */
function view<R>(read: (value: unknown) => R | null, component: Component, props: (result: R, entry: EntryDetail) => Record<string, unknown>): ViewFor {
  return (entry) => {
    const result = read(entry.result);
    return result === null ? null : { component, props: props(result, entry) };
  };
}

/** A compare source's numbers when they were given inline (data-set columns are not in the config). */
function inlineValues(config: unknown, side: 'a' | 'b'): number[] | null {
  const source = (config as Record<string, { type?: string; values?: ArrayLike<number> } | undefined> | null)?.[side];
  return source?.type === 'values' && source.values ? Array.from(source.values) : null;
}

const views: Record<string, ViewFor> = {
  'md-linear-regression': view(readRunResult, GeometryRunResult, (result, e) => ({ result, seed: e.seed })),
  'md-width-sweep': view(readWidthSweep, WidthSweepResult, (curves, e) => ({ curves, partial: partialOf(e.result) })),
  'md-two-layer': view(readTwoLayerResult, TwoLayerRunResult, (result, e) => ({ result, seed: e.seed, config: e.config })),
  'md-rnn': view(readRnnGeometryResult, RnnGeometryResult, (result, e) => ({ result, seed: e.seed })),
  'md-identification': view(readIdentificationResult, IdentificationResult, (result, e) => ({ result, synapses: (e.config as { synapses?: number } | null)?.synapses ?? null })),
  'geometry-test': view(readGeometryTest, GeometryTestResult, (result) => ({ result })),
  // The config keeps the data-set reference (or the numbers), which the view re-reads for its histogram.
  'md-final-fit': view(readFinalFit, FinalFitResult, (result, e) => ({ result, sample: (e.config as { sample?: unknown } | null)?.sample ?? null })),
  'rnn-train': view(readTrainResult, RnnTrainResult, (result) => ({ result })),
  'rnn-sweep': view(readRnnSweep, RnnSweepResult, (summary) => ({ summary })),
  fit: view(readFitResult, FitDataResult, (result, e) => ({ result, seed: e.seed, source: (e.config as { source?: unknown } | null)?.source })),
  'lognormal-bootstrap': view((v) => (isBootstrapResult(v) ? v : null), BootstrapResult, (result, e) => ({ result, seed: e.seed })),
  compare: view(readCompareResult, CompareResult, (result, e) => ({
    result, a: inlineValues(e.config, 'a'), b: inlineValues(e.config, 'b'), names: ['simulated', 'measured'],
    valueSource: (e.config as { b?: unknown } | null)?.b,
  })),
};

export function resultViewFor(entry: EntryDetail): ResultView | null {
  if (entry.result === null || entry.result === undefined || !entry.jobKind) return null;
  return views[entry.jobKind]?.(entry) ?? null;
}

/** Scalar fields of a result without a dedicated view, as (path, value) rows; arrays summarised by their length. */
export function resultFigures(result: unknown, prefix = '', out: [string, string | number][] = [], depth = 0): [string, string | number][] {
  if (out.length >= 60) return out;
  if (typeof result === 'number' || typeof result === 'string') out.push([prefix || 'value', result]);
  else if (typeof result === 'boolean') out.push([prefix || 'value', String(result)]);
  else if (ArrayBuffer.isView(result) || Array.isArray(result)) out.push([prefix || 'value', `${(result as ArrayLike<unknown>).length} values`]);
  else if (result && typeof result === 'object' && depth < 3) {
    for (const [key, value] of Object.entries(result)) resultFigures(value, prefix ? `${prefix}.${key}` : key, out, depth + 1);
  }
  return out;
}
