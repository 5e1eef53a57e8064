/** Registry of the distribution families: look one up by name, or list them all. */
import type { Family, FamilyName } from '../family';
import { lognormal } from './lognormal';
import { normal } from './normal';

export const FAMILIES: Readonly<Partial<Record<FamilyName, Family>>> = {
  lognormal,
  normal,
};

/** The family called `name`; throws an Error listing the known names otherwise. */
export function getFamily(name: string): Family {
  const f = (FAMILIES as Record<string, Family | undefined>)[name];
  if (!f) throw new Error(`unknown distribution family "${name}"; known: ${Object.keys(FAMILIES).join(', ')}`);
  return f;
}

export { SampleStats } from './sample-stats';
