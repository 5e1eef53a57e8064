import { defineJobKind } from '../kind';
import { trainRnn, type RnnTrainResult } from '../../rnn/train';
import { rnnTrainConfigSchema, type RnnTrainConfig } from '../../rnn/schema';
import { describePotential } from './md-linear-regression';

/**
 * One RNN training run (`rnn train`). One shard (training is sequential); while it runs, progress carries
 * `partial: { iteration[], loss[] }` with the new loss-curve points so the interface can draw the learning curve live.
 * Randomness comes from `config.seed` (see src-core/rnn/train.ts for its streams), not from the job seed.
 */
export const rnnTrain = defineJobKind({
  entryKind: 'simulation',
  describe(input: RnnTrainConfig) {
    const c = rnnTrainConfigSchema.parse(input);
    const floss = c.flossing.schedule === 'none' ? '' : `, flossing ${c.flossing.schedule}`;
    const mirror = c.optimiser.potential ? `, mirror descent ${describePotential(c.optimiser.potential)}` : '';
    return `RNN ${c.task.kind} with ${c.rule} (N=${c.model.n}, g=${c.model.gain}, alpha=${c.model.alpha}, ${c.iterations} iterations${floss}${mirror})`;
  },
  plan: (config: RnnTrainConfig): RnnTrainConfig[] => [config],
  runShard: (config: RnnTrainConfig, ctx): RnnTrainResult => trainRnn(config, ctx),
  merge: (_config: RnnTrainConfig, parts: RnnTrainResult[]): RnnTrainResult => parts[0],
  headline(r: RnnTrainResult) {
    const figures: Record<string, number | string> = { initialLoss: r.initialLoss };
    if (r.finalLoss !== null) figures.finalLoss = r.finalLoss;
    if (r.finalAccuracy !== null) figures.finalAccuracy = r.finalAccuracy;
    if (r.lambdaMaxBefore !== null) figures.lambdaMaxBefore = r.lambdaMaxBefore;
    if (r.lambdaMaxAfter !== null) figures.lambdaMaxAfter = r.lambdaMaxAfter;
    if (r.diverged) figures.diverged = `at iteration ${r.divergedAt}`;
    if (r.geometry) Object.assign(figures, { best: r.geometry.best, changeMagnitude: r.geometry.changeMagnitude });
    return figures;
  },
});
