/**
 * What the figures job kinds report are called where people read them: headline figures (History table and detail,
 * the side-by-side comparison, the HTML report) and progress metrics (Jobs panel). One table for all of them, with
 * units; a key a kind uses in its own sense (n, best) is labelled per kind. A key not listed here still reads as
 * words ("requiredSynapses" -> "required synapses"), never as code.
 */

import { FAMILIES } from '../stats/families/index';
/** Figures that mean the same in every kind (mostly progress metrics). */
const COMMON: Record<string, string> = {
  n: 'values (n)',
  seed: 'seed',
  resample: 'resample',
  resamples: 'bootstrap resamples',
  dim: 'width D (synapses)',
  synapses: 'synapses',
  power: 'power',
  requiredSynapses: 'synapses needed (power analysis)',
  steps: 'steps',
  loss: 'training loss',
  bestLoss: 'lowest training loss so far',
  finalLoss: 'final training loss (MSE)',
  lr: 'learning rate',
  lambdaMax: 'largest Lyapunov exponent λ_max (per step)',
  best: 'best',
  diverged: 'diverged',
  partial: 'cancelled: runs kept',
};

const BY_KIND: Record<string, Record<string, string>> = {
  dataset: { rows: 'rows kept', columns: 'value columns', dropped: 'rows dropped', unit: 'unit' },
  fit: {
    n: 'values fitted (n)', best: 'best family (ΔAIC ≥ 2 to every other; else "indistinguishable")', aic: 'AIC of the best family',
    ksP: 'KS p-value of the best family (parametric bootstrap)', verdict: 'verdict (best family by AIC)',
  },
  compare: {
    nA: 'simulated values (n)', nB: 'measured values (n)', ksD: 'two-sample KS statistic D', ksP: 'two-sample KS p-value',
    wasserstein: 'Wasserstein distance (units of the data)', scale: 'scale factor applied to the simulated values',
    verdict: 'verdict (which aspects differ)',
  },
  'geometry-test': {
    n: 'synapse pairs', best: 'best geometry (lowest dCDF)', excluded: 'pairs left out of the negative-entropy score',
    signFlips: 'synapses that changed sign (impossible under negative entropy)',
  },
  'md-final-fit': { n: 'values', best: 'best geometry (highest log-likelihood)' },
  'lognormal-bootstrap': { n: 'values (n)', mu: 'μ (mean of ln x)', sigma: 'σ (s.d. of ln x)' },
  'md-linear-regression': {
    D: 'weights D', potential: 'trained under the potential', best: 'best geometry (lowest dCDF)', lr: 'learning rate (selected)',
  },
  'md-two-layer': { potential: 'trained under the potential', best: 'best geometry (lowest dCDF)', lr: 'learning rate (selected)' },
  'md-rnn': {
    potential: 'trained under the potential', best: 'best geometry of the recurrent weights (lowest dCDF)', lr: 'learning rate (selected)',
    finalLoss: 'final fine-tuning loss (cross-entropy)', changeMagnitude: 'relative change of the recurrent weights in dual coordinates',
  },
  'md-width-sweep': { tasks: 'training runs', curves: 'true potentials', maxD: 'largest width D (synapses)' },
  'rnn-lyapunov': { k: 'exponents computed', steps: 'steps simulated' },
  'rnn-train': {
    initialLoss: 'initial training loss', finalLoss: 'final training loss', finalAccuracy: 'final accuracy',
    lambdaMaxBefore: 'λ_max before training (per step)', lambdaMaxAfter: 'λ_max after training (per step)', diverged: 'diverged',
    best: 'best geometry of the recurrent weights (lowest dCDF; mirror descent)', changeMagnitude: 'relative change of the recurrent weights in dual coordinates',
  },
  'rnn-sweep': {
    runs: 'training runs', bestFinalLoss: 'lowest mean final loss (best cell)', best: 'best cell (rule, gain)', diverged: 'diverged runs',
  },
};

/** Family names as people read them mid-sentence (code name -> words). */
/** Each family's own word (the one its verdicts use), by code name. */
const FAMILY_NAMES: Record<string, string> = Object.fromEntries(Object.values(FAMILIES).map((f) => [f.name, f.word]));

/** A family's name as it reads mid-sentence, from its code name ("lognormal") or its display label ("Log-normal"). */
export function familyLabel(name: string): string {
  return FAMILY_NAMES[name] ?? Object.values(FAMILY_NAMES).find((label) => label.toLowerCase() === name.toLowerCase()) ?? name;
}

/** A figure's value as shown: code names among the values (the best family) in words, the rest as they are. */
export function figureValue(key: string, value: number | string, kind?: string | null): number | string {
  return kind === 'fit' && key === 'best' && typeof value === 'string' ? familyLabel(value) : value;
}

/** camelCase and kebab-case as words: "lambdaMaxAfter" -> "lambda max after". */
export function keyAsWords(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}

/** True when the table names this figure (tests keep every headline key of every kind in it). */
export function hasLabel(key: string, kind?: string | null): boolean {
  return !!(kind && BY_KIND[kind]?.[key]) || key in COMMON;
}

/**
 * The label of a figure `key` reported by a job of `kind` (a job kind such as 'fit', or 'dataset' for an import).
 * The identification test reports one figure per true potential ("p=3": "4/5").
 */
export function figureLabel(key: string, kind?: string | null): string {
  const own = kind ? BY_KIND[kind]?.[key] : undefined;
  if (own) return own;
  if (kind === 'md-identification') return `identified, true ${key === 'negative-entropy' ? 'negative entropy' : key.replace('=', ' = ')} (repeats within 0.1 in p)`;
  return COMMON[key] ?? keyAsWords(key);
}
