// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import FitPage from '../../src-renderer/src/pages/FitPage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { createFakeApi, type FakeApi } from './fake-api';

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
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
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
        families: ['lognormal', 'gamma', 'weibull', 'loglogistic', 'exponential'], resamples: 199, ci: { level: 0.95 }, dropInvalid: true,
      },
      seed: 1,
    });
  });

  it('fits every level of a group column as its own job, side by side', async () => {
    let n = 0;
    api.startJob.mockImplementation(async () => ({ jobId: `g${++n}` }));
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
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
  });

  it('counts pasted numbers and refuses entries that are not numbers before sending', async () => {
    wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
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
