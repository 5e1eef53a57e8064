/**
 * One training run as a pure, shardable function: configuration in, plain-data result out. Randomness comes only
 * from `config.seed`, split into independent streams (model, task batches, evaluation, feedback, Lyapunov,
 * flossing), so a run gives the same numbers whichever worker executes it and whatever else runs beside it.
 */
import { createRng } from '../random/rng';
import type { JobContext } from '../runtime/context';
import { createModel, projectDale } from './init';
import { forward, type Trajectory } from './forward';
import { evaluateLoss } from './loss';
import { drivenInputStd, lyapunovKinds } from './lyapunov-kinds';
import { createOptimiser } from './optimisers';
import { cloneParams, setParams, type ParamKey, type RnnParams } from './params';
import { estimateGradient, randomFeedback, usesRandomFeedback } from './rules';
import { rnnTrainConfigSchema, type RnnTrainConfig } from './schema';
import { createTask } from './tasks';
import type { Task } from './tasks/types';
import { Flosser, type FlossingTrace } from './flossing-schedule';
import type { RnnModel } from './init';
import { criterionFigures, relativeChange, type CriterionFigures } from './run-figures';
import { recurrentGeometry, type RnnGeometry } from './mirror-geometry';

/** Independent random streams of one run. */
const STREAM = { model: 0, task: 1, evaluation: 2, feedback: 3, lyapunov: 4, flossing: 5 } as const;

export interface RnnTrainResult extends CriterionFigures {
  config: RnnTrainConfig;
  /** Training-batch loss (and accuracy, or null) after every iteration; iteration 0 is before any update. */
  lossCurve: { iteration: number[]; loss: number[]; accuracy: (number | null)[] };
  /** Held-out evaluation batch before and after training. */
  initialLoss: number;
  finalLoss: number | null;
  finalAccuracy: number | null;
  /** lambda_max (per step) with the config's Lyapunov settings (autonomous unless lyapunov.inputStd > 0), before
   *  and after training; null if the tangent space collapsed (lambda = -infinity, e.g. g = 0 with alpha = 1) or,
   *  after, if training diverged. The spectra are of the same kind. */
  lambdaMaxBefore: number | null;
  lambdaMaxAfter: number | null;
  spectrumBefore: number[] | null;
  spectrumAfter: number[] | null;
  /** lambda_max on autonomous (zero input) trajectories and on trajectories driven by N(0, drivenInputStd^2)
   *  input, before and after training (null as above). One of the pairs equals lambdaMaxBefore/After. Results
   *  stored before these fields existed lack them. */
  lambdaMaxAutonomousBefore: number | null;
  lambdaMaxAutonomousAfter: number | null;
  lambdaMaxDrivenBefore: number | null;
  lambdaMaxDrivenAfter: number | null;
  drivenInputStd: number;
  /** lambda_max right after pre-flossing (schedule 'pre'), before any task training: the configured kind, then both
   *  kinds; null without a pre-flossing phase (or where the tangent space collapsed). */
  lambdaMaxAfterFlossing: number | null;
  lambdaMaxAutonomousAfterFlossing: number | null;
  lambdaMaxDrivenAfterFlossing: number | null;
  /** lambda_max (the configured kind) measured every lyapunov.every iterations during training (absent when 0). */
  lambdaCurve?: { iteration: number[]; lambdaMax: (number | null)[] };
  /** How far the recurrent weights moved, ||W_end - W|| / ||W||: from the initial W (flossing and training together)
   *  and from the W task training started with (after pre-flossing; equal to `total` without it). Null for g = 0
   *  (||W|| = 0) and for a diverged run. */
  weightChange: { total: number | null; training: number | null };
  flossing: FlossingTrace;
  /** True if training stopped because the loss or gradient became non-finite. */
  diverged: boolean;
  divergedAt: number | null;
  /** Mirror-descent runs (optimiser.potential): the geometry test on W from the start of task training to its end,
   *  with those weights. Absent for plain steps, for a diverged run and when W did not move. */
  geometry?: RnnGeometry;
  /** With returnParams: the weights after training, and the initial ones (before any flossing). */
  params?: RnnParams;
  initialParams?: RnnParams;
}

/** `start`: weights to begin from instead of the model's random ones (a pre-trained network, same shapes). */
export function trainRnn(input: RnnTrainConfig, ctx: JobContext, start?: RnnParams): RnnTrainResult {
  const config = rnnTrainConfigSchema.parse(input);
  const seed = config.seed;
  const task = createTask(config.task);
  const model = createModel(config.model, task.nIn, task.nOut, createRng(seed, STREAM.model));
  if (start) setParams(model.params, start);
  const taskRng = createRng(seed, STREAM.task);
  const evalBatch = task.sample(createRng(seed, STREAM.evaluation), config.evalBatchSize);
  const feedback = usesRandomFeedback(config.rule) ? randomFeedback(createRng(seed, STREAM.feedback), model.shape.n, model.shape.nOut) : null;
  // Every measurement restarts the Lyapunov stream: before and after, autonomous and driven, are paired.
  const lyapunov = () => lyapunovKinds(model, config.lyapunov, () => createRng(seed, STREAM.lyapunov));
  const before = lyapunov();
  const initialLoss = evaluate(model, task, evalBatch).loss;
  const initialParams = cloneParams(model.params);

  const frozen: ParamKey[] = config.model.learnInitialState && config.rule === 'bptt' ? [] : ['x0'];
  const optimiser = createOptimiser(config.optimiser, model.shape, frozen);
  const flosser = new Flosser(config.flossing, model, createRng(seed, STREAM.flossing), task);
  const schedule = config.flossing.schedule;
  // Pre-flossing comes first (the loop below would start it at iteration 0 in the same place); lambda_max is
  // measured once more after it, so a run says what flossing did before training did anything.
  let afterFlossing: ReturnType<typeof lyapunov> | null = null;
  let divergedAt: number | null = null;
  if (schedule === 'pre' && flosser.shouldRunPhase(0)) {
    try {
      flosser.phase(0, ctx.checkCancelled);
      afterFlossing = lyapunov();
    } catch (error) {
      if (!isDivergence(error)) throw error;
      divergedAt = 0;
    }
  }
  const trainingStart = model.params.w.slice();
  const lambdaEvery = config.lyapunov.every;
  const lambdaCurve: NonNullable<RnnTrainResult['lambdaCurve']> = { iteration: [], lambdaMax: [] };
  const trackLambda = (it: number) => {
    lambdaCurve.iteration.push(it);
    lambdaCurve.lambdaMax.push(lyapunov().configured?.lambdaMax ?? null);
  };
  if (lambdaEvery > 0 && divergedAt === null) trackLambda(0);
  const curve: RnnTrainResult['lossCurve'] = { iteration: [], loss: [], accuracy: [] };
  const reportEvery = Math.max(1, Math.floor(config.iterations / 100));
  let reportedUpTo = 0;
  let traj: Trajectory | undefined; // the last iteration's, whose arrays the next forward pass reuses

  for (let it = 0; it <= config.iterations && divergedAt === null; it++) {
    ctx.checkCancelled();
    try {
      if (schedule !== 'none' && schedule !== 'continuous' && flosser.shouldRunPhase(it)) flosser.phase(it, ctx.checkCancelled);
      const batch = task.sample(taskRng, config.batchSize);
      traj = forward(model, batch.x, batch.steps, batch.batch, traj);
      const { loss, dy, accuracy } = evaluateLoss(traj.y, batch);
      curve.iteration.push(it);
      curve.loss.push(loss);
      curve.accuracy.push(accuracy);
      if (it === config.iterations) break; // the last entry is the loss after the final update
      const grads = estimateGradient(config.rule, model, traj, batch, dy, feedback, { modpropMu: config.modpropMu });
      if (schedule === 'continuous') flosser.addTo(grads);
      optimiser.step(model.params, grads);
      if (model.columnSigns) projectDale(model.params.w, model.shape.n, model.columnSigns);
    } catch (error) {
      if (!isDivergence(error)) throw error;
      divergedAt = it;
      break;
    }
    if (lambdaEvery > 0 && (it + 1) % lambdaEvery === 0) trackLambda(it + 1);
    if ((it + 1) % reportEvery === 0) {
      ctx.report({
        fraction: (0.05 + (0.9 * (it + 1)) / Math.max(1, config.iterations)),
        metrics: { loss: curve.loss[curve.loss.length - 1] },
        partial: { iteration: curve.iteration.slice(reportedUpTo), loss: curve.loss.slice(reportedUpTo) },
      });
      reportedUpTo = curve.iteration.length;
    }
  }

  const diverged = divergedAt !== null;
  let finalLoss: number | null = null, finalAccuracy: number | null = null;
  let after: ReturnType<typeof lyapunov> | null = null;
  if (!diverged) {
    const final = evaluate(model, task, evalBatch);
    finalLoss = final.loss;
    finalAccuracy = final.accuracy;
    after = lyapunov();
  }
  ctx.report({ fraction: 1, metrics: finalLoss === null ? {} : { finalLoss } });
  const w = model.params.w;
  return {
    config,
    lossCurve: curve,
    ...criterionFigures(curve.loss, finalLoss, config.successLoss),
    initialLoss,
    finalLoss,
    finalAccuracy,
    lambdaMaxBefore: before.configured?.lambdaMax ?? null,
    lambdaMaxAfter: after?.configured?.lambdaMax ?? null,
    spectrumBefore: before.configured?.spectrum ?? null,
    spectrumAfter: after?.configured?.spectrum ?? null,
    lambdaMaxAutonomousBefore: before.autonomous?.lambdaMax ?? null,
    lambdaMaxAutonomousAfter: after?.autonomous?.lambdaMax ?? null,
    lambdaMaxDrivenBefore: before.driven?.lambdaMax ?? null,
    lambdaMaxDrivenAfter: after?.driven?.lambdaMax ?? null,
    drivenInputStd: drivenInputStd(config.lyapunov),
    lambdaMaxAfterFlossing: afterFlossing?.configured?.lambdaMax ?? null,
    lambdaMaxAutonomousAfterFlossing: afterFlossing?.autonomous?.lambdaMax ?? null,
    lambdaMaxDrivenAfterFlossing: afterFlossing?.driven?.lambdaMax ?? null,
    ...(lambdaEvery > 0 ? { lambdaCurve } : {}),
    weightChange: {
      total: diverged ? null : relativeChange(w, initialParams.w),
      training: diverged ? null : relativeChange(w, trainingStart),
    },
    flossing: flosser.trace,
    diverged,
    divergedAt,
    ...geometryOf(config, diverged, trainingStart, w),
    ...(config.returnParams ? { params: cloneParams(model.params), initialParams } : {}),
  };
}

/** Errors that mean the network blew up (a non-finite loss or gradient, a collapsed tangent basis while flossing):
 *  the run stops and reports itself diverged instead of failing. */
function isDivergence(error: unknown): boolean {
  return error instanceof Error && /not finite|diverged|collapsed/.test(error.message);
}

/** The geometry block of a mirror-descent run that did not diverge and moved W. */
function geometryOf(config: RnnTrainConfig, diverged: boolean, before: Float64Array, after: Float64Array): { geometry?: RnnGeometry } {
  const geometry = config.optimiser.potential && !diverged ? recurrentGeometry(config.optimiser.potential, before, after) : null;
  return geometry ? { geometry } : {};
}

function evaluate(model: RnnModel, task: Task, batch: ReturnType<Task['sample']>) {
  const traj = forward(model, batch.x, batch.steps, batch.batch);
  return evaluateLoss(traj.y, batch);
}
