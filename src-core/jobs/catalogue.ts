import type { JobKind } from './kind';
import type { JobKindName } from './schemas';
import { lognormalBootstrap } from './kinds/lognormal-bootstrap';

/** Every job kind by name: what the worker runs and the manager plans and merges. Schemas are in schemas.ts. */
export const catalogue: Record<JobKindName, JobKind<never, unknown, unknown, unknown>> = {
  'lognormal-bootstrap': lognormalBootstrap as JobKind<never, unknown, unknown, unknown>,
};
