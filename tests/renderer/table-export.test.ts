// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { defineComponent, h } from 'vue';
import { readTableElement, toCsv, toTsv } from '../../src-renderer/src/lib/table-export';
import ResultTable from '../../src-renderer/src/components/common/ResultTable.vue';
import FitReportTable from '../../src-renderer/src/components/fit/FitReportTable.vue';

/** Result tables travel: tab-separated for the clipboard, CSV for a file, exact numbers, formulas defused. */
function tableOf(html: string): HTMLTableElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  return host.querySelector('table')!;
}

describe('table export', () => {
  const table = tableOf(`<table>
    <thead><tr><th>Family</th><th>AIC</th><th>p</th></tr></thead>
    <tbody>
      <tr><th>log-normal <span data-export-skip>best</span></th><td data-value="1054.51234">1054.5</td><td data-value="0.000012345">1.23e-5</td></tr>
      <tr><th>=HYPERLINK("x")</th><td>n/a,  with a comma</td><td data-value="">—</td></tr>
      <tr><th colspan="2">section</th><td>x</td></tr>
    </tbody></table>`);

  it('reads the table as shown: exact values where cells give them, decorations left out, spans kept aligned', () => {
    expect(readTableElement(table)).toEqual({
      columns: ['Family', 'AIC', 'p'],
      rows: [['log-normal', 1054.51234, 0.000012345], ['=HYPERLINK("x")', 'n/a, with a comma', null], ['section', null, 'x']],
    });
  });

  it('writes tab-separated text a spreadsheet pastes as cells, and CSV, both with formulas defused', () => {
    const data = readTableElement(table);
    expect(toTsv(data)).toBe('Family\tAIC\tp\nlog-normal\t1054.51234\t0.000012345\n\'=HYPERLINK("x")\tn/a, with a comma\t\nsection\t\tx\n');
    expect(toCsv(data)).toBe('Family,AIC,p\nlog-normal,1054.51234,0.000012345\n"\'=HYPERLINK(""x"")","n/a, with a comma",\nsection,,x\n');
    expect(toTsv({ columns: ['a'], rows: [['two\tcells\nand lines']] })).toBe('a\ntwo cells and lines\n');
  });
});

describe('ResultTable', () => {
  afterEach(() => vi.restoreAllMocks());

  it('copies its table to the clipboard as tab-separated text and says how many rows', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const Host = defineComponent(() => () => h(ResultTable, { name: 'Stats' }, () => h('table', [
      h('thead', [h('tr', [h('th', 'a'), h('th', 'b')])]), h('tbody', [h('tr', [h('td', '1'), h('td', { 'data-value': 0.25 }, '0.250')])]),
    ])));
    const wrapper = mount(Host);
    await wrapper.findAll('button').find((b) => b.text() === 'Copy')!.trigger('click');
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('a\tb\n1\t0.25\n');
    expect(wrapper.get('[role="status"]').text()).toBe('Copied 1 row: paste into a spreadsheet.');
    wrapper.unmount();
  });

  it('the fit table travels as one row per family and parameter, intervals and tests in columns of their own', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const fit = (dist: string, params: Record<string, number>, aic: number) => ({
      dist, params, logLik: -aic / 2, aic, bic: aic + 1, akaikeWeight: aic === 10 ? 0.9 : 0.1,
      ci: { level: 0.95, wald: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, [v - 0.1, v + 0.1]])) },
      ks: { statistic: 0.05, pValue: 0.5 }, ad: { statistic: 0.4, pValue: 0.3 }, cvm: { statistic: 0.06, pValue: 0.02 },
    });
    const result = { best: 'lognormal', n: 100, resamples: 99, failed: [], vuong: [], fits: [fit('gamma', { shape: 2, scale: 0.5 }, 12), fit('lognormal', { mu: 0.2, sigma: 0.7 }, 10)] };
    const wrapper = mount(FitReportTable, { props: { result: result as never } });
    await wrapper.findAll('button').find((b) => b.text() === 'Copy')!.trigger('click');
    await flushPromises();
    const lines = (writeText.mock.calls[0][0] as string).trim().split('\n').map((l) => l.split('\t'));
    expect(lines[0]).toEqual(['family', 'best by AIC', 'parameter', 'estimate', 'CI 95 % lower', 'CI 95 % upper', 'log-likelihood', 'AIC', 'ΔAIC', 'BIC', 'Akaike weight', 'KS statistic', 'KS p', 'AD statistic', 'AD p', 'CvM statistic', 'CvM p']);
    expect(lines.slice(1).map((l) => l.slice(0, 6))).toEqual([
      ['log-normal', 'yes', 'mu', '0.2', '0.1', '0.30000000000000004'],
      ['log-normal', 'yes', 'sigma', '0.7', '0.6', '0.7999999999999999'],
      ['gamma', 'no', 'shape', '2', '1.9', '2.1'],
      ['gamma', 'no', 'scale', '0.5', '0.4', '0.6'],
    ]);
    expect(lines[3][8]).toBe('2'); // gamma's ΔAIC
    expect(lines[1].slice(6)).toEqual(['-5', '10', '0', '11', '0.9', '0.05', '0.5', '0.4', '0.3', '0.06', '0.02']);
    // On screen: the three GOF tests in one column, a low p marked.
    expect(wrapper.get('tr[data-family="lognormal"] td.gof [data-test="CvM"]').classes()).toContain('low');
    wrapper.unmount();
  });
});
