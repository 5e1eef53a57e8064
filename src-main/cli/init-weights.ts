import type { DatasetColumnRef } from '@core/jobs/schemas';
import type { DatasetsRepo } from '../db/datasets-repo';
import { resolveOne } from '../jobs/resolve-datasets';
import { CliError } from './io';
import { readColumn } from './read-column';

/**
 * `simulate md --init-from FILE | --init-dataset ID [--init-column COL]`: the simulation starts from measured
 * values, one per weight, used exactly (order and signs kept; see src-core/jobs/kinds/md-init.ts for why they are
 * never resampled). A file column is read like `fit FILE --column` (read-column.ts) and sent as given values; an
 * imported data set is sent as a column reference, so the job resolves it the way every data-set reference is
 * resolved and the history records the data set as the run's input. Either way the CLI knows the number of values
 * beforehand, so D defaults to it and a different --dim is refused here with both sizes.
 */

type Values = Record<string, string | boolean | undefined>;

export const initOptions = {
  'init-from': { type: 'string' },
  'init-dataset': { type: 'string' },
  'init-column': { type: 'string' },
  'drop-invalid': { type: 'boolean', default: false },
} as const;

export type InitArg = { from: 'file'; path: string; column?: string; dropInvalid: boolean } | { from: 'dataset'; datasetId: string; column?: string } | null;

export interface InitWeights {
  /** The config's `init`. */
  spec: { kind: 'given'; values: Float64Array<ArrayBuffer> } | { kind: 'dataset'; source: DatasetColumnRef };
  count: number;
  /** How messages and the entry name call the source: `column "size" of spines.csv`. */
  label: string;
  notes: string[];
}

/** Checks the init options (no file or database read yet). */
export function initArg(values: Values): InitArg {
  const file = values['init-from'] as string | undefined;
  const dataset = values['init-dataset'] as string | undefined;
  const column = values['init-column'] as string | undefined;
  if (file !== undefined && dataset !== undefined) throw new CliError('--init-from FILE and --init-dataset ID are alternatives: give one', 2);
  if (file === undefined && dataset === undefined) {
    if (column !== undefined) throw new CliError('--init-column applies to --init-from FILE or --init-dataset ID', 2);
    if (values['drop-invalid']) throw new CliError('--drop-invalid applies to --init-from FILE', 2);
    return null;
  }
  if (dataset !== undefined) {
    if (values['drop-invalid']) throw new CliError('--drop-invalid applies to --init-from FILE (an imported data set was checked on import)', 2);
    return { from: 'dataset', datasetId: dataset, column };
  }
  return { from: 'file', path: file as string, column, dropInvalid: values['drop-invalid'] === true };
}

/** Reads a file column now (no database needed); a data set waits for the history (loadDatasetInit). */
export async function loadFileInit(arg: Extract<InitArg, { from: 'file' }>): Promise<InitWeights> {
  const col = await readColumn(arg.path, {
    column: arg.column, dropInvalid: arg.dropInvalid, columnOption: '--init-column',
    belowLimitHint: 'a detection limit is a bound, not a size: initial weights need measured values',
  });
  return { spec: { kind: 'given', values: col.values }, count: col.values.length, label: `column "${col.column}" of ${col.file}`, notes: col.notes };
}

/** A data-set column as a reference; its values are read once here only to count them (D's default). */
export function loadDatasetInit(arg: Extract<InitArg, { from: 'dataset' }>, datasets: DatasetsRepo): InitWeights {
  let column = arg.column;
  if (column === undefined) {
    const content = datasets.content(arg.datasetId);
    if (!content) throw new CliError(`data set ${arg.datasetId} not found (list them with: history list --kind dataset)`, 2);
    if (content.columns.length !== 1) {
      throw new CliError(`data set ${arg.datasetId} has ${content.columns.length} value columns (${content.columns.map((c) => `"${c.name}"`).join(', ')}); choose one with --init-column COL`, 2);
    }
    column = content.columns[0].name;
  }
  const source: DatasetColumnRef = { type: 'dataset', datasetId: arg.datasetId, column };
  const count = resolveOne(datasets, source, 'init.source').values.length;
  return { spec: { kind: 'dataset', source }, count, label: `data set ${arg.datasetId} column "${column}"`, notes: [] };
}

/** One value per weight: the model's size (`what` = the options that set it) must equal the number of values. */
export function checkInitSize(init: InitWeights, weights: number, what: string): void {
  if (init.count !== weights) {
    throw new CliError(`initial weights: ${init.label} has ${init.count} values but ${what} gives ${weights} weights; one value per weight is used exactly, so they must be equal`, 2);
  }
}
