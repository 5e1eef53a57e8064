import { z } from 'zod';

/**
 * Configuration schemas of every job kind a user can start. Kept apart from the implementations (catalogue.ts) so
 * the contract, and with it the renderer bundle, gets the schemas without the numerics.
 */
export const seedSchema = z.number().int().min(0).max(2 ** 32 - 1);

const sampleSourceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('synthetic'),
    n: z.number().int().min(3).max(10_000_000),
    mu: z.number().finite(),
    sigma: z.number().positive().finite(),
  }),
  z.object({ type: z.literal('values'), values: z.array(z.number()).min(3).max(10_000_000) }),
]);
export type SampleSource = z.infer<typeof sampleSourceSchema>;

export const lognormalBootstrapSchema = z.object({
  source: sampleSourceSchema,
  resamples: z.number().int().min(10).max(1_000_000),
  confidence: z.number().gt(0).lt(1).default(0.95),
});
export type LognormalBootstrapConfig = z.infer<typeof lognormalBootstrapSchema>;

/** kind -> config schema. Adding a job kind = one line here + its implementation in catalogue.ts. */
export const jobConfigSchemas = {
  'lognormal-bootstrap': lognormalBootstrapSchema,
} as const;

export type JobKindName = keyof typeof jobConfigSchemas;
export const jobKindNames = Object.keys(jobConfigSchemas) as JobKindName[];

/** startJob's input: the kind selects the schema its config must satisfy. */
export const startJobSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('lognormal-bootstrap'), config: lognormalBootstrapSchema, seed: seedSchema.optional(), name: z.string().max(200).optional() }),
]);
export type StartJobInput = z.input<typeof startJobSchema>;
