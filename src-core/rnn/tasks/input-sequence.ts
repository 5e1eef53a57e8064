/**
 * A task's inputs as one long sequence: consecutive trials of a batch joined end to end. Flossing on a task-driven
 * trajectory and the task-driven Lyapunov exponents need more steps than one trial may have.
 */
import type { Rng } from '../../random/rng';
import type { Task } from './types';

/** `steps` x nIn inputs from ceil(steps / task.steps) trials drawn with `rng`, trial after trial. */
export function taskInputSequence(task: Task, rng: Rng, steps: number): Float64Array {
  const { nIn } = task;
  const trials = Math.max(1, Math.ceil(steps / task.steps));
  const batch = task.sample(rng, trials);
  const out = new Float64Array(steps * nIn);
  for (let s = 0; s < steps; s++) {
    const trial = Math.floor(s / task.steps), t = s % task.steps;
    const from = (t * trials + trial) * nIn;
    for (let i = 0; i < nIn; i++) out[s * nIn + i] = batch.x[from + i];
  }
  return out;
}
