// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter, type Router } from 'vue-router';
import SimulatePage from '../../src-renderer/src/pages/SimulatePage.vue';
import FinalFitResult from '../../src-renderer/src/components/simulate/FinalFitResult.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { resultViewFor } from '../../src-renderer/src/components/history/result-views';
import { fitFinalDistribution } from '../../src-core/plasticity/final-distribution-fit';
import { createRng } from '../../src-core/random/rng';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';

let api: FakeApi;
let wrapper: VueWrapper;
let router: Router;

async function mountPage(tab = 'final'): Promise<VueWrapper> {
  router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/simulate', component: SimulatePage }] });
  await router.push({ path: '/simulate', query: { tab } });
  // Charts need a canvas, which happy-dom lacks; the e2e test draws them in Chromium.
  wrapper = mount(SimulatePage, { global: { plugins: [router], provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
  await flushPromises();
  return wrapper;
}
const panel = () => wrapper.get('#panel-final');
const field = (label: string) => panel().get(`#${panel().findAll('label').find((l) => l.text() === label)!.attributes('for')}`);
const chart = (title: string) => wrapper.findAllComponents({ name: 'EChart' }).find((c) => String(c.props('title')).startsWith(title))!;

/** Log-normal-mixture weights, as negative entropy makes them from a start of two constants (seeded). */
function logMixture(n: number): Float64Array {
  const rng = createRng(3, 0);
  return Float64Array.from({ length: n }, () => (rng.uniform() < 0.7 ? 0.05 : 0.3) * Math.exp(0.4 * rng.normal()));
}
const measured = logMixture(300);
const fitted = fitFinalDistribution(measured, { curvePoints: 40 });

const spines = { id: 'ds1', name: 'spines', sourceFileName: 'spines.csv', sha256: 'x', byteSize: 10, importedAt: '2026-11-23T10:00:00.000Z', rowCount: 300, originalKept: true, deletedAt: null, paired: false };

beforeEach(() => {
  localStorage.clear();
  api = createFakeApi();
  api.listDatasets.mockResolvedValue([spines]);
  api.getDataset.mockResolvedValue({
    ...spines, mapping: {}, report: {}, pairs: null,
    groups: [{ column: 'region', levels: ['CA1', 'CA3'], counts: [150, 150] }],
    columns: [{ name: 'synapse_id', unit: '', censoredCount: 0, descriptives: null }, { name: 'volume', unit: 'µm³', censoredCount: 0, descriptives: null }],
  });
  api.getDatasetColumn.mockResolvedValue({ datasetId: 'ds1', column: 'volume', unit: 'µm³', values: measured, censored: new Uint8Array(measured.length) });
});
afterEach(() => wrapper?.unmount());

describe('Simulate page, Final distribution tab', () => {
  it('is a tab of its own, kept in the URL', async () => {
    await mountPage('geometry');
    expect(wrapper.get('#tab-final').text()).toBe('Final distribution');
    expect(wrapper.get('#tab-final').attributes('aria-selected')).toBe('false');
    await wrapper.get('#tab-final').trigger('click');
    await flushPromises();
    expect(router.currentRoute.value.query.tab).toBe('final');
    expect(wrapper.get('#tab-final').attributes('aria-selected')).toBe('true');
    expect(wrapper.get('#panel-final').attributes('style') ?? '').not.toContain('display: none');
    expect(wrapper.get('#panel-geometry').attributes('style')).toContain('display: none');
  });

  it('fits one group of a data-set column, then says what the fit rules out and that p stays open', async () => {
    api.startJob.mockResolvedValue({ jobId: 'ff1' });
    const sample = { type: 'dataset', datasetId: 'ds1', column: 'volume', group: { region: 'CA1' } };
    api.getEntry.mockResolvedValue(entryDetail({ id: 'ff1', jobKind: 'md-final-fit', kind: 'geometry-test', seed: 0, config: { sample }, result: fitted }));
    await mountPage();
    expect(field('Data set').findAll('option').map((o) => o.text())).toEqual(['Choose a data set…', 'spines']);
    expect(panel().get('button[type="submit"]').attributes('disabled')).toBeDefined();
    await field('Data set').setValue('ds1');
    await flushPromises();
    // A new data set starts at its first column and all rows.
    expect((field('Final weights column').element as HTMLSelectElement).value).toBe('synapse_id');
    expect(field('Final weights column').findAll('option').map((o) => o.text())).toEqual(['synapse_id', 'volume [µm³]']);
    expect(field('Group').findAll('option').map((o) => o.text())).toEqual(['All rows', 'region = CA1 (150)', 'region = CA3 (150)']);
    await field('Final weights column').setValue('volume');
    await field('Group').setValue('region=CA1');
    await panel().get('form').trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({ kind: 'md-final-fit', config: { sample }, seed: 0 });
    expect(JSON.parse(localStorage.getItem('plasticity-lab:form:recent-datasets') ?? '[]')).toEqual(['ds1']);

    api.finished({ jobId: 'ff1', kind: 'md-final-fit', status: 'done' });
    await flushPromises();
    const verdict = panel().get('[data-testid="final-fit-verdict"]').text();
    expect(fitted.best).not.toBe('p=2');
    expect(verdict).toMatch(/^The measured distribution is described best by (negative entropy|p = 1\.\d)\. The Euclidean geometry is [0-9.]+ log-likelihood units below it, so it is ruled out/);
    expect(panel().get('[data-testid="final-fit-p"]').text()).toMatch(/^p is not identifiable this way/);
    expect(panel().get('[data-testid="final-fit-p"]').text()).toMatch(/ (is|are) within log 100 = 4\.61 of the best\./);
    // The best and the Euclidean fits, with their start and noise.
    const rows = panel().findAll('table.results tbody tr');
    expect(rows.map((r) => r.get('th').text())).toEqual([expect.not.stringMatching(/Euclidean/), 'p = 2 (Euclidean)']);
    expect(rows[0].classes()).toContain('best');

    // Log-likelihood against p: every hypothesis, NE at p = 1, the best and the Euclidean marked.
    const ll = chart('Log-likelihood against p').props('option') as { series: { name: string; type: string; data: unknown[] }[] };
    const line = ll.series.find((s) => s.name === 'log-likelihood')!;
    expect(line.data).toHaveLength(21);
    expect((line.data[0] as number[])[0]).toBe(1);
    expect(ll.series.some((s) => s.name === 'best − log 100')).toBe(true);

    // The histogram of the fitted group's values, read back through the API, under both predicted densities.
    expect(api.getDatasetColumn).toHaveBeenCalledWith({ datasetId: 'ds1', column: 'volume', group: { region: 'CA1' } });
    const overlay = chart('volume (region = CA1): measured and predicted').props('option') as { series: { name: string; type: string; data: number[][] }[]; xAxis: { type: string } };
    expect(overlay.series.map((s) => [s.type, s.name])).toEqual([['custom', 'measured'], ['line', expect.not.stringMatching(/Euclidean/)], ['line', 'p = 2 (Euclidean)']]);
    expect(overlay.xAxis.type).toBe('log');
    expect(overlay.series[1].data).toHaveLength(40);
  });

  it('says plainly when the Euclidean geometry fits best, and names geometries that cannot describe the values', async () => {
    const fits = fitted.fits.map((f) => (f.hypothesis === 'p=2' ? { ...f, logLik: 1e6 } : f.hypothesis === 'negative-entropy' ? { ...f, logLik: null, params: null, curve: null, reason: '1 of 300 values are exactly 0' } : f));
    const w = mount(FinalFitResult, {
      props: { result: { n: 300, best: 'p=2', fits }, sample: Array.from(measured) },
      global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } },
    });
    await flushPromises();
    expect(w.get('[data-testid="final-fit-verdict"]').text()).toBe('The measured distribution is described best by p = 2 (Euclidean). These data do not rule the Euclidean geometry out.');
    expect(w.get('[data-testid="final-fit-undescribed"]').text()).toBe('1 of 21 geometries cannot describe these values and were not compared: 1 of 300 values are exactly 0.');
    // Numbers given inline are drawn without asking the API; the curve beside the Euclidean one is the best other.
    expect(api.getDatasetColumn).not.toHaveBeenCalled();
    const overlay = w.findAllComponents({ name: 'EChart' })[1].props('option') as { series: { name: string }[] };
    expect(overlay.series.map((s) => s.name)).toEqual(['measured', 'p = 2 (Euclidean)', expect.stringMatching(/^p = /)]);
    w.unmount();
  });

  it('is how History shows an md-final-fit entry, with the data-set reference of its config', () => {
    const sample = { type: 'dataset', datasetId: 'ds1', column: 'volume' };
    const view = resultViewFor(entryDetail({ id: 'h1', jobKind: 'md-final-fit', kind: 'geometry-test', config: { sample }, result: fitted }));
    expect(view?.component).toBe(FinalFitResult);
    expect(view?.props).toEqual({ result: fitted, sample });
    expect(resultViewFor(entryDetail({ id: 'h2', jobKind: 'md-final-fit', result: { nope: 1 } }))).toBeNull();
  });
});
