/**
 * Input checks before fitting. Every problem becomes a SampleError whose message names the problem and how many
 * values have it (never a NaN result further down). With dropInvalid, values that cannot be used (NaN, infinite,
 * zero/negative for a positive-only family) are removed and counted instead; problems of the sample as a whole
 * (empty, fewer than 3 values, all equal) always throw.
 */
import type { Family, FamilyName } from '../family';
import { getFamily } from '../families/index';

export type SampleProblem = 'nan' | 'infinite' | 'empty' | 'too-few' | 'all-equal' | 'non-positive' | 'below-limit';

export class SampleError extends Error {
  readonly problem: SampleProblem;
  readonly count: number;
  constructor(problem: SampleProblem, count: number, message: string) {
    super(message);
    this.name = 'SampleError';
    this.problem = problem;
    this.count = count;
  }
}

export const MIN_SAMPLE_SIZE = 3;

export interface ValidateOptions {
  /** Remove NaN, infinite and (for positive-only families) non-positive values instead of refusing the sample. */
  dropInvalid?: boolean;
}

export interface ValidatedSample {
  values: Float64Array;
  /** How many values of each kind were removed (all zero unless dropInvalid). */
  dropped: { nan: number; infinite: number; nonPositive: number; total: number };
  /** Human-readable notes about what was dropped, empty when nothing was. */
  warnings: string[];
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function resolve(families: Family | FamilyName | readonly (Family | FamilyName)[]): Family[] {
  const list = Array.isArray(families) ? families : [families as Family | FamilyName];
  return list.map((f) => (typeof f === 'string' ? getFamily(f) : f));
}

/**
 * Checks `values` for fitting by `families` (one or several; positive values are required if any of them is
 * positive-only, so that all fits see the same data). Returns a clean Float64Array (a copy when anything was
 * dropped) or throws a SampleError.
 */
export function validateSample(
  values: ArrayLike<number>,
  families: Family | FamilyName | readonly (Family | FamilyName)[],
  options: ValidateOptions = {},
): ValidatedSample {
  const fams = resolve(families);
  const positive = fams.filter((f) => f.positiveOnly);
  const n = values.length;
  if (n === 0) throw new SampleError('empty', 0, 'the sample is empty: no values to fit');
  let nan = 0;
  let infinite = 0;
  let nonPositive = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (Number.isNaN(x)) nan++;
    else if (!Number.isFinite(x)) infinite++;
    else if (positive.length > 0 && x <= 0) nonPositive++;
  }
  const positiveNames = positive.map((f) => f.name).join(', ');
  if (!options.dropInvalid) {
    if (nan > 0) throw new SampleError('nan', nan, `${plural(nan, 'value is', 'values are')} NaN (missing or not a number)`);
    if (infinite > 0) throw new SampleError('infinite', infinite, `${plural(infinite, 'value is', 'values are')} infinite`);
    if (nonPositive > 0) {
      throw new SampleError(
        'non-positive',
        nonPositive,
        `${plural(nonPositive, 'value is', 'values are')} zero or negative, but ${positiveNames} need${positive.length === 1 ? 's' : ''} positive values`,
      );
    }
  }
  const total = nan + infinite + nonPositive;
  let clean: Float64Array;
  if (total === 0) {
    clean = values instanceof Float64Array ? values : Float64Array.from(values);
  } else {
    clean = new Float64Array(n - total);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (Number.isFinite(x) && !(positive.length > 0 && x <= 0)) clean[k++] = x;
    }
  }
  const m = clean.length;
  if (m === 0) throw new SampleError('empty', 0, `no usable values: all ${n} were dropped (${describeDropped(nan, infinite, nonPositive)})`);
  if (m < MIN_SAMPLE_SIZE) {
    throw new SampleError('too-few', m, `only ${plural(m, 'usable value', 'usable values')}; at least ${MIN_SAMPLE_SIZE} are needed to fit`);
  }
  let allEqual = true;
  for (let i = 1; i < m && allEqual; i++) if (clean[i] !== clean[0]) allEqual = false;
  if (allEqual) throw new SampleError('all-equal', m, `all ${m} values are equal (${clean[0]}): no spread to fit a distribution to`);
  const warnings = total > 0 ? [`dropped ${plural(total, 'value', 'values')}: ${describeDropped(nan, infinite, nonPositive)}`] : [];
  return { values: clean, dropped: { nan, infinite, nonPositive, total }, warnings };
}

function describeDropped(nan: number, infinite: number, nonPositive: number): string {
  const parts: string[] = [];
  if (nan) parts.push(`${nan} NaN`);
  if (infinite) parts.push(`${infinite} infinite`);
  if (nonPositive) parts.push(`${nonPositive} zero or negative`);
  return parts.join(', ');
}
