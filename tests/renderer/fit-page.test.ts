// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import FitPage from '../../src-renderer/src/pages/FitPage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { ApiError } from '../../src-core/contract/errors';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';

let api: FakeApi;
let wrapper: VueWrapper;

async function mountPage(): Promise<VueWrapper> {
  // The chart needs a canvas, which happy-dom lacks; the e2e test draws it in Chromium.
  wrapper = mount(FitPage, { global: { provide: { [apiKey as symbol]: api }, stubs: { EChart: true, RouterLink: true } } });
  await flushPromises();
  return wrapper;
}
// The page also holds the fit-on-data form; these tests are about the bootstrap form.
const bootstrapForm = () => wrapper.get('form[aria-labelledby="bootstrap-title"]');
const field = (label: string) => {
  const id = wrapper.findAll('label').find((l) => l.text() === label)!.attributes('for');
  return wrapper.get(`#${id}`);
};

beforeEach(() => {
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

describe('Fit page bootstrap', () => {
  it('starts lognormal-bootstrap with the form values and shows the result when the job is done', async () => {
    api.startJob.mockResolvedValue({ jobId: 'b1' });
    api.getEntry.mockResolvedValue(entryDetail({
      id: 'b1', seed: 99,
      result: {
        n: 500, estimate: { mu: 0.48, sigma: 0.79 }, resamples: 300, confidence: 0.9,
        ci: { mu: [0.41, 0.55], sigma: [0.74, 0.84] }, se: { mu: 0.035, sigma: 0.03 },
        mu: new Float64Array([0.45, 0.48, 0.5]), sigma: new Float64Array([0.78, 0.79, 0.8]),
      },
    }));
    await mountPage();
    await field('Sample size n').setValue('500');
    await field('μ (log-scale mean)').setValue('0.5');
    await field('σ (log-scale s.d.)').setValue('0.8');
    await field('Resamples').setValue('300');
    await field('Confidence level').setValue('0.9');
    await field('Seed').setValue('99');
    await bootstrapForm().trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'lognormal-bootstrap',
      config: { source: { type: 'synthetic', n: 500, mu: 0.5, sigma: 0.8 }, resamples: 300, confidence: 0.9 },
      seed: 99,
    });
    expect(bootstrapForm().get('button[type="submit"]').attributes('disabled')).toBeDefined();
    expect(wrapper.find('[data-testid="bootstrap-result"]').exists()).toBe(false);

    api.finished({ jobId: 'b1', status: 'done' });
    await flushPromises();
    expect(api.getEntry).toHaveBeenCalledWith({ id: 'b1' });
    const result = wrapper.get('[data-testid="bootstrap-result"]');
    expect(result.text()).toContain('90 % CI');
    expect(result.text()).toContain('0.48000');
    expect(result.text()).toContain('[0.41000, 0.55000]');
    expect(result.text()).toContain('seed 99');
  });

  it('leaves the seed out when the field is empty, so the app picks and records one', async () => {
    await mountPage();
    await field('Seed').setValue('');
    await bootstrapForm().trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).not.toHaveProperty('seed');
  });

  it('marks the fields the API refused, with its message', async () => {
    api.startJob.mockRejectedValue(new ApiError({
      code: 'invalid-input',
      message: 'Invalid input to startJob: config.source.n: Too small: expected number to be >=3',
      issues: [{ path: 'config.source.n', message: 'Too small: expected number to be >=3' }],
    }));
    await mountPage();
    await field('Sample size n').setValue('1');
    await bootstrapForm().trigger('submit');
    await flushPromises();
    expect(field('Sample size n').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Too small: expected number to be >=3');
    expect(wrapper.get('[role="alert"]').text()).toContain('config.source.n');
    expect(field('Resamples').attributes('aria-invalid')).toBeUndefined();
  });

  it('says so when the job was cancelled or failed', async () => {
    await mountPage();
    await bootstrapForm().trigger('submit');
    await flushPromises();
    api.finished({ jobId: 'job-1', status: 'failed', error: 'worker exited with code 1' });
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('worker exited with code 1');
    expect(bootstrapForm().get('button[type="submit"]').attributes('disabled')).toBeUndefined();
  });
});
