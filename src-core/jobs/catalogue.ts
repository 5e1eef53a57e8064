import type { JobKind } from './kind';
import type { JobKindName } from './schemas';
import { lognormalBootstrap } from './kinds/lognormal-bootstrap';
import { fitKind } from './kinds/fit';
import { compareKind } from './kinds/compare';

/** Every job kind by name: what the worker runs and the manager plans and merges. Schemas are in schemas.ts. */
export const catalogue: Record<JobKindName, JobKind<never, unknown, unknown, unknown>> = {
  'lognormal-bootstrap': lognormalBootstrap as JobKind<never, unknown, unknown, unknown>,
  fit: fitKind as JobKind<never, unknown, unknown, unknown>,
  compare: compareKind as JobKind<never, unknown, unknown, unknown>,
};
