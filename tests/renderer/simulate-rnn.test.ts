// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import SimulatePage from '../../src-renderer/src/pages/SimulatePage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { presetForm, sweepConfig, trainConfig } from '../../src-renderer/src/composables/rnn-forms';
import { DEFAULT_TRAIN_FORM } from '../../src-renderer/src/composables/rnn-forms';
import { rnnPreset } from '../../src-core/rnn/presets';
import { runRnnSweep } from '../../src-core/rnn/sweep';
import { trainRnn } from '../../src-core/rnn/train';
import { rnnSweepConfigSchema, rnnTrainConfigSchema } from '../../src-core/rnn/schema';
import { comparisonSentence } from '../../src-core/rnn/comparisons';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';

let api: FakeApi;
let wrapper: VueWrapper;

async function mountPage(): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/simulate', component: SimulatePage }] });
  await router.push({ path: '/simulate', query: { tab: 'rnn' } });
  // Charts need a canvas, which happy-dom lacks; the e2e test draws them in Chromium.
  wrapper = mount(SimulatePage, { global: { plugins: [router], provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
  await flushPromises();
  return wrapper;
}
const form = (title: string) => wrapper.get('#panel-rnn').findAll('form').find((f) => f.find('h2').text() === title)!;
const control = (title: string, label: string) => {
  const f = form(title);
  return f.get(`#${f.findAll('label').find((l) => l.text() === label)!.attributes('for')}`);
};
const ctx = silentContext(createRng(0));

beforeEach(() => {
  localStorage.clear();
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

describe('RNN tab: the paper\'s regime, settings and warnings', () => {
  it('the forms start in the paper\'s regime and the presets fill the sweep (the flossing preset: 480 runs of 20 seeds)', async () => {
    await mountPage();
    expect(form('Sweep').text()).toContain('160 training runs'); // gain dependence: 4 gains x 4 rules x 10 seeds
    expect((control('Sweep', 'Memory delay (steps)').element as HTMLInputElement).value).toBe('30');
    expect((control('Sweep', 'α = dt/τ').element as HTMLInputElement).value).toBe('0.2');
    await control('Sweep', 'Start from').setValue('flossing');
    await flushPromises();
    expect(form('Sweep').text()).toContain('480 training runs');
    expect(form('Sweep').text()).toContain(rnnPreset('flossing').description);
    api.startJob.mockResolvedValue({ jobId: 's1' });
    await form('Sweep').trigger('submit');
    await flushPromises();
    const sent = api.startJob.mock.calls[0][0] as { config: unknown };
    // What the form sends is the preset itself, whatever the form adds in defaults.
    const parsed = rnnSweepConfigSchema.parse(sent.config);
    const preset = rnnSweepConfigSchema.parse(rnnPreset('flossing').config);
    expect({ ...parsed, base: { ...parsed.base, flossing: { ...parsed.base.flossing, trajectory: undefined, inputStd: 0 } } }).toEqual(preset);
  });

  it('warns at alpha = 1 with a trace-based rule, in both forms, and not with BPTT alone', async () => {
    await mountPage();
    expect(wrapper.find('[data-testid="rnn-alpha-warning"]').exists()).toBe(false);
    await control('Sweep', 'α = dt/τ').setValue('1');
    expect(form('Sweep').get('[data-testid="rnn-alpha-warning"]').text()).toMatch(/RFLO equals e-prop with random feedback/);
    await control('Single run', 'α = dt/τ').setValue('1');
    expect(form('Single run').find('[data-testid="rnn-alpha-warning"]').exists()).toBe(false); // BPTT
    await control('Single run', 'Learning rule').setValue('rflo');
    expect(form('Single run').get('[data-testid="rnn-alpha-warning"]').text()).toMatch(/cannot learn a delay/);
  });

  it('every setting under "More settings" reaches the training configuration', async () => {
    api.startJob.mockResolvedValue({ jobId: 't1' });
    await mountPage();
    await control('Single run', 'Task').setValue('streaming-xor');
    await control('Single run', 'Memory delay (steps)').setValue('12');
    await control('Single run', 'Gradient flossing').setValue('pre');
    await control('Single run', 'Flossing gradient').setValue('local');
    await control('Single run', 'Flossing learning rate').setValue('0');
    await control('Single run', 'Flossed trajectory').setValue('task');
    await control('Single run', 'Updates per flossing phase').setValue('40');
    await control('Single run', 'Optimiser').setValue('sgd');
    await control('Single run', 'Gradient clipping (norm)').setValue('2');
    await control('Single run', 'Solved when final loss ≤').setValue('0.2');
    await control('Single run', 'Also during training, every').setValue('25');
    await form('Single run').trigger('submit');
    await flushPromises();
    const config = (api.startJob.mock.calls[0][0] as { config: Record<string, unknown> }).config;
    expect(config).toMatchObject({
      task: { kind: 'streaming-xor', delay: 12 }, successLoss: 0.2,
      optimiser: { kind: 'sgd', clipNorm: 2 },
      flossing: { schedule: 'pre', gradient: 'local', trajectory: 'task', phaseSteps: 40 },
      lyapunov: { every: 25 },
    });
    // Learning rate 0: the local rule's own (SGD at 5), so none is sent.
    expect(config.flossing).not.toHaveProperty('learningRate');
    expect(() => rnnTrainConfigSchema.parse(config)).not.toThrow();
  });

  it('form configurations parse as the core\'s and keep the copy task\'s trial longer than its delay', () => {
    expect(() => rnnTrainConfigSchema.parse(trainConfig(DEFAULT_TRAIN_FORM))).not.toThrow();
    expect(trainConfig({ ...DEFAULT_TRAIN_FORM, task: 'copy', delay: 40 }).task).toEqual({ kind: 'copy', delay: 40, duration: 80 });
    expect(trainConfig({ ...DEFAULT_TRAIN_FORM, task: 'sum-of-sines' }).task).toEqual({ kind: 'sum-of-sines' });
    for (const name of ['gain-dependence', 'flossing', 'local-flossing'] as const) expect(() => rnnSweepConfigSchema.parse(sweepConfig(presetForm(name)))).not.toThrow();
  });
});

describe('RNN tab: results', () => {
  // A real (tiny) sweep: two gains, e-prop without and with pre-flossing, three seeds.
  const summary = runRnnSweep(rnnSweepConfigSchema.parse({
    base: {
      model: { n: 8, alpha: 0.5 }, task: { kind: 'delayed-xor', delay: 2 }, iterations: 6, batchSize: 4, evalBatchSize: 8,
      lyapunov: { k: 1, steps: 40, warmup: 5, inputStd: 0, drivenInputStd: 0.5, every: 0 }, flossing: { phaseSteps: 3, trajectorySteps: 15, warmup: 2 },
    },
    gains: [0.5, 2], rules: ['eprop'], flossingSchedules: ['none', 'pre'], seeds: 3,
  }), ctx);

  it('a sweep shows every comparison in words, the success chart, every cell and a chosen cell\'s seeds', async () => {
    api.startJob.mockResolvedValue({ jobId: 's1' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 's1', result: summary }));
    await mountPage();
    await form('Sweep').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 's1', kind: 'rnn-sweep', status: 'done' });
    await flushPromises();
    const result = wrapper.get('[data-testid="rnn-sweep-result"]');
    expect(result.text()).toContain('2 gains × 1 rule × 2 flossing variants, 3 seeds a cell');
    const comparisons = result.get('[data-testid="rnn-comparisons"]');
    expect(comparisons.text()).toMatch(/^\d of 4 comparisons (is|are) significant at the 5 % level \(about 0\.2 expected by chance alone\)\./);
    for (const c of summary.comparisons!) expect(comparisons.text()).toContain(comparisonSentence(c, '→'));
    const titles = wrapper.findAllComponents({ name: 'EChart' }).map((c) => String(c.props('title')));
    expect(titles).toContain('Runs solved against gain');
    const rows = result.get('table.results').findAll('tbody tr');
    expect(rows).toHaveLength(4);
    expect(rows[0].text()).toContain(`${summary.cells[0].success.solved}/3`);
    await rows[3].get('button').trigger('click');
    const seeds = result.get('[data-testid="rnn-seed-table"]');
    expect(seeds.text()).toContain('Seeds of e-prop + flossing (pre) at g = 2');
    expect(seeds.findAll('tbody tr').map((r) => r.get('td').text())).toEqual(['1', '2', '3']);
    // Both tables travel like every result table: Copy and CSV.
    expect(result.findAll('[role="group"][aria-label^="Table: "]').map((g) => g.attributes('aria-label'))).toEqual([
      'Table: RNN sweep cells', 'Table: Seeds of e-prop + flossing (pre) at g = 2',
    ]);
  });

  it('a training run says whether it solved the task, with lambda_max after pre-flossing and the weight change', async () => {
    const run = trainRnn(rnnTrainConfigSchema.parse({
      model: { n: 8, gain: 0.5, alpha: 0.5 }, task: { kind: 'delayed-xor', delay: 2 }, rule: 'eprop', iterations: 4, batchSize: 4, evalBatchSize: 8,
      lyapunov: { k: 1, steps: 40, warmup: 5, inputStd: 0, drivenInputStd: 0.5, every: 2 }, flossing: { schedule: 'pre', phaseSteps: 3, trajectorySteps: 15, warmup: 2 },
    }), ctx);
    api.startJob.mockResolvedValue({ jobId: 't1' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 't1', result: run }));
    await mountPage();
    await form('Single run').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 't1', kind: 'rnn-train', status: 'done' });
    await flushPromises();
    const result = wrapper.get('[data-testid="rnn-train-result"]');
    expect(result.get('[data-testid="rnn-solved"]').text()).toMatch(/^Not solved: final loss [\d.]+ > 0\.1; the training loss never reached it\.$/);
    expect(result.get('[data-testid="rnn-lambda-autonomous"]').text()).toMatch(/before → after pre-flossing → after training.*-?[\d.]+ → -?[\d.]+ → -?[\d.]+/);
    expect(result.get('[data-testid="rnn-weight-change"]').text()).toMatch(/‖ΔW‖ \/ ‖W₀‖ \(training alone\)[\d.]+ \([\d.]+\)/);
    const titles = wrapper.findAllComponents({ name: 'EChart' }).map((c) => String(c.props('title')));
    expect(titles).toContain('λ_max during training');
  });
});
