/**
 * Geometry of plasticity (Pogodin et al., ICLR 2024): mirror-descent simulators, the dCDF geometry test and the
 * final-distribution fit. What the job runner, the CLI and the interface import.
 */
export * from './potentials';
export * from './mirror-descent';
export * from './initial-weights';
export * from './linear-regression';
export * from './linear-training';
export * from './lr-selection';
export * from './linear-regression-run';
export * from './two-layer';
export * from './dcdf';
export * from './quantiles';
export * from './width-sweep';
export * from './identification';
export * from './geometry-test';
export * from './geometry-power';
export * from './final-distribution-fit';
export * from './progress';
