import { generateLinearRegressionData } from '@core/plasticity/linear-regression';
import { createRng } from '@core/random/rng';

/** A small seeded regression problem (D = 80, N = 8, c = 2) and its N(0, 1/D) start. */
export function fixtureFree() {
  const rng = createRng(21);
  const data = generateLinearRegressionData(rng, 80, 8, 2);
  const w0 = Float64Array.from({ length: 80 }, () => rng.normal() / Math.sqrt(80));
  return { data, w0 };
}
