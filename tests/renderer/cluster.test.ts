// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, RouterLinkStub, type VueWrapper } from '@vue/test-utils';
import SlurmPanel from '../../src-renderer/src/components/cluster/SlurmPanel.vue';
import HistoryPage from '../../src-renderer/src/pages/HistoryPage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { FOLLOW_INTERVAL_MS } from '../../src-renderer/src/composables/useClusterJobs';
import { jobFolder } from '../../src-renderer/src/composables/useSlurm';
import { ApiError } from '../../src-core/contract/errors';
import type { ClusterStatus, ClusterTaskStatus } from '../../src-core/contract/cluster';
import { createFakeApi, entryDetail, entrySummary, type FakeApi } from './fake-api';

let api: FakeApi;
let wrapper: VueWrapper;
const job = { kind: 'rnn-sweep' as const, config: { gains: [0.5, 1] }, seed: 1 };
const mountPanel = async () => {
  wrapper = mount(SlurmPanel, { props: { job: job as never, what: 'sweep' }, global: { provide: { [apiKey as symbol]: api }, stubs: { RouterLink: RouterLinkStub } } });
  await flushPromises();
  return wrapper;
};
const field = (label: string) => wrapper.findAll('.field').find((f) => f.get('label').text() === label)!.get('input');
const button = (text: string) => wrapper.findAll('button').find((b) => b.text().startsWith(text))!;

beforeEach(() => {
  api = createFakeApi();
  URL.createObjectURL = vi.fn(() => 'blob:zip');
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  wrapper?.unmount();
  vi.useRealTimers();
});

describe('Run on Slurm (under the sweep forms)', () => {
  it('without sbatch here, says why and exports the job as a zip with the options typed', async () => {
    api.exportClusterJob.mockResolvedValue({ entryId: 'e9', fileName: 'plasticity-lab-rnn-sweep-20260101-120000.zip', bytes: new Uint8Array([80, 75]), tasks: 8, shards: 8 });
    await mountPanel();
    expect(wrapper.text()).toContain('Sbatch is not on this machine');
    expect(wrapper.text()).not.toContain('Jobs folder');
    await field('Partition').setValue('short');
    await field('Time limit per task').setValue('02:00:00');
    await field('CPUs per task').setValue('4');
    await button('Export for Slurm').trigger('click');
    await flushPromises();
    expect(api.exportClusterJob).toHaveBeenCalledWith({ job, slurm: { partition: 'short', time: '02:00:00', cpusPerTask: 4 } });
    expect(URL.createObjectURL).toHaveBeenCalled();
    expect(wrapper.text()).toContain('Downloaded plasticity-lab-rnn-sweep-20260101-120000.zip (8 tasks for 8 shards)');
  });

  it('where sbatch is, submits into a new folder under the jobs folder and shows the array job; refused options are marked', async () => {
    api.clusterCapabilities.mockResolvedValue({ canSubmit: true, reason: null, defaultDir: '/home/me/plasticity-lab-jobs' });
    api.submitClusterJob.mockRejectedValueOnce(new ApiError({
      code: 'invalid-input', message: 'Invalid input to submitClusterJob: slurm.time: a Slurm time such as 02:00:00', issues: [{ path: 'slurm.time', message: 'a Slurm time such as 02:00:00' }],
    }));
    await mountPanel();
    expect(field('Jobs folder (on the cluster\'s shared file system)').attributes('placeholder')).toBe('/home/me/plasticity-lab-jobs');
    await field('Time limit per task').setValue('2h');
    await button('Run on Slurm').trigger('click');
    await flushPromises();
    expect(field('Time limit per task').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('The job was not submitted');

    api.submitClusterJob.mockResolvedValue({ entryId: 'e1', dir: '/scratch/me/rnn-sweep-x', arrayJobId: '4242', tasks: 8, shards: 16, submitCommand: '' });
    await field('Time limit per task').setValue('02:00:00');
    await field('Jobs folder (on the cluster\'s shared file system)').setValue('/scratch/me/');
    await button('Run on Slurm').trigger('click');
    await flushPromises();
    const input = api.submitClusterJob.mock.calls.at(-1)![0] as { dir: string; slurm: object };
    expect(input.dir).toMatch(/^\/scratch\/me\/rnn-sweep-\d{8}-\d{6}$/);
    expect(input.slurm).toEqual({ time: '02:00:00' });
    expect(wrapper.text()).toContain('Submitted array job 4242: 8 tasks for 16 shards');
    expect(jobFolder('/a/b//', 'md-width-sweep', new Date(2026, 0, 2, 3, 4, 5))).toBe('/a/b/md-width-sweep-20260102-030405');
  });
});

const task = (index: number, state: ClusterTaskStatus['state'], done: number, reason?: string): ClusterTaskStatus => ({ index, state, shardsDone: done, shards: 3, arrayJobId: '77', ...(reason ? { reason } : {}) });
const clusterStatus = (tasks: ClusterTaskStatus[]): ClusterStatus => {
  const counts = { done: 0, running: 0, pending: 0, failed: 0, 'not-submitted': 0, unknown: 0 };
  for (const t of tasks) counts[t.state]++;
  const shardsDone = tasks.reduce((s, t) => s + t.shardsDone, 0);
  return { entryId: 'c1', dir: '/scratch/job', name: 'RNN sweep', jobKind: 'rnn-sweep', arrayJobIds: ['77'], shards: 12, shardsDone, counts, tasks, queueKnown: true, complete: shardsDone === 12 };
};

describe('History: entries on a cluster', () => {
  it('shows the progress in the table, follows it, resubmits failed tasks and collects the result', async () => {
    vi.useFakeTimers();
    const waiting = entrySummary({ id: 'c1', name: 'RNN sweep on Slurm', kind: 'sweep', jobKind: 'rnn-sweep', status: 'on-cluster', finishedAt: null, durationMs: null, headline: {} });
    api.listHistory.mockResolvedValue({ entries: [waiting, entrySummary({ id: 'e2' })], total: 2 });
    api.getEntry.mockResolvedValue(entryDetail({ ...waiting, cluster: { dir: '/scratch/job', arrayJobIds: ['77'], tasks: 4, shards: 12, submittedAt: '2026-01-01T10:00:00.000Z', collectedAt: null } }));
    api.clusterStatus.mockResolvedValue(clusterStatus([task(0, 'done', 3), task(1, 'done', 3), task(2, 'running', 1), task(3, 'failed', 0, 'CANCELLED')]));
    wrapper = mount(HistoryPage, { global: { provide: { [apiKey as symbol]: api } } });
    await flushPromises();
    const badge = wrapper.get('[data-testid="cluster-badge"]');
    expect(badge.text()).toBe('on cluster · 7/12, 1 failed');
    expect(badge.get('[role="progressbar"]').attributes('aria-valuenow')).toBe('58');
    expect(api.clusterStatus).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(FOLLOW_INTERVAL_MS);
    expect(api.clusterStatus).toHaveBeenCalledTimes(2);

    await wrapper.get('tr[data-entry-id="c1"]').trigger('click');
    await flushPromises();
    const panel = wrapper.get('[data-testid="cluster-panel"]');
    expect(panel.text()).toContain('/scratch/job');
    expect(panel.text()).toContain('7 of 12 shards written; tasks: 2 done, 1 running, 1 failed');
    expect(panel.text()).toContain('Task 3 (0/3 shards): CANCELLED');
    const collect = () => panel.findAll('button').find((b) => b.text() === 'Collect result')!;
    expect(collect().attributes('disabled')).toBeDefined();

    api.resumeClusterJob.mockResolvedValue({ entryId: 'c1', arrayJobId: '78', tasks: [3] });
    await panel.findAll('button').find((b) => b.text() === 'Resubmit 1 task')!.trigger('click');
    await flushPromises();
    expect(api.resumeClusterJob).toHaveBeenCalledWith({ entryId: 'c1' });
    expect(panel.text()).toContain('Resubmitted 1 task as array job 78.');

    api.clusterStatus.mockResolvedValue(clusterStatus([0, 1, 2, 3].map((i) => task(i, 'done', 3))));
    await panel.findAll('button').find((b) => b.text() === 'Refresh')!.trigger('click');
    await flushPromises();
    expect(collect().attributes('disabled')).toBeUndefined();
    api.collectClusterJob.mockResolvedValue({ entryId: 'c1', status: 'done', headline: { runs: 12 }, bundle: '/scratch/job/collected.sqlite' });
    const calls = api.listHistory.mock.calls.length;
    await collect().trigger('click');
    await flushPromises();
    expect(api.collectClusterJob).toHaveBeenCalledWith({ entryId: 'c1' });
    expect(api.listHistory.mock.calls.length).toBeGreaterThan(calls);
  });

  it('imports the result collected on the cluster', async () => {
    api.importCollected.mockResolvedValue({ completed: ['c1'], copied: [], skipped: [] });
    wrapper = mount(HistoryPage, { global: { provide: { [apiKey as symbol]: api } } });
    await flushPromises();
    const input = wrapper.get('input[type="file"]');
    const file = new File([new Uint8Array([83, 81, 76])], 'collected.sqlite');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await flushPromises();
    expect(api.importCollected).toHaveBeenCalledWith({ bytes: new Uint8Array([83, 81, 76]), fileName: 'collected.sqlite' });
    expect(wrapper.text()).toContain('Imported collected.sqlite: 1 entry waiting for a cluster result now holds it.');
  });
});
