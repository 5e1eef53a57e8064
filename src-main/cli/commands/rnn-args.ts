import { CliError } from '../io';

/**
 * Parsers for `rnn` options: each names the option and the offending text in its error (exit code 2), so a typo
 * never reaches the numerics as NaN.
 */
export function intOption(name: string, text: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`--${name} must be an integer${max === Number.MAX_SAFE_INTEGER ? ` >= ${min}` : ` from ${min} to ${max}`}, got "${text}"`, 2);
  }
  return value;
}

export function numberOption(name: string, text: string | undefined, fallback: number, check: (v: number) => boolean, rule: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw new CliError(`--${name} must be ${rule}, got "${text}"`, 2);
  return value;
}

export function choiceOption<T extends string>(name: string, text: string | undefined, fallback: T, choices: readonly T[]): T {
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) throw new CliError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`, 2);
  return text as T;
}

/** A comma-separated list, each item checked by `item` (which throws a CliError naming the option). */
export function listOption<T>(name: string, text: string | undefined, fallback: T[], item: (part: string) => T): T[] {
  if (text === undefined) return fallback;
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new CliError(`--${name} must be a comma-separated list without empty items, got "${text}"`, 2);
  return parts.map(item);
}

/** The same object with the given keys first, so the figures a reader looks for head the JSON document. */
export function withLeading(value: object, keys: string[]): object {
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = (value as Record<string, unknown>)[key];
  return Object.assign(out, value);
}
