/**
 * Initial weights for the simulations: the paper's N(0, 1/D), a normal or log-normal of chosen mean and spread (the
 * log-normal with a random or fixed sign, as in the authors' robustness experiments), or a user's own values.
 */
import { z } from 'zod';
import type { Rng } from '../random/rng';

function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

export const initialWeightsSchema = z.discriminatedUnion('kind', [
  /** N(mean, sd^2); sd defaults to 1/sqrt(D) (the paper's init). */
  z.object({ kind: z.literal('normal'), mean: z.number().finite().default(0), sd: z.number().positive().finite().optional() }),
  /**
   * |w| log-normal with the given mean and standard deviation of |w| (both default 1/sqrt(D), as the authors'
   * lognormal_init); sign random (+-1 with probability 1/2) or fixed.
   */
  z.object({
    kind: z.literal('lognormal'),
    mean: z.number().positive().finite().optional(),
    sd: z.number().positive().finite().optional(),
    sign: z.enum(['random', 'positive', 'negative']).default('random'),
  }),
  /**
   * A user's own values, used exactly (signs kept, never resampled); their count must equal the number of weights.
   * A Float64Array too: that is how a data-set column arrives once resolved, and how the history stores it (a BLOB).
   */
  z.object({
    kind: z.literal('given'),
    values: z
      .union([z.instanceof(Float64Array), z.array(z.number())])
      .refine((v) => v.length >= 1, 'needs at least one value')
      .refine(allFinite, 'every value must be finite'),
  }),
]);
export type InitialWeightsSpec = z.input<typeof initialWeightsSchema>;

/** (mu, sigma) of log|w| for a log-normal with the given mean and variance (the authors' calc_ln_mu_sigma). */
export function lognormalParamsFromMoments(mean: number, variance: number): { mu: number; sigma: number } {
  return { mu: Math.log((mean * mean) / Math.sqrt(mean * mean + variance)), sigma: Math.sqrt(Math.log(1 + variance / (mean * mean))) };
}

export function sampleInitialWeights(rng: Rng, dim: number, specIn: InitialWeightsSpec): Float64Array {
  const spec = initialWeightsSchema.parse(specIn);
  const w = new Float64Array(dim);
  switch (spec.kind) {
    case 'normal': {
      const sd = spec.sd ?? 1 / Math.sqrt(dim);
      for (let i = 0; i < dim; i++) w[i] = spec.mean + sd * rng.normal();
      return w;
    }
    case 'lognormal': {
      const mean = spec.mean ?? 1 / Math.sqrt(dim);
      const sd = spec.sd ?? 1 / Math.sqrt(dim);
      const { mu, sigma } = lognormalParamsFromMoments(mean, sd * sd);
      for (let i = 0; i < dim; i++) {
        const magnitude = Math.exp(mu + sigma * rng.normal());
        const sign = spec.sign === 'positive' ? 1 : spec.sign === 'negative' ? -1 : rng.uniform() < 0.5 ? -1 : 1;
        w[i] = sign * magnitude;
      }
      return w;
    }
    case 'given': {
      if (spec.values.length !== dim) throw new Error(`given initial weights have ${spec.values.length} values, the model needs ${dim}`);
      w.set(spec.values);
      return w;
    }
  }
}
