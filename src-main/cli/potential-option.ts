import type { PotentialSpec } from '@core/plasticity/potentials';
import { CliError } from './io';
import { numberArg } from './options';

type Values = Record<string, string | boolean | undefined>;

/**
 * --potential negative-entropy|euclidean|p-norm [--p 3]: the geometry of a mirror-descent run (simulate md, rnn
 * train). Without --potential: an error when it is required, else null.
 */
export function potentialOption(values: Values, required: boolean): PotentialSpec | null {
  const name = values.potential;
  if (name === undefined) {
    if (values.p !== undefined) throw new CliError('--p applies to --potential p-norm', 2);
    if (required) throw new CliError('--potential is required (negative-entropy, euclidean or p-norm)', 2);
    return null;
  }
  if (name !== 'p-norm' && values.p !== undefined) throw new CliError(`--p applies to --potential p-norm, not to ${String(name)}`, 2);
  switch (name) {
    case 'negative-entropy':
      return { kind: 'negative-entropy' };
    case 'euclidean':
      return { kind: 'euclidean' };
    case 'p-norm':
      return { kind: 'p-norm', p: numberArg(values, 'p', 3, { min: 1.000001, max: 20 }) as number };
    default:
      throw new CliError(`unknown --potential "${String(name)}" (expected negative-entropy, euclidean or p-norm)`, 2);
  }
}
