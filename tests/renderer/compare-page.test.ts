// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import ComparePage from '../../src-renderer/src/pages/ComparePage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { createFakeApi, entryDetail, entrySummary, type FakeApi } from './fake-api';
import { chartCsv } from '../../src-renderer/src/lib/chart-csv';
import { twoSampleQqOption } from '../../src-renderer/src/components/charts/options/compare';
import { comparisonName } from '../../src-renderer/src/composables/useCompare';

let api: FakeApi;
let wrapper: VueWrapper;
const fieldIn = (legend: string, label: string) => {
  const set = wrapper.findAll('fieldset').find((f) => f.find('legend').text() === legend)!;
  const id = set.findAll('label').find((l) => l.text() === label)!.attributes('for');
  return set.get(`#${id}`);
};

beforeEach(() => {
  localStorage.clear();
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

const ks = (statistic: number, pValue: number) => ({ statistic, pValue, method: 'exact', statisticLocation: 1, statisticSign: 1 });

describe('Compare page', () => {
  it('sends both pasted samples with the scale choice and shows the verdict that weighs every figure', async () => {
    api.startJob.mockResolvedValue({ jobId: 'c1' });
    api.getEntry.mockResolvedValue(entryDetail({
      id: 'c1',
      result: {
        nA: 4, nB: 4, ks2: ks(1, 0.03), andersonKSample: { statistic: 3, pValue: 0.02, criticalValues: [], significanceLevels: [] },
        wasserstein: 9, wassersteinLog: 2.3, medianRatio: null, logSdRatio: null, logScaleUnavailable: null,
        dropped: { a: 0, b: 0 }, resamples: 0, descriptives: {},
        scaled: {
          method: 'median', factor: 10, ks: { statistic: 0.25, pValue: 0.99 }, ad: { statistic: -0.8, pValue: 0.7 },
          calibration: { method: 'permutation', resamples: 199 }, wasserstein: 0.1, wassersteinLog: 0.05,
        },
        verdict: {
          sameShape: false, differences: [{ aspect: 'family', evidence: 'A gamma, B log-normal' }], untested: [],
          text: 'The shapes differ after scaling A by 10 (p-values calibrated for the fitted scale) in: best family (A gamma, B log-normal).',
        },
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
    expect(wrapper.get('[data-testid="compare-verdict"]').text()).toBe('The shapes differ after scaling A by 10 (p-values calibrated for the fitted scale) in: best family (A gamma, B log-normal).');
    expect(wrapper.get('[data-testid="compare-differences"]').text()).toBe('best family: A gamma, B log-normal');
    expect(wrapper.text()).toContain('After scaling × 10');
    expect(wrapper.get('[data-testid="compare-scaled-ks"]').text()).toBe('0.250 (0.99)');
    expect(wrapper.text()).toContain('P-values after scaling from 199 permutations of the pooled rescaled samples, refitting the scale factor every time');
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

describe('Compare result of an entry made before calibrated scaling', () => {
  it('computes the verdict from the unscaled figures and says why the scaled KS p-value is not used', async () => {
    const CompareResult = (await import('../../src-renderer/src/components/compare/CompareResult.vue')).default;
    const result = {
      nA: 40, nB: 40, ks2: ks(0.4, 0.002), andersonKSample: { statistic: 5, pValue: 0.004, pValueBound: 'none', criticalValues: [], significanceLevels: [] },
      wasserstein: 9, wassersteinLog: 2.3, medianRatio: { estimate: 3, lower: 2, upper: 4, level: 0.95 }, logSdRatio: { estimate: 1, lower: 0.8, upper: 1.2, level: 0.95 },
      logScaleUnavailable: null, dropped: { a: 0, b: 0 }, resamples: 500, descriptives: {},
      scale: { method: 'median', factor: 3, ks2: ks(0.1, 0.9), wasserstein: 0.1, wassersteinLog: 0.05 },
    };
    wrapper = mount(CompareResult, { props: { result: result as never, a: null, b: null, names: ['simulated', 'measured'] }, global: { stubs: { EChart: true } } });
    expect(wrapper.get('[data-testid="compare-verdict"]').text()).toMatch(/^The distributions differ in: distribution .* predates p-values calibrated for a fitted scale/);
    expect(wrapper.get('[data-testid="compare-scaled-ks"]').text()).toBe('0.100 (0.90, not calibrated)');
    expect(wrapper.text()).toContain('This entry predates calibrated p-values');
  });
});

describe('Compare page: a simulation from the history', () => {
  const SIM = 'Simulated (may be rescaled)';
  // The history answers newest first; an RNN run is a simulation too, but holds no synaptic weights.
  const stored = [
    entrySummary({ id: 'tl-2', kind: 'simulation', jobKind: 'md-two-layer', name: 'Two-layer network, p-norm', createdAt: '2026-11-25T09:00:00.000Z' }),
    entrySummary({ id: 'rnn-1', kind: 'simulation', jobKind: 'rnn-train', name: 'RNN training', createdAt: '2026-11-24T09:00:00.000Z' }),
    entrySummary({ id: 'lr-1', kind: 'simulation', jobKind: 'md-linear-regression', name: 'Linear regression, negative entropy', createdAt: '2026-11-23T09:00:00.000Z' }),
  ];
  const results: Record<string, unknown> = {
    'lr-1': { scores: [], best: 'negative entropy', weightsBefore: new Float64Array(4), weightsAfter: new Float64Array([-0.5, 0, 0.25, 2]) },
    'tl-2': {
      scores: [], best: 'p=3', lossCurve: new Float64Array(1), readout: { before: new Float64Array([9]), after: new Float64Array([9]) },
      firstLayer: { before: new Float64Array(3), after: new Float64Array([0.1, -0.3, 0]), dualBefore: new Float64Array(3), dualAfter: new Float64Array(3), rows: 1, cols: 3 },
    },
  };
  beforeEach(() => {
    api.listHistory.mockResolvedValue({ entries: stored, total: stored.length });
    api.getEntry.mockImplementation(async ({ id }: { id: string }) => entryDetail({ ...stored.find((e) => e.id === id)!, result: results[id] }));
  });
  const mountPage = async () => {
    wrapper = mount(ComparePage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
    await flushPromises();
  };
  const choosePasted = async () => {
    await fieldIn('Measured (reference)', 'From').setValue('paste');
    await fieldIn('Measured (reference)', 'Values').setValue('1 2 3');
  };

  it('lists the finished simulations with final weights, newest first, beside the last geometry run', async () => {
    await mountPage();
    expect(api.listHistory).toHaveBeenCalledWith(expect.objectContaining({ kinds: ['simulation'], statuses: ['done'] }));
    expect(fieldIn(SIM, 'From').findAll('option').map((o) => o.text())).toEqual([
      'Last geometry run (none yet)', 'A simulation in the history', 'Imported data set', 'Pasted numbers',
    ]);
    await fieldIn(SIM, 'From').setValue('history');
    const labels = fieldIn(SIM, 'Simulation').findAll('option').map((o) => o.text());
    expect(labels).toHaveLength(3);
    expect(labels[0]).toBe('Choose…');
    expect(labels[1]).toMatch(/^Two-layer network, p-norm · 2026-11-2\d \d\d:00:00$/);
    expect(labels[2]).toMatch(/^Linear regression, negative entropy · 2026-11-2\d \d\d:00:00$/);
  });

  it('sends the magnitudes |w| > 0 of the chosen entry\'s final weights and names the entry in the job', async () => {
    await mountPage();
    await fieldIn(SIM, 'From').setValue('history');
    await fieldIn(SIM, 'Simulation').setValue('lr-1');
    await flushPromises();
    expect(api.getEntry).toHaveBeenCalledWith({ id: 'lr-1' });
    expect(wrapper.text()).toContain('3 final weights (magnitudes, zeros left out)');
    await choosePasted();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).toMatchObject({
      kind: 'compare',
      config: { a: { type: 'values', values: [0.5, 0.25, 2] }, b: { type: 'values', values: [1, 2, 3] } },
      name: 'Two-sample comparison (weights of Linear regression, negative entropy [entry lr-1] vs 3 values, scaled by the median)',
    });

    // The two-layer network's first layer, not its readout.
    await fieldIn(SIM, 'Simulation').setValue('tl-2');
    await flushPromises();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[1][0]).toMatchObject({
      config: { a: { type: 'values', values: [0.1, 0.3] } },
      name: 'Two-sample comparison (weights of Two-layer network, p-norm [entry tl-2] vs 3 values, scaled by the median)',
    });
  });

  it('says to choose a simulation instead of starting without one', async () => {
    await mountPage();
    await fieldIn(SIM, 'From').setValue('history');
    await choosePasted();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(api.startJob).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Choose a simulation from the history.');
  });

  it('keeps a remembered entry that still exists and drops one deleted since', async () => {
    const remember = (entryId: string) => localStorage.setItem('plasticity-lab:form:compare', JSON.stringify({ a: { from: 'history', entryId } }));
    remember('tl-2');
    await mountPage();
    expect((fieldIn(SIM, 'Simulation').element as HTMLSelectElement).value).toBe('tl-2');
    wrapper.unmount();

    remember('deleted-entry');
    api = createFakeApi();
    api.listHistory.mockResolvedValue({ entries: stored, total: stored.length });
    await mountPage();
    expect((fieldIn(SIM, 'Simulation').element as HTMLSelectElement).value).toBe('');
    expect(api.getEntry).not.toHaveBeenCalled();
    expect(JSON.parse(localStorage.getItem('plasticity-lab:form:compare')!).a).toMatchObject({ from: 'history', entryId: '' });
  });
});

describe('comparisonName', () => {
  it('keeps the entry ids whole within the 200 characters a job name may have', () => {
    const side = (entryId: string) => ({ from: 'history' as const, entryId, datasetId: '', column: '', group: '', pasted: '' });
    const long = [entrySummary({ id: 'a'.repeat(36), name: 'x'.repeat(300) }), entrySummary({ id: 'b'.repeat(36), name: 'y'.repeat(300) })];
    const context = { entries: long, datasetName: (id: string) => (id === 'd1' ? 'spines, March' : undefined), lastRun: null };
    const name = comparisonName([side(long[0].id), side(long[1].id)], [5, 6], 'none', context)!;
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name).toContain(`… [entry ${'a'.repeat(36)}] vs weights of y`);
    expect(name).toMatch(new RegExp(`… \\[entry ${'b'.repeat(36)}\\]\\)$`));
    expect(comparisonName([{ ...side(''), from: 'paste' }, { ...side(''), from: 'dataset', column: 'volume' }], [4, 0], 'none', context)).toBeNull();
    // This session's last run names itself the same way; a data set is named as the job kinds name it.
    const lastRun = { id: 'run-7', name: 'Linear regression, negative-entropy, D=150' };
    expect(comparisonName([{ ...side(''), from: 'simulation' }, { ...side(''), from: 'dataset', datasetId: 'd1', column: 'volume', group: 'region=CA1' }], [150, 0], 'median', { ...context, lastRun }))
      .toBe('Two-sample comparison (weights of Linear regression, negative-entropy, D=150 [entry run-7] vs "volume" in spines, March (region = CA1), scaled by the median)');
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
