import { datasetColumnSchema, type DatasetColumnRef } from '@core/jobs/schemas';
import { ApiError } from '@core/contract/errors';
import type { DatasetsRepo } from '../db/datasets-repo';

/**
 * Before a job is planned, every data-set column reference in its config, `{ type: 'dataset', datasetId, column,
 * group? }`, becomes `{ type: 'values', values: Float64Array, datasetId, datasetName, column }` holding the stored
 * values (and the name, which the kind's describe() puts in the entry's name), so job
 * kinds stay pure and never read the database. The entry keeps the reference (not a copy of the values); the link to
 * the data set is recorded as provenance in entry_inputs, with the config path as its role.
 */

export interface ResolvedValues {
  type: 'values';
  values: Float64Array;
  datasetId: string;
  /** The data set's name when the job started, for the entry's name (sample-names.ts); the id stays the reference. */
  datasetName: string;
  column: string;
  group?: Record<string, string>;
  /** Present only when some values are left-censored (below-limit): 1 where the value is an upper bound. */
  censored?: Uint8Array;
}

export interface ResolvedConfig {
  config: unknown;
  inputs: { datasetId: string; role: string }[];
}

function isReference(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !ArrayBuffer.isView(value) && (value as { type?: unknown }).type === 'dataset';
}

/** One column reference -> its stored values (rows of one group when `group` is given); errors name `path`. */
export function resolveOne(datasets: DatasetsRepo, ref: DatasetColumnRef, path: string): ResolvedValues {
  const where = path || 'config';
  const content = datasets.content(ref.datasetId);
  if (!content) throw new ApiError({ code: 'not-found', message: `${where}: data set ${ref.datasetId} not found` });
  const column = content.columns.find((c) => c.name === ref.column);
  if (!column) {
    throw new ApiError({
      code: 'invalid-input',
      message: `${where}: data set ${ref.datasetId} has no value column "${ref.column}" (columns: ${content.columns.map((c) => `"${c.name}"`).join(', ')})`,
    });
  }
  let keep: ((i: number) => boolean) | null = null;
  if (ref.group && Object.keys(ref.group).length > 0) {
    const tests = Object.entries(ref.group).map(([name, label]) => {
      const group = content.groups.find((g) => g.column === name);
      if (!group) {
        throw new ApiError({ code: 'invalid-input', message: `${where}.group: data set ${ref.datasetId} has no group column "${name}" (groups: ${content.groups.map((g) => `"${g.column}"`).join(', ') || 'none'})` });
      }
      const code = group.levels.indexOf(label);
      if (code < 0) {
        throw new ApiError({ code: 'invalid-input', message: `${where}.group: "${name}" has no level "${label}" (levels: ${group.levels.map((l) => `"${l}"`).join(', ')})` });
      }
      return (i: number) => group.codes[i] === code;
    });
    keep = (i) => tests.every((t) => t(i));
  }
  const rows: number[] = [];
  for (let i = 0; i < column.values.length; i++) if (!keep || keep(i)) rows.push(i);
  const values = Float64Array.from(rows, (i) => column.values[i]);
  const censored = Uint8Array.from(rows, (i) => column.censored[i]);
  const datasetName = datasets.summary(ref.datasetId)?.name ?? ref.datasetId;
  const resolved: ResolvedValues = { type: 'values', values, datasetId: ref.datasetId, datasetName, column: ref.column };
  if (ref.group) resolved.group = ref.group;
  if (censored.some((c) => c === 1)) resolved.censored = censored;
  return resolved;
}

/** Returns a copy of `config` with every data-set reference resolved, and the data sets it used. */
export function resolveDatasets(datasets: DatasetsRepo, config: unknown): ResolvedConfig {
  const inputs: ResolvedConfig['inputs'] = [];
  const walk = (value: unknown, path: string): unknown => {
    if (isReference(value)) {
      const parsed = datasetColumnSchema.safeParse(value);
      if (!parsed.success) throw new ApiError({ code: 'invalid-input', message: `${path || 'config'}: not a valid data-set column reference` });
      inputs.push({ datasetId: parsed.data.datasetId, role: path || 'config' });
      return resolveOne(datasets, parsed.data, path);
    }
    if (ArrayBuffer.isView(value)) return value;
    if (Array.isArray(value)) return value.map((item, i) => walk(item, `${path}[${i}]`));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, path ? `${path}.${key}` : key)]));
    }
    return value;
  };
  return { config: walk(config, ''), inputs };
}
