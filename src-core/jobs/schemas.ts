import { z } from 'zod';
import { rnnLyapunovConfigSchema, rnnSweepConfigSchema, rnnTrainConfigSchema } from '../rnn/schema';
import { fitJobSchema } from './kinds/fit-schema';
import { compareJobSchema } from './kinds/compare-schema';
import { linearRegressionJobSchema, widthSweepSchema, identificationSchema, twoLayerJobSchema } from './kinds/md-schema';
import { rnnGeometrySchema } from '../rnn/mirror-experiment-schema';
import { geometryTestJobSchema, finalFitJobSchema } from './kinds/geometry-schema';

/**
 * Configuration schemas of every job kind a user can start. Kept apart from the implementations (catalogue.ts) so
 * the contract, and with it the renderer bundle, gets the schemas without the numerics.
 */
export const seedSchema = z.number().int().min(0).max(2 ** 32 - 1);

/** Numbers sent with a job: a Float64Array over IPC and the wire format, or a plain array from JSON clients. */
export const numericArraySchema = z.union([z.instanceof(Float64Array), z.array(z.number())]);

/**
 * A column of an imported data set. Main resolves it into the column's values before the job is planned, so a job
 * never reads the database, and the history keeps the reference (not a copy of the values) in the entry's config.
 */
export const datasetColumnSchema = z.object({
  type: z.literal('dataset'),
  datasetId: z.string().min(1).max(64),
  column: z.string().min(1).max(200),
  /** Rows of one group only (e.g. { area: 'V1' }); all rows when absent. */
  group: z.record(z.string(), z.string()).optional(),
});
export type DatasetColumnRef = z.infer<typeof datasetColumnSchema>;

const sampleSourceSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('synthetic'),
    n: z.number().int().min(3).max(10_000_000),
    mu: z.number().finite(),
    sigma: z.number().positive().finite(),
  }),
  z.object({ type: z.literal('values'), values: z.array(z.number()).min(3).max(10_000_000) }),
  datasetColumnSchema,
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
  jobInput('rnn-lyapunov', rnnLyapunovConfigSchema),
  jobInput('rnn-train', rnnTrainConfigSchema),
  jobInput('rnn-sweep', rnnSweepConfigSchema),
  jobInput('fit', fitJobSchema({ numericArraySchema, datasetColumnSchema })),
  jobInput('compare', compareJobSchema({ numericArraySchema, datasetColumnSchema })),
  jobInput('md-linear-regression', linearRegressionJobSchema({ numericArraySchema, datasetColumnSchema })),
  jobInput('md-width-sweep', widthSweepSchema),
  jobInput('md-identification', identificationSchema),
  jobInput('md-two-layer', twoLayerJobSchema({ numericArraySchema, datasetColumnSchema })),
  jobInput('geometry-test', geometryTestJobSchema({ numericArraySchema, datasetColumnSchema })),
  jobInput('md-final-fit', finalFitJobSchema({ numericArraySchema, datasetColumnSchema })),
  jobInput('md-rnn', rnnGeometrySchema),
]);
export type StartJobInput = z.input<typeof startJobSchema>;
export type JobKindName = StartJobInput['kind'];
export const jobKindNames: JobKindName[] = startJobSchema.options.map((option) => option.shape.kind.value);
/** The config type of one kind, as the job receives it (defaults applied). */
export type JobConfig<K extends JobKindName> = Extract<z.output<typeof startJobSchema>, { kind: K }>['config'];
