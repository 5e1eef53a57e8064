/**
 * Flossing schedules for training (Engelken 2023 for BPTT; extended to the local rules as in Liu, Zhang & Liu 2024):
 *   pre         (A) a "developmental" flossing phase before any task training;
 *   inter       (B) flossing phases between training iterations (every `every` iterations, at most `maxPhases`);
 *   continuous  (C) weight x the flossing gradient added to every training update.
 * Each flossing evaluation uses a fresh trajectory from the flosser's own random stream: autonomous, noise-driven or
 * driven by the task's inputs (flossingTrajectory), and the exact gradient or the local rule (config.gradient).
 */
import type { Rng } from '../random/rng';
import { drawFlossingSample, flossingGradient, type FlossingSettings } from './flossing';
import { localFlossingGradient } from './flossing-local';
import { createOptimiser, type Optimiser } from './optimisers';
import { addScaled, type ParamKey, type RnnParams } from './params';
import { projectDale, type RnnModel } from './init';
import { flossingOptimiser, flossingTrajectory, type FlossingConfig, type FlossingTrajectory } from './schema';
import { taskInputSequence } from './tasks/input-sequence';
import type { Task } from './tasks/types';

export interface FlossingTrace {
  /** Flossing loss and lambda_1 of every flossing evaluation, in order. */
  loss: number[];
  lambda1: number[];
  /** Training iteration at which each phase started (pre-flossing is iteration 0). */
  phaseStarts: number[];
}

export class Flosser {
  readonly trace: FlossingTrace = { loss: [], lambda1: [], phaseStarts: [] };
  readonly trajectory: FlossingTrajectory;
  private readonly settings: FlossingSettings;
  private readonly optimiser: Optimiser;

  constructor(private readonly config: FlossingConfig, private readonly model: RnnModel, private readonly rng: Rng, private readonly task: Task | null = null) {
    this.trajectory = flossingTrajectory(config);
    if (this.trajectory === 'task' && task === null) throw new Error('task-driven flossing needs the task');
    const inputStd = this.trajectory === 'autonomous' ? 0 : config.inputStd;
    this.settings = { k: config.k, steps: config.trajectorySteps, warmup: config.warmup, target: config.target, inputStd };
    // The readout and the initial state are never flossed; U only where the task's input drives the trajectory.
    const frozen: ParamKey[] = this.trajectory === 'task' ? ['v', 'c', 'x0'] : ['u', 'v', 'c', 'x0'];
    this.optimiser = createOptimiser(
      { ...flossingOptimiser(config), beta2: 0.999, epsilon: 1e-8, clipNorm: null },
      model.shape, frozen,
    );
  }

  /** The weighted flossing gradient on a fresh trajectory. */
  gradient(): RnnParams {
    const sample = drawFlossingSample(this.rng, this.model, this.settings);
    if (this.trajectory === 'task') sample.inputs = taskInputSequence(this.task!, this.rng, this.settings.warmup + this.settings.steps);
    const result = (this.config.gradient === 'local' ? localFlossingGradient : flossingGradient)(this.model, sample, this.settings);
    this.trace.loss.push(result.loss);
    this.trace.lambda1.push(result.exponents[0]);
    const g = result.grads;
    for (const arr of [g.w, g.b, g.u]) for (let i = 0; i < arr.length; i++) arr[i] *= this.config.weight;
    return g;
  }

  /** One flossing phase of `phaseSteps` updates (Adam or SGD, config.optimiser). */
  phase(iteration: number, checkCancelled: () => void): void {
    this.trace.phaseStarts.push(iteration);
    for (let s = 0; s < this.config.phaseSteps; s++) {
      checkCancelled();
      this.optimiser.step(this.model.params, this.gradient());
      if (this.model.columnSigns) projectDale(this.model.params.w, this.model.shape.n, this.model.columnSigns);
    }
  }

  /** Schedule (C): add the flossing gradient into the task gradient. */
  addTo(grads: RnnParams): void {
    addScaled(grads, this.gradient(), 1);
  }

  shouldRunPhase(iteration: number): boolean {
    const c = this.config;
    if (c.schedule === 'pre') return iteration === 0 && this.trace.phaseStarts.length === 0;
    if (c.schedule === 'inter') return iteration > 0 && iteration % c.every === 0 && this.trace.phaseStarts.length < c.maxPhases;
    return false;
  }
}
