/** A batch of trials as every task produces it and every loss and rule consumes it (batch-major, like forward). */
export interface TaskBatch {
  steps: number;
  batch: number;
  nIn: number;
  nOut: number;
  /** Inputs, T x B x nIn. */
  x: Float64Array;
  /** Targets, T x B x nOut (one-hot rows for cross-entropy). */
  target: Float64Array;
  /** Loss weight of every (step, trial), T x B; 0 = not scored. */
  mask: Float64Array;
  loss: 'mse' | 'cross-entropy';
  /** How a scored step counts as correct: sign of a +-1 target (MSE), argmax (cross-entropy), or no accuracy. */
  accuracy: 'sign' | 'argmax' | null;
  /** Steps scored for accuracy (T x B, 0/1), usually the response or decision window. */
  scoreMask: Float64Array;
}

/** A task is a seeded generator of batches with fixed input and output sizes. */
export interface Task {
  name: string;
  nIn: number;
  nOut: number;
  steps: number;
  sample(rng: import('../../random/rng').Rng, batch: number): TaskBatch;
}

export function emptyBatch(steps: number, batch: number, nIn: number, nOut: number, loss: TaskBatch['loss'], accuracy: TaskBatch['accuracy']): TaskBatch {
  return {
    steps, batch, nIn, nOut, loss, accuracy,
    x: new Float64Array(steps * batch * nIn),
    target: new Float64Array(steps * batch * nOut),
    mask: new Float64Array(steps * batch),
    scoreMask: new Float64Array(steps * batch),
  };
}
