import { z } from 'zod';
import type { datasetColumnSchema, numericArraySchema } from '../schemas';

/*
 * Configuration of the 'fit' job kind (schema only: imported by the contract, so no numerics here).
 *
 * The shared sample schemas of schemas.ts are passed in rather than imported: schemas.ts registers this schema, so
 * importing it back would make the two modules import each other, and whichever loads first would meet the other
 * half-evaluated. `fitJobSchema(shared)` builds the schema from them; schemas.ts and fit.ts pass the real ones.
 */
export interface SharedSchemas {
  numericArraySchema: typeof numericArraySchema;
  datasetColumnSchema: typeof datasetColumnSchema;
}

/** Every family a fit job may request; fit.ts checks at compile time that this is stats' FamilyName. */
export function fitFamilyNames() {
  return ['lognormal', 'normal', 'gamma', 'weibull', 'exponential', 'loglogistic', 'invgauss', 'lognormal-mixture', 'powerlaw'] as const;
}

/** The default set: the families scipy also has. The mixture and the power law only on request. */
export function fitStandardFamilies() {
  return ['lognormal', 'normal', 'gamma', 'weibull', 'exponential', 'loglogistic', 'invgauss'] as const;
}

/** The values of a sample: sent with the job, or a data-set column that main resolves into values before planning. */
export function sampleInputSchema(shared: SharedSchemas) {
  const values = z.object({
    type: z.literal('values'),
    values: shared.numericArraySchema,
    /** Set by main's data-set resolver when some values are left-censored: 1 where the value is only an upper bound. */
    censored: z.instanceof(Uint8Array).optional(),
  });
  return z.discriminatedUnion('type', [values, shared.datasetColumnSchema]);
}
export type SampleInput = z.infer<ReturnType<typeof sampleInputSchema>>;

export function fitJobSchema(shared: SharedSchemas) {
  const names = fitFamilyNames();
  return z.object({
    source: sampleInputSchema(shared),
    families: z
      .array(z.enum(names))
      .min(1)
      .max(names.length)
      .refine((list) => new Set(list).size === list.length, 'each family at most once')
      .default([...fitStandardFamilies()]),
    /**
     * How the values were observed. Left-truncated: events below `threshold` were never recorded. Left-censored:
     * rows below `limit` were counted but not measured ("<0.1"); values <= limit in the data count as censored, plus
     * `nBelow` rows given only as a count.
     */
    observation: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('complete') }),
        z.object({ kind: z.literal('truncated'), threshold: z.number().finite() }),
        z.object({ kind: z.literal('censored'), limit: z.number().finite(), nBelow: z.number().int().min(0).default(0) }),
      ])
      .default({ kind: 'complete' }),
    /** Drop NaN, infinite, non-positive (for positive-only families) and below-threshold values, reporting counts. */
    dropInvalid: z.boolean().default(false),
    /** Parametric-bootstrap resamples of the goodness-of-fit p-values per family; 0 = statistics without p-values. */
    resamples: z.union([z.literal(0), z.number().int().min(19).max(100_000)]).default(999),
    ci: z
      .object({
        level: z.number().gt(0.5).lt(1).default(0.95),
        /** Bootstrap resamples for percentile and BCa intervals of every family; 0 = Wald (and profile) only. */
        resamples: z.union([z.literal(0), z.number().int().min(10).max(200_000)]).default(0),
        method: z.enum(['nonparametric', 'parametric']).default('nonparametric'),
        /** Which bootstrap interval the report shows (both are stored): BCa (default) or percentile. */
        interval: z.enum(['bca', 'percentile']).default('bca'),
      })
      .prefault({}),
    plot: z
      .object({
        bins: z.number().int().min(1).max(10_000).optional(),
        maxPoints: z.number().int().min(10).max(20_000).optional(),
      })
      .prefault({}),
  });
}
export type FitJobInput = z.input<ReturnType<typeof fitJobSchema>>;
export type FitJobConfig = z.output<ReturnType<typeof fitJobSchema>>;
