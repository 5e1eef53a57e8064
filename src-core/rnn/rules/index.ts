/**
 * The rules as interchangeable gradient estimators over one shared forward pass: every rule maps
 * (model, trajectory, batch, output error) to a gradient with the parameters' shapes.
 */
import type { Rng } from '../../random/rng';
import type { RnnModel } from '../init';
import type { Trajectory } from '../forward';
import type { RnnParams } from '../params';
import type { RuleName } from '../schema';
import type { TaskBatch } from '../tasks/types';
import { bpttGradient } from './bptt';
import { epropGradient } from './eprop';
import { rfloGradient } from './rflo';
import { modpropGradient } from './modprop';

/** Whether the rule sends errors back through the fixed random matrix rather than the readout V. */
export function usesRandomFeedback(rule: RuleName): boolean {
  return rule === 'eprop-random' || rule === 'rflo';
}

/** Fixed random feedback F (nOut x N), entries N(0, 1/N) as in the science note. */
export function randomFeedback(rng: Rng, n: number, nOut: number): Float64Array {
  const f = new Float64Array(nOut * n);
  const sd = 1 / Math.sqrt(n);
  for (let i = 0; i < f.length; i++) f[i] = sd * rng.normal();
  return f;
}

export interface RuleOptions {
  /** ModProp's constant activation gain on the recurrent path. */
  modpropMu?: number;
}

export function estimateGradient(
  rule: RuleName, model: RnnModel, traj: Trajectory, batch: TaskBatch, dy: Float64Array, feedback: Float64Array | null,
  options: RuleOptions = {},
): RnnParams {
  const f = usesRandomFeedback(rule) ? feedback : model.params.v;
  if (f === null) throw new Error(`rule ${rule} needs a random feedback matrix`);
  switch (rule) {
    case 'bptt': return bpttGradient(model, traj, batch, dy);
    case 'eprop':
    case 'eprop-random': return epropGradient(model, traj, batch, dy, f);
    case 'rflo':
    case 'rflo-symmetric': return rfloGradient(model, traj, batch, dy, f);
    case 'modprop': return modpropGradient(model, traj, batch, dy, options.modpropMu ?? 0.2);
  }
}
