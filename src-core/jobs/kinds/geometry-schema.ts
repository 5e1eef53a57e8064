import { z } from 'zod';
import type { datasetColumnSchema, numericArraySchema } from '../schemas';
import { geometryTestSchema } from '../../plasticity/geometry-test';
import { finalFitSchema } from '../../plasticity/final-distribution-fit';

/*
 * Configurations of the kinds that take measured weights: 'geometry-test' (paired before/after values of the same
 * synapses) and 'md-final-fit' (one sample of final weights). schemas.ts imports this file, so the shared schemas
 * come in as arguments (an import back would be circular); the kinds call these with schemas.ts's own.
 *
 * A value source is numbers, a data-set column reference (main resolves it into `{ type: 'values', values }`
 * before the job is planned; row order is kept, so two columns of one data set stay paired), or such a resolved
 * object.
 */
export interface SharedSchemas {
  numericArraySchema: typeof numericArraySchema;
  datasetColumnSchema: typeof datasetColumnSchema;
}

export function weightSourceSchema(shared: SharedSchemas) {
  return z.union([
    shared.numericArraySchema,
    shared.datasetColumnSchema,
    z.object({ type: z.literal('values'), values: shared.numericArraySchema }).passthrough(),
  ]);
}

export function geometryTestJobSchema(shared: SharedSchemas) {
  return geometryTestSchema.extend({ before: weightSourceSchema(shared), after: weightSourceSchema(shared) });
}

export function finalFitJobSchema(shared: SharedSchemas) {
  return finalFitSchema.extend({ sample: weightSourceSchema(shared) });
}

export type WeightSource = z.infer<ReturnType<typeof weightSourceSchema>>;
export type GeometryTestJobConfig = z.input<ReturnType<typeof geometryTestJobSchema>>;
export type FinalFitJobConfig = z.input<ReturnType<typeof finalFitJobSchema>>;

/** The numbers of a source once main has resolved data-set references. */
export function weightValues(source: WeightSource, role: string): Float64Array {
  if (ArrayBuffer.isView(source)) return source;
  if (Array.isArray(source)) return Float64Array.from(source);
  if (source.type === 'dataset') throw new Error(`${role}: data set ${source.datasetId} column "${source.column}" was not resolved`);
  const values = source.values;
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

