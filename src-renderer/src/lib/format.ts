/** Number, time and duration formatting shared by every table and panel, so the same quantity reads the same way. */

export function formatNumber(value: number | string | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(digits - 1);
  return value.toPrecision(digits);
}

/**
 * A stored figure as a reader wants it in a name-value table: up to `digits` significant digits without padding
 * zeros (0.5, not 0.500000), integers with thousands separators, text as it is.
 */
export function formatFigure(value: number | string | null | undefined, digits = 6): string {
  if (typeof value !== 'number' || !Number.isFinite(value) || Number.isInteger(value)) return formatNumber(value, digits);
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) return formatNumber(value, digits).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(digits)));
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

export function formatEta(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return 'estimating…';
  if (seconds < 1) return '< 1 s left';
  if (seconds < 60) return `${Math.round(seconds)} s left`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s left`;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "[0.12, 0.34]" for a confidence interval. */
export function formatInterval(interval: readonly [number, number], digits = 4): string {
  return `[${formatNumber(interval[0], digits)}, ${formatNumber(interval[1], digits)}]`;
}

/**
 * How a column reads on an axis or in a caption: "amplitude [mV]", or just the name when there is no unit or the
 * name already carries it ("amplitude (mV)").
 */
export function columnLabel(column: string, unit?: string | null): string {
  if (!unit || column.includes(`(${unit})`) || column.includes(`[${unit}]`)) return column;
  return `${column} [${unit}]`;
}

/** The `partial` mark of a cancelled sweep's result (src-core/jobs/kind.ts: PartialRuns), or null. */
export function partialOf(result: unknown): { done: number; planned: number } | null {
  const p = (result as { partial?: { done?: unknown; planned?: unknown } } | null | undefined)?.partial;
  return p && typeof p.done === 'number' && typeof p.planned === 'number' ? { done: p.done, planned: p.planned } : null;
}
