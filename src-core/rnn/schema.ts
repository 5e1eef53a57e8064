/**
 * Configuration schemas (zod 4) for everything a user can run in the RNN half of the app: single training runs,
 * Lyapunov-exponent runs and gain x rule x flossing x seed sweeps. Every setting from the science note is a parameter
 * here with the note's value as default. The inferred types are what the core functions take.
 */
import { z } from 'zod';
import { potentialSpecSchema } from '../plasticity/potentials';

const positiveInt = z.number().int().positive();

export const activationSchema = z.enum(['tanh', 'relu', 'retanh']);

export const rnnModelSchema = z.object({
  /** Number of recurrent units N. */
  n: positiveInt.max(2000).default(100),
  /** 'voltage': a_t = (1-alpha) a_{t-1} + alpha (W h_{t-1} + U x_t + b), h_t = f(a_t) (the note's model).
   *  'rate' (Murray 2019): h_t = (1-alpha) h_{t-1} + alpha f(W h_{t-1} + U x_t + b). */
  form: z.enum(['voltage', 'rate']).default('voltage'),
  activation: activationSchema.default('tanh'),
  /** alpha = dt / tau. */
  alpha: z.number().gt(0).lte(1).default(1),
  /** Gain g: W_ij ~ N(0, g^2 / N), or g times an orthogonal matrix. */
  gain: z.number().gte(0).lte(20).default(1.5),
  init: z.enum(['gaussian', 'orthogonal']).default('gaussian'),
  /** Excitatory fraction for Dale's law (columns keep their sign during training); null = no sign constraint. */
  daleExcitatoryFraction: z.number().gt(0).lt(1).nullable().default(null),
  /** Learn the initial state (BPTT only; the local rules keep it fixed). */
  learnInitialState: z.boolean().default(false),
  /** Arithmetic of training (forward pass and gradients): 'float64' (the reference, and what every run stored before
   *  this option existed) or 'float32' (about twice as fast; weights and the optimiser stay float64). Lyapunov
   *  exponents and flossing always use float64. */
  precision: z.enum(['float64', 'float32']).default('float64'),
});
export type RnnModelConfig = z.infer<typeof rnnModelSchema>;

/** Neurogym-style timings are in milliseconds and converted to steps with dt (100 ms in neurogym). */
export const rnnTaskSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sum-of-sines'),
    /** Period of the slowest component in steps (RFLO's demo: 100). */
    period: positiveInt.default(100),
    duration: positiveInt.default(200),
    components: positiveInt.max(10).default(4),
  }),
  z.object({
    kind: z.literal('delayed-xor'),
    /** Steps between the second bit and the response window. */
    delay: z.number().int().min(0).max(1000).default(10),
    pulse: positiveInt.default(2),
    response: positiveInt.default(5),
  }),
  z.object({
    kind: z.literal('copy'),
    /** The target at step t is the input bit of step t - delay. */
    delay: positiveInt.max(1000).default(5),
    duration: positiveInt.default(50),
  }),
  // Engelken's streaming tasks (tasks/streaming.ts): a bit stream in {0, amplitude}; cross-entropy on two outputs.
  z.object({
    kind: z.literal('streaming-xor'),
    /** d: the target at step t is the XOR of the bits d and 2d steps back. */
    delay: positiveInt.max(1000).default(10),
    /** Steps per trial (Engelken: 300). */
    duration: positiveInt.max(100_000).default(300),
    amplitude: z.number().positive().default(1),
  }),
  z.object({
    kind: z.literal('streaming-copy'),
    /** The target at step t is the bit d steps back. */
    delay: positiveInt.max(1000).default(10),
    duration: positiveInt.max(100_000).default(300),
    amplitude: z.number().positive().default(1),
  }),
  z.object({
    /** Row-wise classification of procedurally drawn digits (tasks/row-images.ts): one image row per step, the
     *  class read out at the last step; the in-app analogue of the paper's row-wise MNIST RNN. */
    kind: z.literal('row-images'),
    /** Image side in pixels: T = size steps of size inputs each. */
    size: z.number().int().min(6).max(28).default(14),
    classes: z.number().int().min(2).max(10).default(10),
    /** A fixed training set of this many images, drawn once from dataSeed (the paper's interpolation regime); 0 =
     *  fresh images in every batch. */
    trainingSet: z.number().int().min(0).max(100_000).default(0),
    dataSeed: z.number().int().nonnegative().default(0),
    /** Std of the Gaussian pixel noise (ink is 0 to 1). */
    noiseStd: z.number().nonnegative().default(0.1),
    /** Largest rotation (degrees) of the random distortion of every image. */
    maxRotation: z.number().min(0).max(90).default(12),
  }),
  z.object({
    kind: z.literal('perceptual-decision'),
    dtMs: z.number().positive().default(100),
    fixationMs: z.number().nonnegative().default(100),
    stimulusMs: z.number().positive().default(700),
    decisionMs: z.number().positive().default(100),
    /** Coherences (signed evidence strength) drawn uniformly from this list. */
    coherences: z.array(z.number().nonnegative()).min(1).default([0.05, 0.1, 0.2, 0.4]),
    noiseStd: z.number().nonnegative().default(1),
  }),
  z.object({
    kind: z.literal('delayed-match-to-sample'),
    dtMs: z.number().positive().default(100),
    fixationMs: z.number().nonnegative().default(100),
    sampleMs: z.number().positive().default(100),
    delayMs: z.number().nonnegative().default(500),
    testMs: z.number().positive().default(100),
    decisionMs: z.number().positive().default(100),
    noiseStd: z.number().nonnegative().default(0.1),
  }),
  z.object({
    kind: z.literal('context-decision'),
    dtMs: z.number().positive().default(100),
    fixationMs: z.number().nonnegative().default(100),
    stimulusMs: z.number().positive().default(200),
    delayMs: z.number().nonnegative().default(500),
    decisionMs: z.number().positive().default(100),
    coherences: z.array(z.number().nonnegative()).min(1).default([0.1, 0.2, 0.4, 0.8]),
    noiseStd: z.number().nonnegative().default(0.5),
  }),
]);
export type RnnTaskConfig = z.infer<typeof rnnTaskSchema>;
export type RnnTaskKind = RnnTaskConfig['kind'];

export const ruleSchema = z.enum(['bptt', 'eprop', 'eprop-random', 'rflo', 'rflo-symmetric', 'modprop']);
export type RuleName = z.infer<typeof ruleSchema>;

export const optimiserSchema = z.object({
  kind: z.enum(['adam', 'sgd']).default('adam'),
  learningRate: z.number().positive().default(1e-3),
  /** Adam beta1 / SGD momentum. */
  momentum: z.number().min(0).lt(1).default(0.9),
  beta2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
  /** Global-norm gradient clipping; null = off. */
  clipNorm: z.number().positive().nullable().default(null),
  /** Mirror descent (rnn/mirror-step.ts): the SGD-with-momentum update applied in the dual space of this potential,
   *  the geometry of plasticity of Pogodin et al. 2024. Needs kind 'sgd'; null = plain steps. */
  potential: potentialSpecSchema.nullable().default(null),
}).refine((o) => o.potential === null || o.kind === 'sgd', {
  message: "mirror descent is SGD with momentum in the dual space (the paper's optimiser): a potential needs optimiser kind 'sgd'",
  path: ['potential'],
});
export type OptimiserConfig = z.infer<typeof optimiserSchema>;

export const flossingSchema = z.object({
  /** none | pre (A: developmental phase before training) | inter (B: phases during training) |
   *  continuous (C: a flossing term added to every update). */
  schedule: z.enum(['none', 'pre', 'inter', 'continuous']).default('none'),
  /** Number of Lyapunov exponents pushed toward the target. */
  k: positiveInt.max(200).default(1),
  /** Target exponent (per step). */
  target: z.number().default(0),
  /** Weight of the flossing loss (scales its gradient in every schedule). */
  weight: z.number().nonnegative().default(1),
  /** Flossing updates per phase (pre / inter). Engelken: 500. */
  phaseSteps: z.number().int().nonnegative().default(100),
  /** Training iterations between inter-flossing phases (Engelken: 100) and their maximum count (2). */
  every: positiveInt.default(100),
  maxPhases: z.number().int().nonnegative().default(2),
  /** Length of the trajectory whose exponents are differentiated, and its un-scored warm-up. */
  trajectorySteps: positiveInt.default(100),
  warmup: z.number().int().nonnegative().default(20),
  /** The optimiser of flossing phases, its learning rate, and Adam's beta1 or SGD's momentum. Left out, they follow
   *  the gradient (flossingOptimiser): Adam at 1e-3 with beta1 0.9 for the exact one (Engelken's), plain SGD at 5
   *  without momentum for the local rule, whose steps then shrink with lambda - target (Adam's normalised,
   *  momentum-carried steps carry the local rule past lambda = 0 into saturation, which it cannot see). */
  optimiser: z.enum(['adam', 'sgd']).optional(),
  learningRate: z.number().positive().optional(),
  momentum: z.number().min(0).lt(1).optional(),
  /** Std of the i.i.d. input current driving the flossed trajectory (with trajectory 'noise', or added to the task's
   *  input with 'task'). */
  inputStd: z.number().nonnegative().default(0),
  /** The flossed trajectory: 'autonomous' (no input), 'noise' (i.i.d. N(0, inputStd^2) currents) or 'task' (the
   *  task's inputs through U, consecutive trials joined; Engelken's setting, which also flosses U). Absent in
   *  configurations written before it existed: then 'noise' if inputStd > 0, else 'autonomous' (flossingTrajectory). */
  trajectory: z.enum(['autonomous', 'noise', 'task']).optional(),
  /** 'exact': backpropagation through the QR chain and the trajectory (flossing.ts); 'local': the synapse-local rule
   *  of flossing-local.ts (postsynaptic Lyapunov-vector component x filtered presynaptic perturbation rate x a
   *  global factor), which changes W only. */
  gradient: z.enum(['exact', 'local']).default('exact'),
});
export type FlossingConfig = z.infer<typeof flossingSchema>;
export type FlossingTrajectory = NonNullable<FlossingConfig['trajectory']>;

/** The optimiser settings of flossing phases (see flossingSchema.optimiser). */
export function flossingOptimiser(config: Pick<FlossingConfig, 'gradient' | 'optimiser' | 'learningRate' | 'momentum'>): { kind: 'adam' | 'sgd'; learningRate: number; momentum: number } {
  const local = config.gradient === 'local';
  return {
    kind: config.optimiser ?? (local ? 'sgd' : 'adam'),
    learningRate: config.learningRate ?? (local ? 5 : 1e-3),
    momentum: config.momentum ?? (local ? 0 : 0.9),
  };
}

/** The flossed trajectory a configuration asks for (see flossingSchema.trajectory). */
export function flossingTrajectory(config: Pick<FlossingConfig, 'trajectory' | 'inputStd'>): FlossingTrajectory {
  return config.trajectory ?? (config.inputStd > 0 ? 'noise' : 'autonomous');
}

export const lyapunovOptionsSchema = z.object({
  k: positiveInt.max(2000).default(1),
  steps: positiveInt.default(3000),
  warmup: z.number().int().nonnegative().default(500),
  /** Std of an i.i.d. N(0, s^2) current added to every unit's drive at every step; 0 = autonomous. */
  inputStd: z.number().nonnegative().default(0),
});
export type LyapunovOptions = z.infer<typeof lyapunovOptionsSchema>;

/** A training run measures lambda_max on both trajectory kinds of the science note, autonomous and input-driven. */
export const trainLyapunovSchema = lyapunovOptionsSchema.extend({
  /** Std s of the N(0, s^2) input of the input-driven lambda_max (the note's 0.5). Used when inputStd is 0; with
   *  inputStd > 0 the driven kind uses inputStd, so lambdaMaxBefore/After are always one of the two kinds. */
  drivenInputStd: z.number().positive().default(0.5),
  /** Also measure lambda_max (the configured kind) every this many training iterations; 0 = only before and after. */
  every: z.number().int().nonnegative().default(0),
});
export type TrainLyapunovOptions = z.infer<typeof trainLyapunovSchema>;

export const rnnLyapunovConfigSchema = z.object({
  model: rnnModelSchema.default(rnnModelSchema.parse({})),
  lyapunov: lyapunovOptionsSchema.default(lyapunovOptionsSchema.parse({})),
  seed: z.number().int().nonnegative().default(1),
});
export type RnnLyapunovConfig = z.infer<typeof rnnLyapunovConfigSchema>;

export const rnnTrainConfigSchema = z.object({
  model: rnnModelSchema.default(rnnModelSchema.parse({})),
  task: rnnTaskSchema.default({ kind: 'delayed-xor', delay: 10, pulse: 2, response: 5 }),
  rule: ruleSchema.default('bptt'),
  /** ModProp's constant activation gain mu on the recurrent path (Liu et al. 2022: about 0.2-0.25 for ReLU). */
  modpropMu: z.number().gte(0).default(0.2),
  optimiser: optimiserSchema.default(optimiserSchema.parse({})),
  iterations: z.number().int().nonnegative().max(1_000_000).default(500),
  batchSize: positiveInt.max(4096).default(32),
  flossing: flossingSchema.default(flossingSchema.parse({})),
  /** Lyapunov settings for lambda_max before and after training: lambdaMaxBefore/After use inputStd (autonomous
   *  when 0); the autonomous and the input-driven values are reported beside them in any case. */
  lyapunov: trainLyapunovSchema.default({ k: 1, steps: 1000, warmup: 200, inputStd: 0, drivenInputStd: 0.5, every: 0 }),
  /** A run counts as solved when its held-out final loss is at most this; iterations to criterion count the
   *  training iterations until the training-batch loss first reaches it. */
  successLoss: z.number().positive().default(0.1),
  /** Trials in the held-out evaluation batch used for the final loss and accuracy. */
  evalBatchSize: positiveInt.default(128),
  seed: z.number().int().nonnegative().default(1),
  /** Return the trained weights (and the initial ones) in the result (large for big N). */
  returnParams: z.boolean().default(false),
});
export type RnnTrainConfig = z.infer<typeof rnnTrainConfigSchema>;

export const rnnSweepConfigSchema = z.object({
  base: rnnTrainConfigSchema.default(rnnTrainConfigSchema.parse({})),
  gains: z.array(z.number().gte(0)).min(1).default([0.5, 1, 1.5, 2]),
  rules: z.array(ruleSchema).min(1).default(['bptt', 'eprop']),
  flossingSchedules: z.array(flossingSchema.shape.schedule).min(1).default(['none']),
  /** Each flossing schedule but 'none' runs once per gradient listed (exact, local or both). */
  flossingGradients: z.array(flossingSchema.shape.gradient).min(1).default(['exact']),
  seeds: positiveInt.max(1000).default(3),
  /** The first seed; seed s of a cell is firstSeed + s. */
  firstSeed: z.number().int().nonnegative().default(1),
});
export type RnnSweepConfig = z.infer<typeof rnnSweepConfigSchema>;
