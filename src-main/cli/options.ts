import { CliError } from './io';

/**
 * Parsers for command-line options, shared by every command: each names the option and the offending text in its
 * error (exit code 2), so a typo never reaches the numerics as NaN.
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

type Values = Record<string, string | boolean | undefined>;

/** A number option: absent -> fallback; present -> finite, optionally an integer, within [min, max]. */
export function numberArg(values: Values, name: string, fallback: number | undefined, opts: { integer?: boolean; min?: number; max?: number } = {}): number | undefined {
  const text = values[name];
  if (text === undefined) return fallback;
  const v = Number(text);
  const { integer = false, min = -Infinity, max = Infinity } = opts;
  if (typeof text !== 'string' || text.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v)) || v < min || v > max) {
    const range = min > -Infinity && max < Infinity ? ` between ${min} and ${max}` : min > -Infinity ? ` >= ${min}` : '';
    throw new CliError(`--${name} must be ${integer ? 'an integer' : 'a number'}${range}, got "${String(text)}"`, 2);
  }
  return v;
}
