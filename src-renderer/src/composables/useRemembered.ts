import { reactive, watch } from 'vue';

/**
 * Forms that remember their last values across restarts (in localStorage, per form): a scientist who ran a sweep
 * yesterday finds today the same sizes, seeds and choices. Stored values are taken only where their type matches the
 * form's defaults, so a renamed or retyped field after an update falls back to its default instead of breaking the
 * form. Fields named in `omit`, at any depth (pasted samples, which can be megabytes), are never stored.
 */
const PREFIX = 'plasticity-lab:form:';

export function rememberedForm<T extends object>(key: string, defaults: T, options: { omit?: string[] } = {}): T {
  const omit = new Set<string>(options.omit ?? []);
  const form = reactive(merge(structuredClone(defaults), read(PREFIX + key), omit)) as T;
  watch(
    () => JSON.stringify(form, (k, v) => (omit.has(k) ? undefined : v)),
    (text) => write(PREFIX + key, text),
  );
  return form;
}

/** `stored`'s values over `base` wherever the key exists in `base` with the same kind of value (recursively). */
function merge<T>(base: T, stored: unknown, omit: Set<string>): T {
  if (!isRecord(base) || !isRecord(stored)) return base;
  for (const [key, value] of Object.entries(base)) {
    if (omit.has(key) || !(key in stored)) continue;
    const saved = stored[key];
    if (isRecord(value)) merge(value, saved, omit);
    else if (Array.isArray(value) ? Array.isArray(saved) && saved.every((v) => typeof v === typeof (value[0] ?? v)) : typeof saved === typeof value && (typeof saved !== 'number' || Number.isFinite(saved))) {
      (base as Record<string, unknown>)[key] = saved;
    }
  }
  return base;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function read(key: string): unknown {
  try {
    const text = localStorage.getItem(key);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null; // Storage unavailable or a damaged value: start from the defaults.
  }
}

function write(key: string, text: string): void {
  try {
    localStorage.setItem(key, text);
  } catch {
    // Storage full or disabled: the form still works, it just will not be remembered.
  }
}

/** Reads and writes one remembered value of any JSON shape (e.g. the recent data sets). */
export const rememberedValue = {
  read: <T>(key: string, isValid: (value: unknown) => value is T): T | null => {
    const value = read(PREFIX + key);
    return isValid(value) ? value : null;
  },
  write: (key: string, value: unknown) => write(PREFIX + key, JSON.stringify(value)),
};
