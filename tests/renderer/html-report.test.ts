// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { abbreviateArrays, buildHtmlReport, snapshotResult } from '../../src-renderer/src/lib/html-report';
import { registerChartSnapshot } from '../../src-renderer/src/components/charts/chart-snapshots';
import { entryDetail } from './fake-api';

describe('HTML report', () => {
  const entry = entryDetail({
    id: 'e-7', name: 'Fit <of> "spines" & more', seed: 42, notes: 'line one\n<b>not bold</b>', tags: ['V1'],
    headline: { mu: 0.25, best: 'lognormal' }, config: { source: { type: 'values', values: Array.from({ length: 30 }, (_, i) => i) } },
  });

  it('holds the facts, headline figures, configuration and versions, every text escaped, no script', () => {
    const html = buildHtmlReport({ entry, versions: { 'plasticity-lab': '0.1.0', echarts: '6.1.0' }, resultHtml: '<p>result</p>', generatedAt: new Date('2026-01-01T00:00:00Z') });
    expect(html).toContain('<title>Fit &lt;of&gt; &quot;spines&quot; &amp; more — Plasticity Lab report</title>');
    expect(html).toContain('&lt;b&gt;not bold&lt;/b&gt;');
    expect(html).toMatch(/<th scope="row">Seed<\/th><td>42<\/td>/);
    expect(html).toMatch(/<th scope="row">echarts<\/th><td>6\.1\.0<\/td>/);
    expect(html).toContain('<p>result</p>');
    expect(html).toContain('… 10 more (30 in all)');
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
  });

  it('names its data set by name, file and SHA-256, and its headline figures in words', () => {
    const sha = 'ab'.repeat(32);
    const fit = entryDetail({
      id: 'f-1', name: 'Fit of "amplitude" in EPSPs', jobKind: 'fit', kind: 'fit', headline: { n: 300, best: 'lognormal', ksP: 0.41 },
      config: { source: { type: 'dataset', datasetId: 'd-9', column: 'amplitude' } },
      inputs: [{ role: 'source', datasetId: 'd-9', name: 'EPSPs <March>', sourceFileName: 'epsp.csv', sha256: sha, inTrash: false }],
    });
    const html = buildHtmlReport({ entry: fit, versions: {}, resultHtml: null, generatedAt: new Date('2026-01-01T00:00:00Z') });
    expect(html).toContain('<h2>Data</h2>');
    expect(html).toContain(`<tr><td>EPSPs &lt;March&gt;</td><td>epsp.csv</td><td class="mono">${sha}</td><td>source</td><td class="mono">d-9</td></tr>`);
    expect(html).toMatch(/<th scope="row">values fitted \(n\)<\/th><td class="num">300<\/td>/);
    expect(html).toMatch(/<th scope="row">KS p-value of the best family \(parametric bootstrap\)<\/th>/);
    expect(html).not.toMatch(/<th scope="row">ksP</);
  });

  it('abbreviates long arrays and typed arrays, keeping short ones whole', () => {
    expect(abbreviateArrays({ a: [1, 2], b: new Float64Array(25), c: { d: 'x' } })).toEqual({
      a: [1, 2], b: [...Array(20).fill(0), '… 5 more (25 in all)'], c: { d: 'x' },
    });
  });

  it('snapshots a result: charts become their SVG, controls disappear', () => {
    const root = document.createElement('div');
    root.innerHTML = `<h2>Fit result</h2><figure><div class="chart" aria-label="Densities"></div><div class="export"><button>PNG</button></div></figure>
      <div class="picker" data-report-omit><label>QQ for <select><option>x</option></select></label></div><figure><div class="chart"></div></figure>`;
    const [first] = root.querySelectorAll('.chart');
    registerChartSnapshot(first, () => '<svg width="10" height="10"><rect width="10" height="10"></rect></svg>');
    const html = snapshotResult(root);
    expect(html).toContain('<h2>Fit result</h2>');
    expect(html).toMatch(/<div class="chart-svg" aria-label="Densities"><svg/);
    expect(html).toContain('(this chart was not drawn when the report was made)');
    expect(html).not.toMatch(/<button|<select|QQ for|class="chart"/);
    expect(root.querySelectorAll('.chart')).toHaveLength(2);
  });
});
