import { describe, expect, it } from 'vitest';
import { binValues, histogramOption } from '../../src-renderer/src/components/charts/options/histogram';
import { formatDuration, formatEta, formatInterval, formatNumber } from '../../src-renderer/src/lib/format';

describe('histogram bins', () => {
  it('counts every finite value once, in equal-width bins spanning min to max', () => {
    const values = new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN, Infinity]);
    const bins = binValues(values, 5);
    expect(bins.edges).toEqual([0, 2, 4, 6, 8, 10]);
    expect(bins.counts).toEqual([2, 2, 2, 2, 3]); // the maximum falls in the last bin
    expect(bins.counts.reduce((a, b) => a + b, 0)).toBe(11);
  });

  it('handles constant and empty input without dividing by zero', () => {
    expect(binValues([3, 3, 3], 4).counts.reduce((a, b) => a + b, 0)).toBe(3);
    expect(binValues([])).toEqual({ edges: [], counts: [] });
  });

  it('builds one rectangle per bin and one marker line per marker', () => {
    const option = histogramOption(binValues([1, 2, 3, 4], 2), { xName: 'x', markers: [{ value: 2.5, label: 'estimate', solid: true }] }) as {
      series: { data: number[][]; markLine: { data: { xAxis: number; lineStyle: { type: string } }[] } }[];
    };
    expect(option.series[0].data).toEqual([[1, 2.5, 2], [2.5, 4, 2]]);
    expect(option.series[0].markLine.data).toEqual([{ name: 'estimate', xAxis: 2.5, lineStyle: { type: 'solid', width: 2 } }]);
  });
});

describe('formatting', () => {
  it('reads numbers, durations, ETAs and intervals the same way everywhere', () => {
    expect(formatNumber(2000)).toBe('2,000');
    expect(formatNumber(0.534536, 4)).toBe('0.5345');
    expect(formatNumber(1.5e-5)).toBe('1.500e-5');
    expect(formatNumber(null)).toBe('—');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(0.4)).toBe('< 1 s left');
    expect(formatEta(95)).toBe('1 min 35 s left');
    expect(formatInterval([0.1, 0.25], 2)).toBe('[0.10, 0.25]');
  });
});
