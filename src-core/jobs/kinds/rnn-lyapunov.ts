import { defineJobKind } from '../kind';
import { runLyapunov, type RnnLyapunovResult } from '../../rnn/lyapunov-run';
import { rnnLyapunovConfigSchema, type RnnLyapunovConfig } from '../../rnn/schema';

/**
 * Lyapunov exponents of a fresh random network (`rnn lyapunov`). One shard: the QR method is a single sequential
 * chain. Randomness comes from `config.seed` (streams 0 and 1 of it), not from the job seed, so the config alone
 * reproduces the numbers; the CLI records the same value as the entry's seed.
 */
export const rnnLyapunov = defineJobKind({
  entryKind: 'simulation',
  describe(input: RnnLyapunovConfig) {
    const c = rnnLyapunovConfigSchema.parse(input);
    return `Lyapunov exponents (N=${c.model.n}, g=${c.model.gain}, alpha=${c.model.alpha}, k=${c.lyapunov.k}, ${c.lyapunov.steps} steps)`;
  },
  plan: (config: RnnLyapunovConfig): RnnLyapunovConfig[] => [config],
  runShard: (config: RnnLyapunovConfig, ctx): RnnLyapunovResult => runLyapunov(config, ctx),
  merge: (_config: RnnLyapunovConfig, parts: RnnLyapunovResult[]): RnnLyapunovResult => parts[0],
  headline: (r: RnnLyapunovResult) => ({ lambdaMax: r.lambdaMax, k: r.k, steps: r.steps }),
});
