// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ComparePage from '../../src-renderer/src/pages/ComparePage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';
import { chartCsv } from '../../src-renderer/src/lib/chart-csv';
import { twoSampleQqOption } from '../../src-renderer/src/components/charts/options/compare';

let api: FakeApi;
let wrapper: VueWrapper;
const fieldIn = (legend: string, label: string) => {
  const set = wrapper.findAll('fieldset').find((f) => f.find('legend').text() === legend)!;
  const id = set.findAll('label').find((l) => l.text() === label)!.attributes('for');
  return set.get(`#${id}`);
};

beforeEach(() => {
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

const ks = (statistic: number, pValue: number) => ({ statistic, pValue, method: 'exact', statisticLocation: 1, statisticSign: 1 });

describe('Compare page', () => {
  it('sends both pasted samples with the scale choice and reads the verdict from the scaled KS test', async () => {
    api.startJob.mockResolvedValue({ jobId: 'c1' });
    api.getEntry.mockResolvedValue(entryDetail({
      id: 'c1',
      result: {
        nA: 4, nB: 4, ks2: ks(1, 0.03), andersonKSample: { statistic: 3, pValue: 0.02, criticalValues: [], significanceLevels: [] },
        wasserstein: 9, wassersteinLog: 2.3, medianRatio: null, logSdRatio: null, logScaleUnavailable: null,
        dropped: { a: 0, b: 0 }, resamples: 0, descriptives: {}, scale: { method: 'median', factor: 10, ks2: ks(0.25, 0.99), wasserstein: 0.1, wassersteinLog: 0.05 },
        fits: {
          a: { best: 'gamma', fits: [{ dist: 'lognormal', params: { mu: -1.5, sigma: 0.5 }, se: { mu: 0.25, sigma: 0.18 }, logLik: 1, aic: 2 }, { dist: 'gamma', params: { shape: 4, scale: 0.06 }, se: null, logLik: 2, aic: 0 }] },
          b: { best: 'lognormal', fits: [{ dist: 'lognormal', params: { mu: 0.8, sigma: 0.5 }, se: null, logLik: 1, aic: 2 }, { dist: 'gamma', params: { shape: 4, scale: 0.6 }, se: null, logLik: 0.5, aic: 3 }] },
        },
      },
    }));
    wrapper = mount(ComparePage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
    await flushPromises();
    await fieldIn('Simulated (may be rescaled)', 'From').setValue('paste');
    await fieldIn('Simulated (may be rescaled)', 'Values').setValue('0.1 0.2 0.3 0.4');
    await fieldIn('Measured (reference)', 'From').setValue('paste');
    await fieldIn('Measured (reference)', 'Values').setValue('1, 2, 3, 4');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).toMatchObject({
      kind: 'compare',
      config: { a: { type: 'values', values: [0.1, 0.2, 0.3, 0.4] }, b: { type: 'values', values: [1, 2, 3, 4] }, scale: 'median', dropInvalid: true },
    });
    api.finished({ jobId: 'c1', kind: 'compare', status: 'done' });
    await flushPromises();
    expect(wrapper.get('[data-testid="compare-verdict"]').text()).toBe('No detectable difference in shape (two-sample KS p = 0.99, after scaling).');
    expect(wrapper.text()).toContain('After scaling × 10');
    const fits = wrapper.get('[data-testid="compare-fits"]');
    const rows = fits.findAll('tbody tr').map((r) => r.findAll('th, td').map((c) => c.text()));
    expect(rows).toEqual([
      ['Log-normal', 'mu -1.500 ± 0.25, sigma 0.5000 ± 0.18', 'mu 0.8000, sigma 0.5000'],
      ['Gamma', 'shape 4, scale 0.06000', 'shape 4, scale 0.6000'],
    ]);
    // In document order: B's best (log-normal) in the first row, A's (gamma) in the second.
    expect(fits.findAll('td.best').map((c) => c.text())).toEqual(['mu 0.8000, sigma 0.5000', 'shape 4, scale 0.06000']);
  });
});

describe('two-sample QQ', () => {
  it('plots the quantiles of the two samples against each other, in CSV too', () => {
    const a = Array.from({ length: 101 }, (_, i) => i);
    const b = a.map((v) => 2 * v);
    const rows = chartCsv(twoSampleQqOption(a, b, ['a', 'b'], false) as { series: unknown }).trim().split('\n');
    expect(rows[0]).toBe('series,x,y');
    expect(rows).toContain('quantiles 1–99 %,50,100');
    expect(rows).toContain('quantiles 1–99 %,1,2');
  });
});
