import { z } from 'zod';
import { sampleInputSchema, type SharedSchemas } from './fit-schema';

/**
 * Configuration of the 'compare' job kind (schema only; built from the shared schemas, see fit-schema.ts). Sample
 * `a` is the one that may be rescaled (e.g. a simulation in arbitrary units), `b` the reference (e.g. measured
 * weights); ratios are b over a.
 */
export function compareJobSchema(shared: SharedSchemas) {
  return z.object({
    a: sampleInputSchema(shared),
    b: sampleInputSchema(shared),
    ksMethod: z.enum(['auto', 'exact', 'asymp']).default('auto'),
    /** Bootstrap resamples of the median and log-sd ratio CIs; 0 skips them. */
    resamples: z.union([z.literal(0), z.number().int().min(100).max(200_000)]).default(2000),
    level: z.number().gt(0.5).lt(1).default(0.95),
    /**
     * Fit a scale factor s for sample a before comparing s*a with b: 'median' matches the medians, 'wasserstein-log'
     * minimises the Wasserstein-1 distance of the logs (exactly: log s is the median of the quantile differences).
     */
    scale: z.enum(['none', 'median', 'wasserstein-log']).default('none'),
    /** Drop NaN and infinite values from both samples (reporting counts) instead of refusing them. */
    dropInvalid: z.boolean().default(false),
  });
}
export type CompareJobInput = z.input<ReturnType<typeof compareJobSchema>>;
export type CompareJobConfig = z.output<ReturnType<typeof compareJobSchema>>;
