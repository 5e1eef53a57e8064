import type { JobKind } from './kind';
import type { JobKindName } from './schemas';
import { lognormalBootstrap } from './kinds/lognormal-bootstrap';
import { rnnLyapunov } from './kinds/rnn-lyapunov';
import { rnnTrain } from './kinds/rnn-train';
import { rnnSweep } from './kinds/rnn-sweep';
import { fitKind } from './kinds/fit';
import { compareKind } from './kinds/compare';
import { mdLinearRegression } from './kinds/md-linear-regression';
import { mdWidthSweep } from './kinds/md-width-sweep';
import { mdIdentification } from './kinds/md-identification';
import { mdTwoLayer } from './kinds/md-two-layer';
import { geometryTest } from './kinds/geometry-test';
import { mdFinalFit } from './kinds/md-final-fit';
import { mdRnn } from './kinds/md-rnn';

/** Every job kind by name: what the worker runs and the manager plans and merges. Schemas are in schemas.ts. */
export const catalogue: Record<JobKindName, JobKind<never, unknown, unknown, unknown>> = {
  'lognormal-bootstrap': lognormalBootstrap as JobKind<never, unknown, unknown, unknown>,
  'rnn-lyapunov': rnnLyapunov as JobKind<never, unknown, unknown, unknown>,
  'rnn-train': rnnTrain as JobKind<never, unknown, unknown, unknown>,
  'rnn-sweep': rnnSweep as JobKind<never, unknown, unknown, unknown>,
  fit: fitKind as JobKind<never, unknown, unknown, unknown>,
  compare: compareKind as JobKind<never, unknown, unknown, unknown>,
  'md-linear-regression': mdLinearRegression as JobKind<never, unknown, unknown, unknown>,
  'md-width-sweep': mdWidthSweep as JobKind<never, unknown, unknown, unknown>,
  'md-identification': mdIdentification as JobKind<never, unknown, unknown, unknown>,
  'md-two-layer': mdTwoLayer as JobKind<never, unknown, unknown, unknown>,
  'geometry-test': geometryTest as JobKind<never, unknown, unknown, unknown>,
  'md-final-fit': mdFinalFit as JobKind<never, unknown, unknown, unknown>,
  'md-rnn': mdRnn as JobKind<never, unknown, unknown, unknown>,
};
