// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import HistoryPage from '../../src-renderer/src/pages/HistoryPage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { ApiError } from '../../src-core/contract/errors';
import { createFakeApi, entryDetail, entrySummary, type FakeApi } from './fake-api';
import { rerunOutcome } from '../../src-renderer/src/composables/useHistory';

let api: FakeApi;
let wrapper: VueWrapper;

const entries = [
  entrySummary({ id: 'e1', name: 'Bootstrap one', tags: ['pilot'], headline: { n: 2000, mu: 0.5345, sigma: 0.8073 } }),
  entrySummary({ id: 'e2', name: 'Bootstrap two', status: 'failed', error: 'worker crashed', headline: {} }),
];

async function mountPage(): Promise<VueWrapper> {
  wrapper = mount(HistoryPage, { global: { provide: { [apiKey as symbol]: api } } });
  await flushPromises();
  return wrapper;
}
/** The input of the latest listHistory call. */
const lastQuery = () => api.listHistory.mock.calls.at(-1)?.[0] as Record<string, unknown>;
/** Waits for the debounced reload that a filter change schedules. */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(300);
  await flushPromises();
}

beforeEach(() => {
  vi.useFakeTimers();
  api = createFakeApi();
  api.listHistory.mockResolvedValue({ entries, total: 2 });
});
afterEach(() => {
  wrapper?.unmount();
  vi.useRealTimers();
});

describe('History table', () => {
  it('lists the entries with status, tags and headline figures', async () => {
    await mountPage();
    expect(api.listHistory).toHaveBeenCalledWith({ sort: 'created-desc', trash: false });
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0].text()).toContain('Bootstrap one');
    expect(rows[0].text()).toContain('pilot');
    expect(rows[0].text()).toContain('done');
    // Headline figures in words with their units, never as code names.
    expect(rows[0].text()).toContain('μ (mean of ln x) 0.5345');
    expect(rows[0].text()).toContain('values (n) 2,000');
    expect(rows[0].text()).not.toContain('mu 0.5345');
    expect(rows[0].text()).toContain('1.5 s');
    expect(rows[1].text()).toContain('failed');
    expect(wrapper.text()).toContain('2 of 2 entries');
  });

  it('searches, filters by kind and status, and sorts', async () => {
    await mountPage();
    await wrapper.get('input[type="search"]').setValue('boot');
    await settle();
    expect(lastQuery()).toMatchObject({ query: 'boot' });
    await wrapper.get('select[aria-label="Filter by kind"]').setValue('bootstrap');
    await wrapper.get('select[aria-label="Filter by status"]').setValue('failed');
    await settle();
    expect(lastQuery()).toMatchObject({ query: 'boot', kinds: ['bootstrap'], statuses: ['failed'] });

    const header = (name: string) => wrapper.findAll('th button').find((b) => b.text().startsWith(name))!;
    await header('Name').trigger('click');
    await settle();
    expect(lastQuery()).toMatchObject({ sort: 'name-asc' });
    expect(header('Name').element.parentElement!.getAttribute('aria-sort')).toBe('ascending');
    await header('Created').trigger('click');
    await settle();
    expect(lastQuery()).toMatchObject({ sort: 'created-desc' });
    await header('Created').trigger('click');
    await settle();
    expect(lastQuery()).toMatchObject({ sort: 'created-asc' });
    await header('Duration').trigger('click');
    await settle();
    expect(lastQuery()).toMatchObject({ sort: 'duration-desc' });
  });

  it('filters by tag and by a range of local days', async () => {
    await mountPage();
    await wrapper.get('input[aria-label="Filter by tag"]').setValue(' pilot ');
    await wrapper.get('input[aria-label="Created on or after"]').setValue('2026-03-02');
    await wrapper.get('input[aria-label="Created on or before"]').setValue('2026-03-04');
    await settle();
    // The end day is included: the range stops at the next local midnight.
    expect(lastQuery()).toMatchObject({
      tag: 'pilot', createdFrom: new Date(2026, 2, 2).toISOString(), createdBefore: new Date(2026, 2, 5).toISOString(),
    });
    await wrapper.get('input[aria-label="Created on or after"]').setValue('');
    await settle();
    expect(lastQuery()).not.toHaveProperty('createdFrom');
  });

  it('keeps filtering after the page was left and opened again (the store outlives the page that made it)', async () => {
    await mountPage();
    wrapper.unmount();
    await mountPage();
    await wrapper.get('select[aria-label="Filter by status"]').setValue('failed');
    await settle();
    expect(lastQuery()).toMatchObject({ statuses: ['failed'] });
  });

  it('reloads when a job finishes', async () => {
    await mountPage();
    const before = api.listHistory.mock.calls.length;
    api.finished({ jobId: 'job-9' });
    await flushPromises();
    expect(api.listHistory.mock.calls.length).toBe(before + 1);
  });

  it('opens an entry with its config, seed, version, timings, headline and error', async () => {
    api.getEntry.mockResolvedValue(entryDetail({ id: 'e2', name: 'Bootstrap two', status: 'failed', error: 'worker crashed', seed: 1234, config: { resamples: 321 }, headline: { mu: 0.25 } }));
    await mountPage();
    await wrapper.findAll('tbody tr')[1].trigger('click');
    await flushPromises();
    expect(api.getEntry).toHaveBeenCalledWith({ id: 'e2' });
    const detail = wrapper.get('[data-testid="entry-detail"]');
    expect(detail.text()).toContain('1234');
    expect(detail.text()).toContain('0.0.0-test');
    expect(detail.text()).toContain('1.5 s');
    expect(detail.text()).toContain('"resamples": 321');
    expect(detail.text()).toContain('worker crashed');
    expect(detail.text()).toContain('0.25');
    expect(wrapper.findAll('tbody tr')[1].attributes('aria-current')).toBe('true');
  });

  it('renames, annotates and tags an entry through updateEntry', async () => {
    await mountPage();
    await wrapper.findAll('tbody tr')[0].trigger('click');
    await flushPromises();
    const form = wrapper.get('[data-testid="entry-detail"] form');
    const [name, tags] = form.findAll('input');
    await name.setValue('Renamed run');
    await form.get('textarea').setValue('looks fine');
    await tags.setValue('pilot, cortex ,');
    await form.trigger('submit');
    await flushPromises();
    expect(api.updateEntry).toHaveBeenCalledWith({ id: 'e1', name: 'Renamed run', notes: 'looks fine', tags: ['pilot', 'cortex'] });
    expect(wrapper.findAll('tbody tr')[0].text()).toContain('Renamed run');
  });

  it('shows a refused update with the fields the API named', async () => {
    api.updateEntry.mockRejectedValue(new ApiError({
      code: 'invalid-input', message: 'Invalid input to updateEntry: tags.0: Too big', issues: [{ path: 'tags.0', message: 'Too big' }],
    }));
    await mountPage();
    await wrapper.findAll('tbody tr')[0].trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="entry-detail"] textarea').setValue('x');
    await wrapper.get('[data-testid="entry-detail"] form').trigger('submit');
    await flushPromises();
    const alert = wrapper.get('[data-testid="entry-detail"] [role="alert"]');
    expect(alert.text()).toContain('Invalid input to updateEntry');
    expect(alert.text()).toContain('tags.0');
  });

  it('moves an entry to the trash and restores it from the trash view', async () => {
    await mountPage();
    await wrapper.findAll('tbody tr')[0].trigger('click');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Move to trash')!.trigger('click');
    await flushPromises();
    expect(api.deleteEntry).toHaveBeenCalledWith({ id: 'e1' });
    expect(wrapper.find('[data-testid="entry-detail"]').exists()).toBe(false);

    api.listHistory.mockResolvedValue({ entries: [entrySummary({ id: 'e1', name: 'Bootstrap one', deletedAt: '2026-11-23T11:00:00.000Z' })], total: 1 });
    api.getEntry.mockResolvedValue(entryDetail({ id: 'e1', name: 'Bootstrap one', deletedAt: '2026-11-23T11:00:00.000Z' }));
    await wrapper.findAll('button').find((b) => b.text() === 'Trash')!.trigger('click');
    await settle();
    expect(lastQuery()).toMatchObject({ trash: true });
    expect(wrapper.text()).toContain('1 of 1 in the trash');
    await wrapper.findAll('tbody tr')[0].trigger('click');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Restore')!.trigger('click');
    await flushPromises();
    expect(api.restoreEntry).toHaveBeenCalledWith({ id: 'e1' });
  });

  it('compares marked entries side by side, only differing rows first', async () => {
    api.compareEntries.mockResolvedValue({
      entries: entries.map((e) => ({ ...e })),
      config: [{ path: 'resamples', values: [100, 200], differs: true }, { path: 'seed', values: [7, 7], differs: false }],
      differingConfigFields: ['resamples'],
      headline: [{ path: 'mu', values: [0.5345, null], differs: true }],
      result: [{ path: 'mu', values: [{ array: { dtype: 'float64', length: 2000, min: 0.1, max: 0.9, mean: 0.53 } }, null], differs: true }],
    });
    await mountPage();
    const compare = () => wrapper.findAll('button').find((b) => b.text() === 'Compare side by side')!;
    expect(compare().attributes('disabled')).toBeDefined();
    for (const box of wrapper.findAll('tbody input[type="checkbox"]')) await box.setValue(true);
    await compare().trigger('click');
    await flushPromises();
    expect(api.compareEntries).toHaveBeenCalledWith({ ids: ['e1', 'e2'] });
    const view = wrapper.get('[data-testid="entry-comparison"]');
    expect(view.text()).toContain('resamples');
    expect(view.text()).not.toContain('seed');
    expect(view.text()).toContain('2000 × float64');
    await view.get('input[type="checkbox"]').setValue(false);
    expect(wrapper.get('[data-testid="entry-comparison"]').text()).toContain('seed');
  });

  it('empties the trash and says what went and what was kept', async () => {
    api.emptyTrash.mockResolvedValue({ deleted: 2, kept: [{ id: 'd1', usedBy: ['e1'] }] });
    await mountPage();
    expect(wrapper.findAll('button').some((b) => b.text() === 'Empty trash')).toBe(false);
    await wrapper.findAll('button').find((b) => b.text() === 'Trash')!.trigger('click');
    await settle();
    await wrapper.findAll('button').find((b) => b.text() === 'Empty trash')!.trigger('click');
    await flushPromises();
    expect(api.emptyTrash).toHaveBeenCalledWith({});
    expect(wrapper.get('[role="status"]').text()).toMatch(/2 deleted for good; 1 kept because other entries were computed from them/);
  });

  it('re-runs an entry and says whether every stored number came back bit for bit', async () => {
    api.rerunEntry.mockResolvedValue({ jobId: 'r1' });
    api.compareEntries.mockResolvedValue({
      entries: [], config: [], differingConfigFields: [], headline: [],
      result: [
        { path: 'mu', values: [0.5, 0.5], differs: false },
        { path: 'lambdaDriven', values: [null, 0.1], differs: true },
      ],
    });
    await mountPage();
    await wrapper.findAll('tbody tr')[0].trigger('click');
    await flushPromises();
    await wrapper.findAll('button').find((b) => b.text() === 'Re-run')!.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="rerun-check"]').text()).toBe('Re-running “Bootstrap one”…');
    api.finished({ jobId: 'r1', status: 'done' });
    await flushPromises();
    expect(api.compareEntries).toHaveBeenCalledWith({ ids: ['e1', 'r1'] });
    expect(wrapper.get('[data-testid="rerun-check"]').text()).toBe('Re-run of “Bootstrap one”: every number it stored came back bit for bit. This version also stores lambdaDriven.');
  });

  it('names the fields of a re-run that differ', () => {
    expect(rerunOutcome({
      entries: [], config: [], differingConfigFields: [], headline: [],
      result: [{ path: 'curve', values: [{ array: { dtype: 'float64', length: 3, min: 0, max: 1, mean: 0.5 } }, { array: { dtype: 'float64', length: 3, min: 0, max: 1, mean: 0.5 } }], differs: true }],
    })).toEqual({ state: 'differs', differing: ['curve'], added: [] });
  });

  it('shows the figures of a result that has no dedicated view', async () => {
    api.getEntry.mockResolvedValue(entryDetail({
      id: 'e1', kind: 'simulation', jobKind: 'rnn-lyapunov', result: { lambdaMax: 0.0521, spectrum: new Float64Array([0.05, -0.1, -0.3]) },
    }));
    await mountPage();
    await wrapper.findAll('tbody tr')[0].trigger('click');
    await flushPromises();
    const result = wrapper.get('[data-testid="entry-result"]');
    expect(result.text()).toContain('lambdaMax');
    expect(result.text()).toContain('0.0521');
    expect(result.text()).toContain('3 values');
  });

  it('shows a failed listing where it happened, with the message', async () => {
    api.listHistory.mockRejectedValue(new ApiError({ code: 'failed', message: 'database is locked' }));
    await mountPage();
    expect(wrapper.get('[role="alert"]').text()).toContain('database is locked');
  });
});
