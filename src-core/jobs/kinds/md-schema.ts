/*
 * Configuration schemas of the md-* job kinds: the plasticity core's own schemas (one definition, not two).
 * geometry-schema.ts holds the kinds that take measured values. The two simulations whose initial weights may come
 * from an imported data set extend the core's schema with md-init.ts's `init`; like geometry-schema.ts they take
 * schemas.ts's shared schemas as an argument (schemas.ts imports this file).
 */
import type { z } from 'zod';
import { linearRegressionRunSchema } from '../../plasticity/linear-regression-run';
import { twoLayerSchema } from '../../plasticity/two-layer';
import type { SharedSchemas } from './geometry-schema';
import { mdInitSchema } from './md-init';

export { linearRegressionRunSchema } from '../../plasticity/linear-regression-run';
export { widthSweepSchema } from '../../plasticity/width-sweep';
export { identificationSchema } from '../../plasticity/identification';
export { twoLayerSchema } from '../../plasticity/two-layer';

export function linearRegressionJobSchema(shared: SharedSchemas) {
  return linearRegressionRunSchema.extend({ init: mdInitSchema(shared) });
}

export function twoLayerJobSchema(shared: SharedSchemas) {
  return twoLayerSchema.extend({ init: mdInitSchema(shared) });
}

export type LinearRegressionJobConfig = z.input<ReturnType<typeof linearRegressionJobSchema>>;
export type TwoLayerJobConfig = z.input<ReturnType<typeof twoLayerJobSchema>>;
