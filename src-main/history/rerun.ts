import { ApiError } from '@core/contract/errors';
import type { EntryDetail } from '@core/contract/entries';
import { startJobSchema } from '@core/jobs/schemas';
import type { z } from 'zod';

export type RerunRequest = z.output<typeof startJobSchema>;

/**
 * The startJob request that repeats an entry: same job kind, same configuration (arrays included), same seed. Since
 * shard i draws from createRng(seed, i + 1) whatever the number of workers, the new entry's numbers equal the old
 * ones bit for bit. The stored configuration is validated again: a kind whose schema changed since says so.
 */
export function rerunRequest(entry: EntryDetail): RerunRequest {
  if (!entry.jobKind || entry.seed === null) {
    throw new ApiError({ code: 'conflict', message: `History entry ${entry.id} (${entry.kind}) was not computed by a job; there is nothing to re-run` });
  }
  const parsed = startJobSchema.safeParse({ kind: entry.jobKind, config: entry.config, seed: entry.seed, name: `${entry.name} (re-run)`.slice(0, 200) });
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(config)', message: i.message }));
    throw new ApiError({
      code: 'invalid-input',
      message: `History entry ${entry.id} cannot be re-run by this version: its stored configuration no longer fits job kind ` +
        `"${entry.jobKind}" (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`,
      issues,
    });
  }
  return parsed.data;
}

/**
 * How a re-run compares with the stored original: `reproduced` when every number the original stored comes out again
 * bit for bit (sameNumbers on the original's fields), and `addedFields`, the result fields a newer app version stores
 * that the original did not have (they cannot differ from anything, so they do not count against reproducing it).
 */
export function compareRerun(original: unknown, rerun: unknown): { reproduced: boolean; addedFields: string[] } {
  const addedFields: string[] = [];
  const walk = (a: unknown, b: unknown, path: string): boolean => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of Object.keys(b)) if (!(key in a)) addedFields.push(path ? `${path}.${key}` : key);
      return Object.keys(a).every((key) => key in b && walk(a[key], b[key], path ? `${path}.${key}` : key));
    }
    return sameNumbers(a, b);
  };
  const reproduced = walk(original, rerun, '');
  return { reproduced, addedFields: addedFields.sort() };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

/** True when two results hold the same numbers bit for bit (typed arrays by bytes, numbers with Object.is). */
export function sameNumbers(a: unknown, b: unknown): boolean {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor || a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameNumbers(v, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameNumbers((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}
