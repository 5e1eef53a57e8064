/**
 * What a final-distribution fit (final-distribution-fit.ts) says in words, shared by the CLI and the interface so
 * both draw the same line. Every hypothesis has the same four parameters, so log-likelihoods compare directly (an
 * AIC difference would be twice theirs). The paper (Sec. 4.4) uses this fit to rule the Euclidean geometry out and
 * notes that it cannot pin p down: neighbouring p give nearly the same density once the two constants and sigma are
 * refitted, so we always say so and list the hypotheses that the data cannot tell from the best one.
 */
import type { FinalFitResult } from './final-distribution-fit';

/** A likelihood ratio of 100 (Jeffreys' "decisive"): a log-likelihood difference beyond this counts as clear. */
export const DECISIVE_LOG_LIK = Math.log(100);

export const EUCLIDEAN_HYPOTHESIS = 'p=2';

export interface FinalFitVerdict {
  best: string;
  bestLogLik: number;
  /** Best minus Euclidean log-likelihood; null when p = 2 was not fitted or cannot describe the data. */
  euclideanGap: number | null;
  /** Euclidean more than DECISIVE_LOG_LIK below the best. */
  euclideanRuledOut: boolean;
  /** Hypotheses within DECISIVE_LOG_LIK of the best (the best included): the data do not tell these apart. */
  indistinguishable: string[];
  /** Hypotheses that cannot describe the data at all (zeros, mixed signs under negative entropy): no log-likelihood. */
  undescribed: string[];
}

export function finalFitVerdict(result: Pick<FinalFitResult, 'fits' | 'best'>): FinalFitVerdict {
  const best = result.fits.find((f) => f.hypothesis === result.best);
  if (!best || best.logLik === null) throw new Error(`final-distribution fit: the best hypothesis ${result.best} has no log-likelihood`);
  const bestLogLik = best.logLik;
  const euclid = result.fits.find((f) => f.hypothesis === EUCLIDEAN_HYPOTHESIS);
  const euclideanGap = euclid && euclid.logLik !== null ? bestLogLik - euclid.logLik : null;
  return {
    best: best.hypothesis,
    bestLogLik,
    euclideanGap,
    euclideanRuledOut: euclideanGap !== null && euclideanGap > DECISIVE_LOG_LIK,
    indistinguishable: result.fits.filter((f) => f.logLik !== null && bestLogLik - f.logLik <= DECISIVE_LOG_LIK).map((f) => f.hypothesis),
    undescribed: result.fits.filter((f) => f.logLik === null).map((f) => f.hypothesis),
  };
}
