// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import FitPage from '../../src-renderer/src/pages/FitPage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';
import FitDataResult from '../../src-renderer/src/components/fit/FitDataResult.vue';
import { fitKind } from '../../src-core/jobs/kinds/fit';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';

let api: FakeApi;
let wrapper: VueWrapper;
const dataForm = () => wrapper.get('form[aria-labelledby="fit-data-title"]');
const field = (label: string) => {
  const id = dataForm().findAll('label').find((l) => l.text() === label)!.attributes('for');
  return dataForm().get(`#${id}`);
};

const dataset = { id: 'ds1', name: 'Spines', sourceFileName: 'spines.csv', sha256: 'x', byteSize: 10, importedAt: '2026-11-23T10:00:00.000Z', rowCount: 40, originalKept: true, deletedAt: null, paired: false };

beforeEach(() => {
  api = createFakeApi();
  api.listDatasets.mockResolvedValue([dataset]);
  api.getDataset.mockResolvedValue({
    ...dataset, mapping: {}, report: {}, pairs: null,
    columns: [{ name: 'volume', unit: 'µm³', censoredCount: 0, descriptives: null }, { name: 'area', unit: 'µm²', censoredCount: 0, descriptives: null }],
    groups: [{ column: 'region', levels: ['CA1', 'CA3'], counts: [25, 15] }],
  });
});
afterEach(() => wrapper?.unmount());

describe('Fit page, fit of data', () => {
  it('fits the chosen column and group of the newest data set', async () => {
    api.startJob.mockResolvedValue({ jobId: 'f1' });
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true, RouterLink: true } } });
    await flushPromises();
    expect(api.getDataset).toHaveBeenCalledWith({ id: 'ds1' });
    expect(field('Column').findAll('option').map((o) => o.text())).toEqual(['volume [µm³]', 'area [µm²]']);
    await field('Column').setValue('area');
    await field('Group').setValue('region=CA3');
    await dataForm().trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'fit',
      config: {
        source: { type: 'dataset', datasetId: 'ds1', column: 'area', group: { region: 'CA3' } },
        families: ['lognormal', 'gamma', 'weibull', 'loglogistic', 'exponential'], resamples: 199, ci: { level: 0.95, resamples: 0, interval: 'bca' }, dropInvalid: true,
      },
      seed: 1,
    });
  });

  it('fits every level of a group column as its own job, side by side', async () => {
    let n = 0;
    api.startJob.mockImplementation(async () => ({ jobId: `g${++n}` }));
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true, RouterLink: true } } });
    await flushPromises();
    await field('Fit each group separately').setValue('region');
    await dataForm().trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls.map((c) => c[0].config.source)).toEqual([
      { type: 'dataset', datasetId: 'ds1', column: 'volume', group: { region: 'CA1' } },
      { type: 'dataset', datasetId: 'ds1', column: 'volume', group: { region: 'CA3' } },
    ]);
    const groups = wrapper.get('[data-testid="fit-groups"]');
    expect(groups.findAll('article').map((a) => a.attributes('data-group'))).toEqual(['CA1', 'CA3']);
    expect(groups.text()).toContain('region = CA3');

    // Both finish: each group's log-normal parameters with intervals, in a table and on one axis per parameter.
    const plots = { linear: { histogram: { edges: [0, 1, 2], density: [0.5, 0.5] }, densities: [], ecdf: { x: [], ecdf: [], fitted: [] }, qq: [], pp: [] }, log: null };
    const fit = (mu: number) => ({ dist: 'lognormal', params: { mu, sigma: 0.5 }, logLik: -10, aic: 24, bic: 26, akaikeWeight: 1, ci: { level: 0.95, wald: { mu: [mu - 0.1, mu + 0.1], sigma: [0.4, 0.6] } }, ks: null, ad: null, cvm: null });
    const result = (mu: number, n: number) => ({ n, best: 'lognormal', fits: [fit(mu)], plots, descriptives: {}, vuong: [], failed: [], resamples: 0 });
    api.getEntry.mockImplementation(async ({ id }: { id: string }) => entryDetail({ id, jobKind: 'fit', result: id === 'g1' ? result(-1, 79) : result(-0.5, 81) }));
    api.finished({ jobId: 'g1', kind: 'fit', status: 'done' });
    api.finished({ jobId: 'g2', kind: 'fit', status: 'done' });
    await flushPromises();
    const table = groups.get('[data-testid="group-parameters"]');
    expect(table.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))).toEqual([
      ['CA1', '79', 'log-normal', '-1 [-1.10, -0.900]', '0.5000 [0.400, 0.600]'],
      ['CA3', '81', 'log-normal', '-0.5000 [-0.600, -0.400]', '0.5000 [0.400, 0.600]'],
    ]);
    const charts = wrapper.findAllComponents({ name: 'EChart' }).filter((c) => (c.element as Element).closest('[data-testid="fit-groups"]') !== null);
    const forest = charts.find((c) => c.props('title') === 'log-normal mu by region')!;
    const series = (forest.props('option') as { series: { name: string; data: unknown[] }[] }).series;
    expect(series.find((x) => x.name === 'interval')!.data).toEqual([[-1.1, -0.9, 'CA1'], [-0.6, -0.4, 'CA3']]);
    expect(series.find((x) => x.name === 'estimate')!.data).toEqual([[-1, 'CA1'], [-0.5, 'CA3']]);
    // Densities of both groups over one x range.
    const dens = charts.filter((c) => String(c.props('title')).startsWith('Densities'));
    expect(dens.map((c) => (c.props('option') as { xAxis: { min: number; max: number } }).xAxis)).toMatchObject([{ min: 0, max: 2 }, { min: 0, max: 2 }]);
  });

  it('asks for bootstrap intervals of the user\'s data: resamples and which interval to show', async () => {
    api.startJob.mockResolvedValue({ jobId: 'f2' });
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
    await flushPromises();
    await dataForm().findAll('button').find((b) => b.text() === 'More options')!.trigger('click');
    await field('Bootstrap CI resamples').setValue('500');
    await field('Bootstrap interval shown').setValue('percentile');
    await dataForm().trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0].config.ci).toEqual({ level: 0.95, resamples: 500, interval: 'percentile' });
  });

  it('shows the verdict with ΔAIC and Akaike weights: seven values leave the leading families indistinguishable, with warnings', () => {
    const values = [0.21, 0.35, 0.52, 0.61, 0.9, 1.4, 2.3];
    const config = { source: { type: 'values' as const, values }, families: ['lognormal', 'gamma', 'weibull'] as ('lognormal' | 'gamma' | 'weibull')[], resamples: 0 };
    const parts = fitKind.plan(config as never, 1).map((shard, i) => fitKind.runShard(shard, silentContext(createRng(1, i + 1))));
    const result = fitKind.merge(config as never, parts, 1);
    wrapper = mount(FitDataResult, { props: { result, seed: 1 }, global: { stubs: { EChart: true } } });
    expect(wrapper.get('[data-testid="fit-best"]').text()).toBe(result.verdict!.text);
    expect(result.verdict!.text).toMatch(/^indistinguishable: /);
    expect(wrapper.findAll('[data-testid="fit-warnings"] li').map((li) => li.text())).toEqual(result.verdict!.warnings);
    const deltas = wrapper.findAll('[data-col="delta-aic"]').map((td) => Number(td.text()));
    expect(deltas[0]).toBe(0);
    expect(deltas).toEqual([...deltas].sort((x, y) => x - y));
  });

  it('counts pasted numbers and refuses entries that are not numbers before sending', async () => {
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true, RouterLink: true } } });
    await flushPromises();
    await dataForm().find('input[value="paste"]').setValue(true);
    await dataForm().get('textarea').setValue('1.2, 3.4\n5.6 x 7');
    expect(dataForm().text()).toContain('4 numbers · 1 entries are not numbers');
    expect(dataForm().get('button[type="submit"]').attributes('disabled')).toBeDefined();
    await dataForm().get('textarea').setValue('1.2, 3.4\n5.6 7');
    expect(dataForm().get('button[type="submit"]').attributes('disabled')).toBeUndefined();
    await dataForm().trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).toMatchObject({ kind: 'fit', config: { source: { type: 'values', values: [1.2, 3.4, 5.6, 7] } } });
  });
});
