/**
 * What may be concluded about "the best family" from a set of fits: the one verdict the CLI, the job headline and
 * the Fit page all print, so a headline always follows from the ΔAIC and Akaike weights beside it.
 *
 *  - A family is named best only when every rival's AIC is at least 2 higher (ΔAIC >= 2: Burnham & Anderson 2002,
 *    "Model selection and multimodel inference", sec. 2.6, where models within 2 of the best have substantial
 *    support). Otherwise the families within 2 are listed as indistinguishable, best first.
 *  - Warnings flag what makes a fit's numbers unfit to quote: an interval that leaves the parameter space (a Wald
 *    interval on too few values: the estimate's sampling distribution is far from normal) and a mixture component
 *    sitting on a constraint of the model (a degenerate component).
 * The power law (tail-only, no Akaike weight) takes no part in the ranking.
 */
import type { FamilyName, Params } from '../family';
import { getFamily } from '../families/index';

/** Fits within this AIC of the best are not distinguished from it. */
export const INDISTINGUISHABLE_DELTA_AIC = 2;

/** What the verdict reads of one fit. */
export interface VerdictInput {
  dist: FamilyName;
  aic: number;
  /** null: not ranked (the tail-only power law). */
  akaikeWeight: number | null;
  params: Params;
  /** The intervals shown beside the parameters, with their level. */
  intervals?: { level: number; bounds: Record<string, [number, number]>; kind: string };
  /** Constraints the estimate lies on, in words (the two-log-normal mixture). */
  atBound?: string[];
}

export interface FitVerdict {
  /** The family that may be called best; null when none stands out (see indistinguishable) or nothing was fitted. */
  best: FamilyName | null;
  /** Families within ΔAIC < 2 of the lowest AIC, lowest first, when there are at least two; else empty. */
  indistinguishable: FamilyName[];
  /** AIC of the runner-up minus that of the best (null without a single best or a runner-up). */
  deltaToNext: number | null;
  /** Akaike weight of the best (null without a single best). */
  weight: number | null;
  warnings: string[];
  /** One line to quote, e.g. "log-normal (ΔAIC to the next 4.1, weight 0.89)". */
  text: string;
}

/** Two significant digits for deltas and weights, more only when needed to tell them apart from 0 or 1. */
function short(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return Number(x.toPrecision(2)).toString();
}

function weightText(w: number): string {
  if (w > 0.995) return '> 0.99';
  if (w < 0.005) return '< 0.01';
  return w.toFixed(2);
}

/** Warnings about the fits' own numbers (intervals outside the parameter space, estimates on a constraint). */
export function fitWarnings(fits: readonly VerdictInput[]): string[] {
  const out: string[] = [];
  for (const f of fits) {
    const family = getFamily(f.dist);
    for (const note of f.atBound ?? []) out.push(`${family.word}: ${note} (a degenerate component; its estimates are at the edge of the model)`);
    const iv = f.intervals;
    if (!iv) continue;
    for (const [name, [lo, hi]] of Object.entries(iv.bounds)) {
      const domain = family.paramDomain[name];
      const outside = domain === 'positive' ? lo <= 0 : domain === 'unit-interval' ? lo <= 0 || hi >= 1 : false;
      if (!outside) continue;
      const where = domain === 'positive' ? `${name} > 0` : `0 < ${name} < 1`;
      out.push(
        `${family.word}: the ${Math.round(iv.level * 100)} % ${iv.kind} interval of ${name}, [${Number(lo.toPrecision(3))}, ` +
          `${Number(hi.toPrecision(3))}], leaves the parameter space (${where}): too few values for it; use bootstrap intervals`,
      );
    }
  }
  return out;
}

/** The verdict on a set of fits (any order). */
export function fitVerdict(fits: readonly VerdictInput[]): FitVerdict {
  const ranked = fits.filter((f) => f.akaikeWeight !== null && Number.isFinite(f.aic)).sort((a, b) => a.aic - b.aic);
  const warnings = fitWarnings(fits);
  if (ranked.length === 0) return { best: null, indistinguishable: [], deltaToNext: null, weight: null, warnings, text: 'no family could be fitted' };
  const top = ranked[0];
  const tied = ranked.filter((f) => f.aic - top.aic < INDISTINGUISHABLE_DELTA_AIC);
  const word = (d: FamilyName) => getFamily(d).word;
  if (tied.length >= 2) {
    const names = tied.map((f) => f.dist);
    return {
      best: null, indistinguishable: names, deltaToNext: null, weight: null, warnings,
      text: `indistinguishable: ${names.map(word).join(', ')} (ΔAIC < ${INDISTINGUISHABLE_DELTA_AIC})`,
    };
  }
  const weight = top.akaikeWeight;
  if (ranked.length === 1) {
    return { best: top.dist, indistinguishable: [], deltaToNext: null, weight, warnings, text: `${word(top.dist)} (the only family fitted)` };
  }
  const delta = ranked[1].aic - top.aic;
  return {
    best: top.dist, indistinguishable: [], deltaToNext: delta, weight, warnings,
    text: `${word(top.dist)} (ΔAIC to the next ${short(delta)}, weight ${weightText(weight ?? NaN)})`,
  };
}
