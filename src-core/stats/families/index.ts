/** Registry of the distribution families: look one up by name, or list them all. */
import type { Family, FamilyName } from '../family';
import { exponential } from './exponential';
import { gamma } from './gamma';
import { invgauss } from './invgauss';
import { loglogistic } from './loglogistic';
import { lognormal } from './lognormal';
import { lognormalMixture } from './lognormal-mixture';
import { normal } from './normal';
import { powerlaw } from './powerlaw';
import { weibull } from './weibull';

export const FAMILIES: Readonly<Record<FamilyName, Family>> = {
  lognormal,
  normal,
  gamma,
  weibull,
  exponential,
  loglogistic,
  invgauss,
  'lognormal-mixture': lognormalMixture,
  powerlaw,
};

/** All family names, in display order. */
export const FAMILY_NAMES = Object.keys(FAMILIES) as FamilyName[];

/** The families scipy also has (the default set of the fit report and of the benchmark against scipy). */
export const STANDARD_FAMILIES: readonly FamilyName[] = [
  'lognormal',
  'normal',
  'gamma',
  'weibull',
  'exponential',
  'loglogistic',
  'invgauss',
];

export function isFamilyName(name: string): name is FamilyName {
  return Object.prototype.hasOwnProperty.call(FAMILIES, name);
}

/** The family called `name`; throws an Error listing the known names otherwise. */
export function getFamily(name: string): Family {
  if (!isFamilyName(name)) throw new Error(`unknown distribution family "${name}"; known: ${FAMILY_NAMES.join(', ')}`);
  return FAMILIES[name];
}

export { SampleStats } from './sample-stats';
export { exponential, gamma, invgauss, loglogistic, lognormal, lognormalMixture, normal, powerlaw, weibull };
