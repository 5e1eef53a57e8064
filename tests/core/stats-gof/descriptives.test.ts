import { describe as group, expect, it } from 'vitest';
import { describe, quantileSorted } from '@core/stats/descriptives';
import { dataset, ref } from './reference-data';

type Row = Record<string, number | string | null>;

/** Relative error with an absolute floor for figures near zero (skewness of nearly symmetric data). */
function close(a: number | null, b: number | null, rel: number, scale = 1): void {
  if (b === null || b === undefined) {
    expect(a).toBeNull();
    return;
  }
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(b), scale));
}

group('descriptives against numpy/scipy', () => {
  for (const r of ref.descriptives as Row[]) {
    it(String(r.data), () => {
      const d = describe(dataset(String(r.data)));
      expect(d.n).toBe(r.n);
      expect(d.dropped).toBe(0);
      expect(d.nonPositive).toBe(r.nonPositive);
      for (const k of ['mean', 'sd', 'median', 'q1', 'q3', 'min', 'max'] as const) close(d[k], r[k] as number, 1e-12);
      close(d.iqr, (r.q3 as number) - (r.q1 as number), 1e-12, Math.abs(r.q3 as number));
      // moment ratios lose a few digits to cancellation in the central moments
      close(d.skewness, r.skewness as number, 1e-10, 1e-3);
      close(d.skewnessBiased, r.skewnessBiased as number, 1e-10, 1e-3);
      close(d.excessKurtosis, r.excessKurtosis as number | null, 1e-10, 1e-3);
      close(d.excessKurtosisBiased, r.excessKurtosisBiased as number, 1e-10, 1e-3);
      close(d.cv, r.cv as number | null, 1e-12);
      close(d.logMean, (r.logMean ?? null) as number | null, 1e-12, 1e-3);
      close(d.logSd, (r.logSd ?? null) as number | null, 1e-12);
      close(d.geometricMean, (r.geometricMean ?? null) as number | null, 1e-12);
    });
  }
});

group('descriptives input handling', () => {
  it('refuses NaN/inf with their count, or drops them on request', () => {
    expect(() => describe([1, 2, NaN, 3, Infinity])).toThrow(/2 non-finite value\(s\).*out of 5/);
    const d = describe([1, 2, NaN, 3, 4, -Infinity], { dropNonFinite: true });
    expect(d.n).toBe(4);
    expect(d.dropped).toBe(2);
    expect(d.mean).toBe(2.5);
  });
  it('refuses empty and too short columns', () => {
    expect(() => describe([])).toThrow(/no finite values \(0 of 0\)/);
    expect(() => describe([1, 2])).toThrow(/at least 3 values, got 2/);
    expect(() => describe([NaN, NaN], { dropNonFinite: true })).toThrow(/no finite values \(0 of 2\)/);
  });
  it('all-equal values: zero spread, shape figures null rather than NaN', () => {
    const d = describe([2, 2, 2, 2]);
    expect(d.sd).toBe(0);
    expect(d.iqr).toBe(0);
    expect(d.skewness).toBeNull();
    expect(d.excessKurtosis).toBeNull();
    expect(d.logSd).toBe(0);
    expect(d.geometricMean).toBeCloseTo(2, 14);
  });
  it('non-positive values: log figures null, with the count', () => {
    const d = describe([-1, 0, 1, 2, 3]);
    expect(d.nonPositive).toBe(2);
    expect(d.logMean).toBeNull();
    expect(d.geometricMean).toBeNull();
    expect(d.cv).toBeCloseTo(Math.sqrt(2.5) / 1, 14);
  });
  it('quantiles follow numpy linear interpolation', () => {
    const s = Float64Array.of(1, 2, 4, 8);
    expect(quantileSorted(s, 0.25)).toBe(1.75);
    expect(quantileSorted(s, 0.5)).toBe(3);
    expect(quantileSorted(s, 1)).toBe(8);
    expect(() => quantileSorted(s, 1.5)).toThrow(/\[0, 1\]/);
  });
});
