/**
 * The Lyapunov job (`rnn lyapunov` in the CLI): a fresh network from the model configuration and seed, then the first
 * k exponents on the autonomous or noise-driven trajectory. Streams: 0 builds the network, 1 drives the QR method.
 */
import { createRng } from '../random/rng';
import type { JobContext } from '../runtime/context';
import { createModel } from './init';
import { lyapunovExponents, type LyapunovResult } from './lyapunov';
import { rnnLyapunovConfigSchema, type RnnLyapunovConfig } from './schema';

export interface RnnLyapunovResult extends LyapunovResult {
  config: RnnLyapunovConfig;
}

export function runLyapunov(input: RnnLyapunovConfig, ctx: JobContext): RnnLyapunovResult {
  const config = rnnLyapunovConfigSchema.parse(input);
  const model = createModel(config.model, 0, 1, createRng(config.seed, 0));
  const result = lyapunovExponents(model, config.lyapunov, createRng(config.seed, 1), {}, ctx);
  ctx.report({ fraction: 1, metrics: { lambdaMax: result.lambdaMax } });
  return { ...result, config };
}
