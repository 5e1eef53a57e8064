/**
 * How a job's inputs read in the name of its history entry, as the CLI names its entries (`Fit of "amplitude" in
 * epsp.csv`): a data-set column is `"amplitude (mV)" in EPSPs (area = V1)` (main's resolver adds the data set's name,
 * src-main/jobs/resolve-datasets.ts), numbers given inline are counted. One home for the wording, used by every kind
 * that reads measured values and by the interface when it names a job itself (a stored simulation as a sample).
 */

/** A sample as a job config holds it: numbers, a data-set reference, or the values main resolved it into. */
interface NamedSource {
  values?: ArrayLike<number>;
  datasetId?: unknown;
  /** Added by main's resolver: the data set's name as the user sees it. */
  datasetName?: unknown;
  column?: unknown;
  group?: Record<string, string>;
}

/** "(area = V1, animal = m3)" for a group selection, '' for all rows. */
export function groupText(group: Record<string, string> | undefined): string {
  const parts = Object.entries(group ?? {}).map(([k, v]) => `${k} = ${v}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

export function describeSample(source: unknown): string {
  if (ArrayBuffer.isView(source) || Array.isArray(source)) return `${(source as ArrayLike<number>).length} values`;
  const s = (source ?? {}) as NamedSource;
  if (typeof s.column === 'string') {
    const where = typeof s.datasetName === 'string' && s.datasetName ? ` in ${s.datasetName}` : '';
    return `"${s.column}"${where}${groupText(s.group)}`;
  }
  return s.values ? `${s.values.length} values` : 'a sample';
}

/**
 * Two columns of one data set read as `signed-pairs ("before" → "after")`; from different places each names its own:
 * `"before" in A → "after" in B`.
 */
export function describePair(before: unknown, after: unknown): string {
  const b = (before ?? {}) as NamedSource;
  const a = (after ?? {}) as NamedSource;
  const sameSet = typeof b.column === 'string' && typeof a.column === 'string' && typeof b.datasetName === 'string' && b.datasetName
    && b.datasetName === a.datasetName && b.datasetId === a.datasetId && groupText(b.group) === groupText(a.group);
  if (sameSet) return `${b.datasetName as string}${groupText(b.group)} ("${b.column as string}" → "${a.column as string}")`;
  return `${describeSample(before)} → ${describeSample(after)}`;
}

/** "log-normal, gamma, Weibull", or the first three and how many more. */
export function listShort(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

/** A comparison's name from its two samples as described above (or as the interface names a stored simulation). */
export function describeComparison(a: string, b: string, scale: string | undefined): string {
  const scaled = scale === 'median' ? ', scaled by the median' : scale === 'wasserstein-log' ? ', scaled by the Wasserstein match of logs' : '';
  return `Two-sample comparison (${a} vs ${b}${scaled})`;
}
