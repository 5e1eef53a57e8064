// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import DataPage from '../../src-renderer/src/pages/DataPage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { createFakeApi, type FakeApi } from './fake-api';

let api: FakeApi;
let wrapper: VueWrapper;

const columns = [
  { name: 'synapse', letter: 'A', kind: 'text', statusCounts: [0, 0, 0, 3, 0] },
  { name: 'volume', letter: 'B', kind: 'numeric', statusCounts: [2, 1, 0, 0, 0] },
];
const classReport = (cls: string, title: string, needsDecision: boolean, keep: string | null = null) => ({
  class: cls, title, needsDecision, keep, cellCount: 1, rowIndices: new Uint32Array([2]), truncated: false,
  problems: [{ class: cls, file: 'a.csv', row: 4, column: 'B', columnName: 'volume', text: 'n/a', message: 'missing' }],
});
function preview(mapping: { valueColumns: string[]; unit?: string; groupColumns?: string[] }) {
  return {
    fileName: 'a.csv', sha256: 'x', byteSize: 30, format: 'csv', warnings: [], text: { encoding: 'utf-8', delimiter: ',', decimal: '.' },
    preview: { fileName: 'a.csv', totalRows: 3, columns, rows: [{ row: 2, cells: ['s1', '0.5'], status: [3, 0] }] },
    mapping: { unit: '', groupColumns: [], ...mapping }, notes: ['Values in "volume" (the only numeric column).'],
    report: mapping.valueColumns.length
      ? { file: 'a.csv', rowCount: 3, positiveOnly: true, classes: [classReport('empty', 'Empty or missing cells', true), classReport('below-limit', 'Below-limit values', false)], blocking: [], clean: false }
      : null,
    duplicates: [],
  };
}

beforeEach(() => {
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

async function chooseFile() {
  wrapper = mount(DataPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
  await flushPromises();
  const input = wrapper.get('input[type="file"]');
  const file = new File(['synapse,volume\ns1,0.5\n'], 'a.csv', { type: 'text/csv' });
  Object.defineProperty(input.element, 'files', { value: [file] });
  await input.trigger('change');
  await flushPromises();
}

describe('Data page import', () => {
  it('previews the file, asks for a decision per problem class, and imports with the chosen drops', async () => {
    api.previewImport.mockResolvedValue(preview({ valueColumns: ['volume'] }));
    await chooseFile();
    expect(api.previewImport.mock.calls[0][0]).toMatchObject({ fileName: 'a.csv' });
    expect(api.previewImport.mock.calls[0][0].bytes).toBeInstanceOf(Uint8Array);
    expect(wrapper.text()).toContain('Values in "volume"');
    const importButton = () => wrapper.findAll('button').find((b) => b.text() === 'Import')!;
    // The empty cells need a decision; the below-limit class is kept by default and does not.
    expect(importButton().attributes('disabled')).toBeDefined();
    expect(wrapper.text()).toContain('Decide about: Empty or missing cells');
    await wrapper.get('li[data-class="empty"]').findAll('button').find((b) => b.text() === 'Drop 1 row')!.trigger('click');
    expect(importButton().attributes('disabled')).toBeUndefined();
    await importButton().trigger('click');
    await flushPromises();
    expect(api.importDataset.mock.calls[0][0]).toMatchObject({
      fileName: 'a.csv', mapping: { valueColumns: ['volume'], unit: '', groupColumns: [] }, dropClasses: ['empty'], name: 'a',
    });
    // The list is read when the page opens and again after the import (the trash is read once, apart).
    expect(api.listDatasets.mock.calls.filter(([input]) => !(input as { includeTrash?: boolean }).includeTrash)).toHaveLength(2);
    expect(wrapper.text()).toContain('Imported.');
  });

  it('re-checks an edited mapping (unit, paired columns) with the server before importing', async () => {
    api.previewImport.mockResolvedValueOnce(preview({ valueColumns: [] })).mockResolvedValueOnce(preview({ valueColumns: ['volume'], unit: 'µm³' }));
    await chooseFile();
    expect(wrapper.text()).toContain('Choose at least one value column');
    const volume = wrapper.findAll('label').find((l) => l.text() === 'volume' && l.find('input[type="checkbox"]').exists())!;
    await volume.get('input').setValue(true);
    const unitId = wrapper.findAll('label').find((l) => l.text() === 'Unit of the values')!.attributes('for');
    await wrapper.get(`#${unitId}`).setValue('µm³');
    await wrapper.findAll('button').find((b) => b.text() === 'Check mapping')!.trigger('click');
    await flushPromises();
    expect(api.previewImport.mock.calls[1][0].mapping).toEqual({ valueColumns: ['volume'], unit: 'µm³', groupColumns: [] });
    expect(wrapper.find('li[data-class="empty"]').exists()).toBe(true);
  });

  it('offers Keep beside Drop for a class that can be real data, says what keeping means, and imports with it kept', async () => {
    const signed = preview({ valueColumns: ['volume'] });
    signed.report!.classes = [classReport('non-positive', 'Zeros or negative values', true, 'Kept as measured: log-normal fits will refuse this column.')];
    api.previewImport.mockResolvedValue(signed);
    await chooseFile();
    const problem = wrapper.get('li[data-class="non-positive"]');
    const buttons = problem.findAll('button').map((b) => b.text());
    expect(buttons).toEqual(['Drop 1 row', 'Keep 1 row', 'Cancel import']);
    // The consequence is on screen before the choice, and marked as what happens once it is made.
    expect(problem.get('.keep-means').text()).toBe('Kept as measured: log-normal fits will refuse this column.');
    expect(problem.get('.keep-means').classes()).not.toContain('chosen');
    await problem.findAll('button').find((b) => b.text() === 'Keep 1 row')!.trigger('click');
    expect(problem.get('.keep-means').classes()).toContain('chosen');
    expect(problem.findAll('button').find((b) => b.text() === 'Keep 1 row')!.attributes('aria-pressed')).toBe('true');
    await wrapper.findAll('button').find((b) => b.text() === 'Import')!.trigger('click');
    await flushPromises();
    expect(api.importDataset.mock.calls[0][0]).toMatchObject({ dropClasses: [], keepClasses: ['non-positive'] });
    // Text in a number column cannot be kept: only Drop and Cancel.
    wrapper.unmount();
    api.previewImport.mockResolvedValue(preview({ valueColumns: ['volume'] }));
    await chooseFile();
    expect(wrapper.get('li[data-class="empty"]').findAll('button').map((b) => b.text())).toEqual(['Drop 1 row', 'Cancel import']);
  });

  it('tells that the file was imported before, and imports it again only when asked', async () => {
    const seen = preview({ valueColumns: ['volume'] });
    seen.report!.classes = [];
    (seen as { duplicates: unknown[] }).duplicates = [{ id: 'd0', name: 'a (March)' }];
    api.previewImport.mockResolvedValue(seen);
    await chooseFile();
    expect(wrapper.text()).toContain('This file was imported before as “a (March)”');
    const importButton = () => wrapper.findAll('button').find((b) => b.text() === 'Import')!;
    expect(importButton().attributes('disabled')).toBeDefined();
    await wrapper.get('.duplicate input[type="checkbox"]').setValue(true);
    await importButton().trigger('click');
    await flushPromises();
    expect(api.importDataset.mock.calls[0][0]).toMatchObject({ allowDuplicate: true });
  });

  it('shows why a file could not be read, where it was chosen', async () => {
    api.previewImport.mockRejectedValue(new Error('a.csv: the file is empty'));
    await chooseFile();
    expect(wrapper.get('[role="alert"]').text()).toContain('The file could not be read');
    expect(wrapper.get('[role="alert"]').text()).toContain('the file is empty');
  });
});

describe('Data page: examples and stored data sets', () => {
  const summary = (id: string, name: string, deletedAt: string | null = null) => ({
    id, name, sourceFileName: `${id}.csv`, sha256: id, byteSize: 10, importedAt: '2026-11-23T10:00:00.000Z', rowCount: 300, originalKept: true, deletedAt, paired: false,
  });
  const detailOf = (id: string, name: string) => ({
    ...summary(id, name), mapping: {}, report: {}, pairs: null, groups: [],
    columns: [{ name: 'amplitude (mV)', unit: 'mV', censoredCount: 0, descriptives: null }],
  });
  const example = { fileName: 'epsp-amplitudes-synthetic.csv', byteSize: 100, synthetic: true, description: 'SYNTHETIC example data drawn by scripts/make-examples.py (seed 1); not measured data. EPSP amplitudes, log-normal mu=-0.7' };

  it('starts a new user with a one-click example: imported and shown', async () => {
    api.listExamples.mockResolvedValue([example]);
    api.getExample.mockResolvedValue({ fileName: example.fileName, bytes: new TextEncoder().encode('a\n1\n2\n') });
    api.previewImport.mockResolvedValue({ ...preview({ valueColumns: ['volume'] }), report: { file: 'x', rowCount: 3, positiveOnly: true, classes: [], blocking: [], clean: true } });
    api.importDataset.mockResolvedValue({ datasetId: 'ex1', duplicateOf: [] });
    api.getDataset.mockResolvedValue(detailOf('ex1', 'EPSP amplitudes (synthetic example)'));
    wrapper = mount(DataPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
    await flushPromises();
    const start = wrapper.get('[data-testid="examples"]');
    expect(start.get('h2').text()).toBe('Start here');
    await start.findAll('button').find((b) => b.text() === 'Try an example: EPSP amplitudes (synthetic example)')!.trigger('click');
    await flushPromises();
    expect(api.getExample).toHaveBeenCalledWith({ fileName: example.fileName });
    expect(api.importDataset.mock.calls[0][0]).toMatchObject({ fileName: example.fileName, name: 'EPSP amplitudes (synthetic example)', dropClasses: [], allowDuplicate: false });
    expect(wrapper.text()).toContain('Imported the example “EPSP amplitudes (synthetic example)”');
    expect(api.getDataset).toHaveBeenCalledWith({ id: 'ex1' });
  });

  it('renames a data set, moves it to the trash with Undo, and restores it from the trash list', async () => {
    api.listDatasets.mockImplementation(async ({ includeTrash }: { includeTrash?: boolean }) => (includeTrash ? [summary('d1', 'Spines'), summary('d0', 'Old', '2026-11-20T10:00:00.000Z')] : [summary('d1', 'Spines')]));
    api.getDataset.mockResolvedValue(detailOf('d1', 'Spines'));
    wrapper = mount(DataPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
    await flushPromises();
    const button = (text: string) => wrapper.findAll('button').find((b) => b.text() === text)!;
    await button('Rename').trigger('click');
    await wrapper.get('.rename input').setValue('Spines, slice 3');
    await wrapper.get('.rename').trigger('submit');
    await flushPromises();
    expect(api.updateEntry).toHaveBeenCalledWith({ id: 'd1', name: 'Spines, slice 3' });
    await button('Move to trash').trigger('click');
    await flushPromises();
    expect(api.deleteEntry).toHaveBeenCalledWith({ id: 'd1' });
    expect(wrapper.get('.undo').text()).toMatch(/is in the trash/);
    await button('Undo').trigger('click');
    await flushPromises();
    expect(api.restoreEntry).toHaveBeenCalledWith({ id: 'd1' });
    // The trash lists what is there, each with Restore.
    const trash = wrapper.get('[data-testid="dataset-trash"]');
    expect(trash.get('summary').text()).toBe('Trash (1 data set)');
    await trash.get('button[aria-label="Restore Old"]').trigger('click');
    await flushPromises();
    expect(api.restoreEntry).toHaveBeenCalledWith({ id: 'd0' });
  });
});
