/**
 * Configuration of the paper's RNN experiment (mirror-experiment.ts), apart from its numerics so the job schemas and
 * the contract can import it alone.
 */
import { z } from 'zod';
import { potentialSpecSchema } from '../plasticity/potentials';
import { ruleSchema } from './schema';

export const rnnGeometrySchema = z.object({
  /** Recurrent units: D = N^2 recurrent weights are read. */
  n: z.number().int().min(4).max(1000).default(32),
  imageSize: z.number().int().min(6).max(28).default(14),
  classes: z.number().int().min(2).max(10).default(10),
  rule: ruleSchema.default('bptt'),
  /** alpha = dt / tau; 1 is the vanilla tanh RNN of the paper (torch.nn.RNN). */
  alpha: z.number().gt(0).lte(1).default(1),
  gain: z.number().gte(0).lte(20).default(1),
  potential: potentialSpecSchema,
  /** Pre-training iterations on fresh images (0 = fine-tune the random start), and their batch size. */
  pretrainIterations: z.number().int().min(0).max(1_000_000).default(300),
  pretrainBatch: z.number().int().min(1).max(4096).default(64),
  /** Fine-tuning set of K images; default N, the paper's N = sqrt(D) samples. Fine-tuning is full batch. */
  trainingSet: z.number().int().min(1).max(10_000).optional(),
  iterations: z.number().int().min(1).max(1_000_000).default(150),
  /** A fixed learning rate for both phases; when absent the grid below is tried (default 0.003 ... 0.3, five
   *  log-spaced rates). */
  learningRate: z.number().positive().finite().optional(),
  learningRates: z.array(z.number().positive().finite()).min(1).max(32).default(() => Array.from({ length: 5 }, (_, i) => 0.003 * Math.pow(10, i / 2))),
  momentum: z.number().min(0).lt(1).default(0.9),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
});
export type RnnGeometryConfig = z.input<typeof rnnGeometrySchema>;

