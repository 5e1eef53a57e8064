import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The numpy/scipy reference values written by tests/fixtures/plasticity/generate_fixtures.py. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const reference: any = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../fixtures/plasticity/plasticity-reference.json', import.meta.url)), 'utf8'),
);

export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>, floor = 1e-300): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), floor));
  }
  return worst;
}
