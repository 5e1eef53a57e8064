/**
 * The figures a training run is judged by beyond its final loss (issue 14): whether it solved the task, how fast
 * (iterations to criterion), how well along the way (area under the learning curve), and how far training moved
 * the recurrent weights (||dW|| / ||W0||).
 */

export interface CriterionFigures {
  /** Held-out final loss at most the success criterion (false for a diverged run). */
  solved: boolean;
  /** The first iteration whose training-batch loss is at most the criterion, or null if none is. */
  iterationsToCriterion: number | null;
  /** Area under the training-loss curve divided by its length: the mean training loss over the run (lower learns
   *  sooner and better; comparable between runs of the same length); null for an empty curve. */
  learningCurveArea: number | null;
}

export function criterionFigures(lossCurve: number[], finalLoss: number | null, successLoss: number): CriterionFigures {
  const first = lossCurve.findIndex((l) => l <= successLoss);
  let sum = 0;
  for (const l of lossCurve) sum += l;
  return {
    solved: finalLoss !== null && finalLoss <= successLoss,
    iterationsToCriterion: first < 0 ? null : first,
    learningCurveArea: lossCurve.length === 0 ? null : sum / lossCurve.length,
  };
}

/** ||a - reference|| / ||reference|| (Frobenius), or null when the reference is all zeros. */
export function relativeChange(a: Float64Array, reference: Float64Array): number | null {
  let diff = 0, ref = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - reference[i];
    diff += d * d;
    ref += reference[i] * reference[i];
  }
  return ref > 0 ? Math.sqrt(diff / ref) : null;
}
