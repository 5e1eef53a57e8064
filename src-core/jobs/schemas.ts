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

/** startJob's input for one kind: the kind selects the schema its config must satisfy. */
function jobInput<K extends string, S extends z.ZodType>(kind: K, config: S) {
  return z.object({ kind: z.literal(kind), config, seed: seedSchema.optional(), name: z.string().max(200).optional() });
}

/**
 * Every job kind a user can start. Adding a kind = one line here (its config schema) + one line in catalogue.ts
 * (its implementation).
 */
export const startJobSchema = z.discriminatedUnion('kind', [
  jobInput('lognormal-bootstrap', lognormalBootstrapSchema),
]);
export type StartJobInput = z.input<typeof startJobSchema>;
export type JobKindName = StartJobInput['kind'];
export const jobKindNames: JobKindName[] = startJobSchema.options.map((option) => option.shape.kind.value);
/** The config type of one kind, as the job receives it (defaults applied). */
export type JobConfig<K extends JobKindName> = Extract<z.output<typeof startJobSchema>, { kind: K }>['config'];
