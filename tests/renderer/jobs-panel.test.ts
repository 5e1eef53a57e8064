// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import JobsPanel from '../../src-renderer/src/components/jobs/JobsPanel.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { FINISHED_LINGER_MS, RECONCILE_MS } from '../../src-renderer/src/composables/useJobs';
import { ApiError } from '../../src-core/contract/errors';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';

let api: FakeApi;
let wrapper: VueWrapper;

async function mountPanel(): Promise<VueWrapper> {
  wrapper = mount(JobsPanel, { global: { provide: { [apiKey as symbol]: api } } });
  await flushPromises();
  return wrapper;
}

const bars = () => wrapper.findAll('[role="progressbar"]');

beforeEach(() => {
  api = createFakeApi();
});
afterEach(() => {
  wrapper?.unmount();
  vi.useRealTimers();
});

describe('JobsPanel', () => {
  it('shows the jobs already running at start, from listJobs', async () => {
    api.listJobs.mockResolvedValue([
      { jobId: 'a', kind: 'lognormal-bootstrap', name: 'Bootstrap A', fraction: 0.25, etaSeconds: 12, metrics: { resample: 50 } },
    ]);
    await mountPanel();
    expect(api.listJobs).toHaveBeenCalledOnce();
    expect(wrapper.text()).toContain('Bootstrap A');
    expect(bars()).toHaveLength(1);
    expect(bars()[0].attributes('aria-valuenow')).toBe('25');
    expect(wrapper.text()).toContain('12 s left');
    expect(wrapper.text()).toContain('resample 50');
  });

  it('follows jobProgress events: a new job appears and its bar, ETA and metric update', async () => {
    await mountPanel();
    expect(wrapper.text()).toContain('No jobs running');
    api.progress({ jobId: 'j', name: 'Sweep', fraction: 0.1, etaSeconds: null });
    await flushPromises();
    expect(bars()[0].attributes('aria-valuenow')).toBe('10');
    expect(wrapper.text()).toContain('estimating');
    api.progress({ jobId: 'j', name: 'Sweep', fraction: 0.6, etaSeconds: 95, metrics: { loss: 0.0123 } });
    await flushPromises();
    expect(bars()).toHaveLength(1);
    expect(bars()[0].attributes('aria-valuenow')).toBe('60');
    expect(wrapper.text()).toContain('1 min 35 s left');
    expect(wrapper.text()).toContain('loss 0.01230');
  });

  it('never moves a bar backwards when events arrive out of order', async () => {
    await mountPanel();
    api.progress({ jobId: 'j', fraction: 0.7 });
    api.progress({ jobId: 'j', fraction: 0.5 });
    await flushPromises();
    expect(bars()[0].attributes('aria-valuenow')).toBe('70');
  });

  it('cancels a running job through cancelJob', async () => {
    await mountPanel();
    api.progress({ jobId: 'j', name: 'Long run', fraction: 0.3 });
    await flushPromises();
    await wrapper.get('button[aria-label="Cancel Long run"]').trigger('click');
    await flushPromises();
    expect(api.cancelJob).toHaveBeenCalledWith({ jobId: 'j' });
    expect(wrapper.get('button[aria-label="Cancel Long run"]').attributes('disabled')).toBeDefined();
    api.finished({ jobId: 'j', name: 'Long run', status: 'cancelled', error: 'Cancelled by the user.' });
    await flushPromises();
    expect(wrapper.find('button[aria-label="Cancel Long run"]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Cancelled');
  });

  it('shows a failed cancel where it happened, with the message', async () => {
    api.cancelJob.mockRejectedValue(new ApiError({ code: 'failed', message: 'the pool is gone' }));
    await mountPanel();
    api.progress({ jobId: 'j', name: 'Run', fraction: 0.3 });
    await flushPromises();
    await wrapper.get('button[aria-label="Cancel Run"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('the pool is gone');
    expect(wrapper.get('button[aria-label="Cancel Run"]').attributes('disabled')).toBeUndefined();
  });

  it('shows a finished job at 100 % with its status for a while, then removes it', async () => {
    vi.useFakeTimers();
    await mountPanel();
    api.progress({ jobId: 'j', name: 'Quick', fraction: 0.9 });
    api.finished({ jobId: 'j', name: 'Quick', status: 'done' });
    await flushPromises();
    expect(bars()[0].attributes('aria-valuenow')).toBe('100');
    expect(wrapper.get('li[data-job-id="j"]').attributes('data-status')).toBe('done');
    expect(wrapper.text()).toContain('Done');
    // A straggling progress event after the end must not bring the job back as running.
    api.progress({ jobId: 'j', name: 'Quick', fraction: 0.95 });
    await flushPromises();
    expect(wrapper.get('li[data-job-id="j"]').attributes('data-status')).toBe('done');
    vi.advanceTimersByTime(FINISHED_LINGER_MS + 10);
    await flushPromises();
    expect(wrapper.find('li[data-job-id="j"]').exists()).toBe(false);
  });

  it('shows a failed job with its error message', async () => {
    await mountPanel();
    api.progress({ jobId: 'j', name: 'Crashy', fraction: 0.2 });
    api.finished({ jobId: 'j', name: 'Crashy', status: 'failed', error: 'worker exited with code 1' });
    await flushPromises();
    expect(wrapper.text()).toContain('Failed — worker exited with code 1');
  });

  it('collapses to a strip showing how many jobs run', async () => {
    await mountPanel();
    api.progress({ jobId: 'a', fraction: 0.1 });
    api.progress({ jobId: 'b', fraction: 0.2 });
    await flushPromises();
    await wrapper.get('button[aria-expanded="true"]').trigger('click');
    const toggle = wrapper.get('button[aria-controls="jobs-list"]');
    expect(toggle.attributes('aria-expanded')).toBe('false');
    expect(toggle.text()).toContain('2');
  });
});

describe('JobsPanel after a lost event', () => {
  it('ends a job that main no longer runs with the status the history recorded', async () => {
    vi.useFakeTimers();
    await mountPanel();
    api.progress({ jobId: 'lost', name: 'Orphan', fraction: 0.4 });
    await flushPromises();
    api.listJobs.mockResolvedValue([]);
    api.getEntry.mockResolvedValue(entryDetail({ id: 'lost', status: 'done' }));
    await vi.advanceTimersByTimeAsync(RECONCILE_MS + 10);
    await flushPromises();
    expect(api.getEntry).toHaveBeenCalledWith({ id: 'lost' });
    expect(wrapper.get('li[data-job-id="lost"]').attributes('data-status')).toBe('done');
    expect(bars()[0].attributes('aria-valuenow')).toBe('100');
    // The delayed real event changes nothing.
    api.finished({ jobId: 'lost', status: 'failed', error: 'late' });
    await flushPromises();
    expect(wrapper.get('li[data-job-id="lost"]').attributes('data-status')).toBe('done');
  });

  it('leaves jobs alone that main still runs', async () => {
    vi.useFakeTimers();
    await mountPanel();
    api.progress({ jobId: 'alive', fraction: 0.4 });
    api.listJobs.mockResolvedValue([{ jobId: 'alive', kind: 'lognormal-bootstrap', name: 'Alive', fraction: 0.5, etaSeconds: 3, metrics: {} }]);
    await vi.advanceTimersByTimeAsync(RECONCILE_MS * 2 + 10);
    expect(api.getEntry).not.toHaveBeenCalled();
    expect(wrapper.get('li[data-job-id="alive"]').attributes('data-status')).toBe('running');
  });
});
