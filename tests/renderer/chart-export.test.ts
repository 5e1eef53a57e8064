import { describe, expect, it } from 'vitest';
import { chartCsv } from '../../src-renderer/src/lib/chart-csv';
import { lineChartOption } from '../../src-renderer/src/components/charts/options/lines';
import { dcdfVsPOption, hypothesisP } from '../../src-renderer/src/components/charts/options/geometry';
import { commonEdges, densityBins, gaussianCurve } from '../../src-renderer/src/components/charts/options/distribution';

describe('chart CSV', () => {
  it('holds every plotted point with its series and named dimensions, bands included', () => {
    const option = lineChartOption(
      [{ name: 'a, quoted', x: [1, 2], y: [0.5, null], band: { lo: [0.4, 0.1], hi: [0.6, 0.3] } }],
      { xName: 'x', yName: 'y' },
    );
    const lines = chartCsv(option as { series: unknown }).trim().split('\n');
    expect(lines[0]).toBe('series,x,lo,hi,y');
    expect(lines).toContain('"a, quoted",1,0.4,0.6,');
    expect(lines).toContain('"a, quoted",1,,,0.5');
    // A gap (null) stays an empty cell, never "null" or NaN.
    expect(lines).toContain('"a, quoted",2,,,');
  });

  it('defuses series names a spreadsheet would run as formulas, numbers untouched', () => {
    const option = lineChartOption([{ name: '=HYPERLINK("http://evil.example")', x: [-1], y: [2] }, { name: '@SUM(1)', x: [1], y: [-3] }], { xName: 'x', yName: 'y' });
    const lines = chartCsv(option as { series: unknown }).trim().split('\n');
    expect(lines).toContain('"\'=HYPERLINK(""http://evil.example"")",-1,2');
    expect(lines).toContain("'@SUM(1),1,-3");
  });
});

describe('geometry charts', () => {
  it('puts negative entropy at p = 1 and marks the best hypothesis', () => {
    expect(hypothesisP('negative-entropy')).toBe(1);
    expect(hypothesisP('p=2.5')).toBe(2.5);
    expect(hypothesisP('hyperbolic(beta=0.1)')).toBeNull();
    const option = dcdfVsPOption([{ hypothesis: 'p=2', dcdf: 0.3 }, { hypothesis: 'negative-entropy', dcdf: 0.1 }], 'negative-entropy') as { series: { type: string; data: unknown[] }[] };
    const line = option.series.find((s) => s.type === 'line')!;
    expect(line.data).toEqual([[1, 0.1], [2, 0.3]]);
    const marked = option.series.find((s) => s.type === 'scatter')!;
    expect(marked.data).toEqual([{ name: 'best', value: [1, 0.1], label: { align: 'left' } }]);
  });
});

describe('density histograms', () => {
  it('integrate to one on shared edges, linear and logarithmic', () => {
    const a = Array.from({ length: 400 }, (_, i) => Math.exp((i - 200) / 80));
    for (const log of [false, true]) {
      const edges = commonEdges([a], { log, count: 20 });
      const bins = densityBins(a, edges);
      const area = bins.density.reduce((s, d, i) => s + d * (edges[i + 1] - edges[i]), 0);
      expect(area).toBeCloseTo(1, 12);
    }
  });

  it('draws the Gaussian with the sample mean and s.d.', () => {
    const g = gaussianCurve([1, 2, 3, 4, 5], [0, 6]);
    expect(g.mean).toBe(3);
    expect(g.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    const peak = Math.max(...g.y);
    expect(peak).toBeCloseTo(1 / (Math.sqrt(2.5) * Math.sqrt(2 * Math.PI)), 3);
  });
});
