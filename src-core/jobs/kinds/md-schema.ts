/*
 * Configuration schemas of the md-* job kinds: the plasticity core's own schemas (one definition, not two).
 * geometry-schema.ts holds the kinds that take measured values.
 */
export { linearRegressionRunSchema } from '../../plasticity/linear-regression-run';
export { widthSweepSchema } from '../../plasticity/width-sweep';
export { identificationSchema } from '../../plasticity/identification';
export { twoLayerSchema } from '../../plasticity/two-layer';
