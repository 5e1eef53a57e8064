import { z } from 'zod';
import { ApiError } from '../../contract/errors';
import { initialWeightsSchema, type InitialWeightsSpec } from '../../plasticity/initial-weights';
import { weightValues, type SharedSchemas, type WeightSource } from './geometry-schema';
import { describeSample } from './sample-names';

/*
 * Initial weights of the md-* simulations as a job takes them: the core's options (normal, log-normal, given
 * values) plus a column of an imported data set, `{ kind: 'dataset', source: { type: 'dataset', datasetId, column,
 * group? } }`. Main resolves the source like every data-set reference (src-main/jobs/resolve-datasets.ts: the entry
 * keeps the reference, entry_inputs records the data set with role "init.source"); the job then hands the core
 * `{ kind: 'given', values }`.
 *
 * Size rule: one measured synapse per weight. The values are used exactly as w_init, in the data set's row order,
 * with their signs (measured sizes are positive, and negative entropy never changes a sign): never resampled,
 * rescaled or truncated, because a scientist asking "what does learning do to MY synapses" expects exactly those.
 * So the model's number of weights (D; hidden x inputDim for the two-layer network) must equal the number of
 * values: the CLI and the interface take D from the column, and a mismatch is refused before the job starts, naming
 * the data set, the column and both sizes. Values below a detection limit (stored as the limit) are refused too:
 * they are bounds, not sizes.
 */

export function datasetInitSchema(shared: SharedSchemas) {
  return z.object({
    kind: z.literal('dataset'),
    /** A data-set column reference, or what main resolves it into. */
    source: z.union([shared.datasetColumnSchema, z.object({ type: z.literal('values'), values: shared.numericArraySchema }).passthrough()]),
  });
}

/** The core's initial weights or a data-set column; defaults to the paper's N(0, 1/D). */
export function mdInitSchema(shared: SharedSchemas) {
  return z.discriminatedUnion('kind', [...initialWeightsSchema.options, datasetInitSchema(shared)]).default({ kind: 'normal', mean: 0 });
}

export type MdInit = z.output<ReturnType<typeof mdInitSchema>>;

/** How a data-set source reads in messages: `data set <id> column "size" (group area = V1)`. */
function sourceLabel(source: WeightSource): string {
  if (ArrayBuffer.isView(source) || Array.isArray(source)) return describeSample(source);
  const { datasetId, column, group } = source as { datasetId?: unknown; column?: unknown; group?: Record<string, string> };
  const groups = group && Object.keys(group).length > 0 ? ` (group ${Object.entries(group).map(([k, v]) => `${k} = ${v}`).join(', ')})` : '';
  return `data set ${String(datasetId ?? '?')} column "${String(column ?? '?')}"${groups}`;
}

/**
 * The core's initial weights for a model of `weights` weights (`what` says how the model counts them, for the
 * message). A resolved data-set column becomes `{ kind: 'given', values }` after the size and censoring checks.
 */
export function coreInit(init: MdInit, weights: number, what: string): InitialWeightsSpec {
  if (init.kind !== 'dataset') return init;
  const source = init.source as WeightSource;
  const values = weightValues(source, 'init.source');
  const label = sourceLabel(source);
  const refuse = (message: string) => new ApiError({ code: 'invalid-input', message, issues: [{ path: 'config.init', message }] });
  const censored = (source as { censored?: ArrayLike<number> }).censored;
  let below = 0;
  if (censored) for (let i = 0; i < censored.length; i++) below += censored[i] === 1 ? 1 : 0;
  if (below > 0) throw refuse(`initial weights: ${label} has ${below} value(s) below a detection limit; initial weights must be measured sizes, not bounds`);
  if (values.length !== weights) {
    throw refuse(`initial weights: ${label} has ${values.length} values but the model has ${what} = ${weights} weights; one value per weight is used exactly, so they must be equal`);
  }
  return { kind: 'given', values: Float64Array.from(values) };
}

/** How data-set initial weights read in an entry's name ('' otherwise, so existing names stay as they were). */
export function describeInit(init: MdInit | undefined): string {
  return init?.kind === 'dataset' ? `, w_init ${describeSample(init.source)}` : '';
}
