/**
 * How exported CSV files write their cells, in one place so every export (entry arrays, data-set tables) agrees:
 * numbers in their shortest round-trip decimal form, with NaN/inf spelled the way pandas and R read them.
 */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}
