/**
 * Adam (Kingma & Ba 2015) and SGD with momentum over the RNN parameter set, with optional global-norm gradient
 * clipping. Parameters a rule must not change (e.g. a fixed initial state) are listed in `frozen`. With a potential
 * the SGD update becomes mirror descent (mirror-step.ts).
 */
import { PARAM_KEYS, clippedGradient, zeroParams, type ParamKey, type RnnParams, type RnnShape } from './params';
import type { OptimiserConfig } from './schema';
import { createMirrorOptimiser } from './mirror-step';

export interface Optimiser {
  /** Applies one update to `params` from `grads` (grads may be rescaled in place by clipping). Returns the gradient norm before clipping. */
  step(params: RnnParams, grads: RnnParams): number;
}

/** A configuration without `potential` (e.g. the flossing phases' Adam) takes plain steps. */
export function createOptimiser(config: Omit<OptimiserConfig, 'potential'> & Partial<Pick<OptimiserConfig, 'potential'>>, shape: RnnShape, frozen: readonly ParamKey[] = []): Optimiser {
  if (config.potential) return createMirrorOptimiser({ ...config, potential: config.potential }, shape, frozen);
  const first = zeroParams(shape);
  const second = zeroParams(shape);
  const active = PARAM_KEYS.filter((key) => !frozen.includes(key));
  let t = 0;
  return {
    step(params, grads) {
      const { norm, clip } = clippedGradient(grads, frozen, config.clipNorm);
      t++;
      const lr = config.learningRate;
      const b1 = config.momentum;
      for (const key of active) {
        const p = params[key], g = grads[key], m = first[key];
        if (config.kind === 'sgd') {
          for (let i = 0; i < p.length; i++) {
            m[i] = b1 * m[i] + clip * g[i];
            p[i] -= lr * m[i];
          }
        } else {
          const b2 = config.beta2;
          const v = second[key];
          const c1 = 1 / (1 - Math.pow(b1, t));
          const c2 = 1 / (1 - Math.pow(b2, t));
          for (let i = 0; i < p.length; i++) {
            const gi = clip * g[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            p[i] -= (lr * m[i] * c1) / (Math.sqrt(v[i] * c2) + config.epsilon);
          }
        }
      }
      return norm;
    },
  };
}
