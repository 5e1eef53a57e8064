/**
 * lambda_max of a training run on both trajectory kinds the science note asks for: autonomous (zero input) and
 * input-driven (i.i.d. N(0, s^2) currents into every unit). Each measurement draws from a fresh copy of the same
 * random stream, so both kinds start from the same state and tangent vector and differ only by the input (a paired
 * comparison), and a kind measured before and after training differs only by the weights. The configured kind
 * (`inputStd`, what lambdaMaxBefore/After always meant) is one of the two, computed exactly as before, so stored
 * results keep their meaning and re-runs of old entries give the same numbers.
 */
import type { Rng } from '../random/rng';
import type { RnnModel } from './init';
import { lyapunovExponents, type LyapunovResult } from './lyapunov';
import type { TrainLyapunovOptions } from './schema';

export interface LyapunovKinds {
  autonomous: LyapunovResult | null;
  driven: LyapunovResult | null;
  /** The kind the configuration names: driven when inputStd > 0, else autonomous. */
  configured: LyapunovResult | null;
}

/** The std of the input-driven kind: the configured inputStd when it drives, else drivenInputStd. */
export function drivenInputStd(opts: TrainLyapunovOptions): number {
  return opts.inputStd > 0 ? opts.inputStd : opts.drivenInputStd;
}

export function lyapunovKinds(model: RnnModel, opts: TrainLyapunovOptions, stream: () => Rng): LyapunovKinds {
  const { k, steps, warmup } = opts;
  const autonomous = measure(model, { k, steps, warmup, inputStd: 0 }, stream);
  const driven = measure(model, { k, steps, warmup, inputStd: drivenInputStd(opts) }, stream);
  return { autonomous, driven, configured: opts.inputStd > 0 ? driven : autonomous };
}

// A nilpotent Jacobian (e.g. g = 0 with alpha = 1) has lambda = -infinity: reported as null, not as an error.
function measure(model: RnnModel, opts: { k: number; steps: number; warmup: number; inputStd: number }, stream: () => Rng): LyapunovResult | null {
  try {
    return lyapunovExponents(model, opts, stream());
  } catch (error) {
    if (error instanceof Error && /collapsed|linearly dependent/.test(error.message)) return null;
    throw error;
  }
}
