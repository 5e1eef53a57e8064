// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import SimulatePage from '../../src-renderer/src/pages/SimulatePage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { resultViewFor } from '../../src-renderer/src/components/history/result-views';
import RnnGeometryResult from '../../src-renderer/src/components/simulate/RnnGeometryResult.vue';
import { DEFAULT_TRAIN_FORM, trainConfig } from '../../src-renderer/src/composables/rnn-forms';
import { DEFAULT_RNN_GEOMETRY_FORM, readRnnGeometryResult, rnnGeometryConfig } from '../../src-renderer/src/composables/rnn-geometry';
import { rnnGeometrySchema, runRnnGeometry } from '../../src-core/rnn/mirror-experiment';
import { rnnTrainConfigSchema } from '../../src-core/rnn/schema';
import { trainRnn } from '../../src-core/rnn/train';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';

/**
 * Mirror descent for the RNN on the Simulate page (issue 13): the paper's RNN experiment from the Geometry tab's
 * single-run form (job md-rnn), the potential and the row-wise digit task in the RNN tab's single run, and the
 * geometry test on the recurrent weights in both results and in History. Results are real (tiny) runs of the core.
 */
let api: FakeApi;
let wrapper: VueWrapper;

async function mountPage(tab: 'geometry' | 'rnn') {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/simulate', component: SimulatePage }] });
  await router.push({ path: '/simulate', query: { tab } });
  wrapper = mount(SimulatePage, { global: { plugins: [router], provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
  await flushPromises();
  return router;
}
const form = (panel: string, title: string) => wrapper.get(panel).findAll('form').find((f) => f.find('h2').text() === title)!;
const field = (panel: string, title: string, label: string) => {
  const f = form(panel, title);
  const labelled = f.findAll('label').find((l) => l.text() === label);
  if (!labelled) throw new Error(`no field '${label}' in ${title}: ${f.findAll('label').map((l) => l.text()).join(', ')}`);
  return f.get(`#${labelled.attributes('for')}`);
};
const chartsIn = (testId: string) => wrapper.findAllComponents({ name: 'EChart' }).filter((c) => (c.element as Element).closest(`[data-testid="${testId}"]`) !== null);
const ctx = silentContext(createRng(0));

// Two rates of a tiny experiment: 8 units (64 recurrent weights), 6 x 6 images of 3 digits, negative entropy.
const experiment = runRnnGeometry({
  n: 8, imageSize: 6, classes: 3, potential: { kind: 'negative-entropy' }, pretrainIterations: 5, pretrainBatch: 8, iterations: 10,
  learningRates: [0.03, 0.3], seed: 2,
}, ctx);

beforeEach(() => {
  localStorage.clear();
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

describe('Geometry tab: the paper\'s RNN experiment (md-rnn)', () => {
  it('starts md-rnn with the experiment\'s sizes, the chosen potential and the seed; learning rate 0 tries the grid', async () => {
    api.startJob.mockResolvedValue({ jobId: 'r1' });
    await mountPage('geometry');
    await field('#panel-geometry', 'Single run', 'Task').setValue('rnn');
    const labels = form('#panel-geometry', 'Single run').findAll('label').map((l) => l.text());
    // The linear regression's sizes and the initial-weight choice give way to the network's.
    expect(labels).not.toContain('Width D (synapses)');
    expect(labels).not.toContain('Initial weights');
    await field('#panel-geometry', 'Single run', 'True potential').setValue('p-norm');
    await field('#panel-geometry', 'Single run', 'Exponent p').setValue('3');
    await field('#panel-geometry', 'Single run', 'Recurrent units N').setValue('16');
    await field('#panel-geometry', 'Single run', 'Learning rule').setValue('eprop');
    await field('#panel-geometry', 'Single run', 'Image side (pixels = steps)').setValue('10');
    await field('#panel-geometry', 'Single run', 'Digit classes').setValue('4');
    await field('#panel-geometry', 'Single run', 'Pre-training iterations').setValue('40');
    await field('#panel-geometry', 'Single run', 'Fine-tuning images').setValue('0');
    await field('#panel-geometry', 'Single run', 'Fine-tuning iterations').setValue('30');
    await field('#panel-geometry', 'Single run', 'Seed').setValue('7');
    const text = form('#panel-geometry', 'Single run').text();
    expect(text).toContain('how its 256 recurrent weights moved');
    // The hint names the rate that trains this potential (p = 3: 0.03).
    expect(text).toContain('0 = try 0.003 – 0.3 (5 rates); about 0.03 trains this potential');
    await form('#panel-geometry', 'Single run').trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'md-rnn',
      config: { n: 16, imageSize: 10, classes: 4, rule: 'eprop', potential: { kind: 'p-norm', p: 3 }, pretrainIterations: 40, iterations: 30, seed: 7 },
      seed: 7,
    });
    const sent = (api.startJob.mock.calls[0][0] as { config: unknown }).config;
    expect(rnnGeometrySchema.parse(sent)).toMatchObject({ learningRates: [0.003, expect.any(Number), 0.03, expect.any(Number), 0.3] });
  });

  it('a fixed rate and a fine-tuning set are sent only when given', () => {
    const config = rnnGeometryConfig({ ...DEFAULT_RNN_GEOMETRY_FORM, learningRate: 0.1, trainingSet: 20 }, { kind: 'euclidean' }, 3);
    expect(config).toMatchObject({ learningRate: 0.1, trainingSet: 20 });
    expect(rnnGeometrySchema.parse(config).learningRate).toBe(0.1);
    expect(rnnGeometryConfig(DEFAULT_RNN_GEOMETRY_FORM, { kind: 'euclidean' }, 3)).not.toHaveProperty('learningRate');
  });

  it('shows the finished experiment: verdict against the trained potential, the figures it rests on, every rate, four charts', async () => {
    api.startJob.mockResolvedValue({ jobId: 'r2' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 'r2', seed: 2, jobKind: 'md-rnn', result: experiment }));
    await mountPage('geometry');
    await field('#panel-geometry', 'Single run', 'Task').setValue('rnn');
    await form('#panel-geometry', 'Single run').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 'r2', kind: 'md-rnn', status: 'done' });
    await flushPromises();
    const result = wrapper.get('[data-testid="rnn-geometry-result"]');
    const g = experiment.run.geometry!;
    expect(result.get('h2').text()).toBe('RNN run result — trained with negative entropy');
    expect(wrapper.get('[data-testid="rnn-geometry-best"]').text()).toBe(g.best === 'negative-entropy' ? 'negative entropy' : g.best.replace('=', ' = '));
    // The verdict against the truth follows the 0.2-in-p rule of the identification test (NE counts p <= 1.3).
    const nearTruth = g.best === 'negative-entropy' || Number(g.best.slice(2)) <= 1.3 + 1e-9;
    expect(wrapper.get('[data-testid="rnn-geometry-found"]').text()).toMatch(nearTruth ? /^Within 0\.2 in p of the potential/ : /^More than 0\.2 in p from the potential/);
    const text = result.text();
    for (const part of ['8 units (64 recurrent weights)', '6 × 6 digit images, 3 classes', 'BPTT', `fine-tuned on 8 images for 10 iterations`,
      `(lowest final fine-tuning loss of 2 tried)`, 'seed 2', 'Recurrent synapses scored64', `Weights that changed sign0 of 64`]) expect(text).toContain(part);
    expect(wrapper.get('[data-testid="rnn-change-magnitude"]').text()).toContain(g.changeMagnitude.toPrecision(3));
    const rows = result.findAll('table[aria-label="Every learning rate tried, the chosen one marked"] tbody tr');
    expect(rows.map((r) => r.get('th').attributes('data-value'))).toEqual(['0.03', '0.3']);
    expect(result.find('tr.chosen th').text()).toContain('(chosen)');
    expect(chartsIn('rnn-geometry-result').map((c) => c.props('title'))).toEqual(['Training loss', 'dCDF against p', 'Recurrent weights before and after', 'Change in dual coordinates']);
  });

  it('runs the full geometry test on the recurrent weights and shows it on the Geometry test tab', async () => {
    api.startJob.mockResolvedValueOnce({ jobId: 'r3' }).mockResolvedValueOnce({ jobId: 'g1' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 'r3', seed: 2, jobKind: 'md-rnn', result: experiment }));
    const router = await mountPage('geometry');
    await field('#panel-geometry', 'Single run', 'Task').setValue('rnn');
    await form('#panel-geometry', 'Single run').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 'r3', kind: 'md-rnn', status: 'done' });
    await flushPromises();
    await wrapper.get('[data-testid="rnn-full-test"]').trigger('click');
    await flushPromises();
    const g = experiment.run.geometry!;
    expect(api.startJob).toHaveBeenLastCalledWith({
      kind: 'geometry-test',
      config: { before: { type: 'values', values: Array.from(g.weightsBefore) }, after: { type: 'values', values: Array.from(g.weightsAfter) }, bootstrap: 500, powerReplicates: 100, seed: 1, signFlips: 'keep' },
      seed: 1,
      name: 'Geometry test of an RNN\'s 64 recurrent weights (trained with negative entropy)',
    });
    expect(router.currentRoute.value.query.tab).toBe('test');
    expect(wrapper.find('[role="progressbar"][aria-label="Geometry test progress"]').exists()).toBe(true);
  });

  it('History shows a stored md-rnn entry with the same view; anything else is not taken for one', () => {
    const view = resultViewFor(entryDetail({ id: 'h1', jobKind: 'md-rnn', seed: 2, result: experiment }));
    expect(view?.component).toBe(RnnGeometryResult);
    expect(view?.props).toMatchObject({ result: experiment, seed: 2 });
    expect(readRnnGeometryResult({ lr: 0.1, rates: [], run: { lossCurve: { loss: [] } } })).toBeNull();
  });
});

describe('RNN tab: mirror descent and the row-wise digit task in a single run', () => {
  it('sends the potential with SGD (whatever optimiser is chosen) and the digit task with its options', async () => {
    api.startJob.mockResolvedValue({ jobId: 't1' });
    await mountPage('rnn');
    const panel = '#panel-rnn';
    expect(wrapper.find('[data-testid="rnn-mirror-note"]').exists()).toBe(false);
    await field(panel, 'Single run', 'Task').setValue('row-images');
    expect(form(panel, 'Single run').findAll('label').map((l) => l.text())).not.toContain('Memory delay (steps)');
    await field(panel, 'Single run', 'Image side (pixels = steps)').setValue('8');
    await field(panel, 'Single run', 'Digit classes').setValue('5');
    await field(panel, 'Single run', 'Training images').setValue('20');
    await field(panel, 'Single run', 'Pixel noise σ (ink 0–1)').setValue('0.05');
    await field(panel, 'Single run', 'Largest rotation (degrees)').setValue('5');
    await field(panel, 'Single run', 'Geometry (mirror descent)').setValue('p-norm');
    await field(panel, 'Single run', 'Exponent p').setValue('2.5');
    expect(wrapper.get('[data-testid="rnn-mirror-note"]').text()).toContain('the optimiser under More settings is not used');
    await field(panel, 'Single run', 'Optimiser').setValue('adam');
    await form(panel, 'Single run').trigger('submit');
    await flushPromises();
    const config = (api.startJob.mock.calls[0][0] as { kind: string; config: Record<string, unknown> });
    expect(config.kind).toBe('rnn-train');
    expect(config.config).toMatchObject({
      task: { kind: 'row-images', size: 8, classes: 5, trainingSet: 20, noiseStd: 0.05, maxRotation: 5 },
      optimiser: { kind: 'sgd', potential: { kind: 'p-norm', p: 2.5 } },
    });
    expect(() => rnnTrainConfigSchema.parse(config.config)).not.toThrow();
  });

  it('plain steps send no potential and keep the chosen optimiser', () => {
    const config = trainConfig({ ...DEFAULT_TRAIN_FORM, settings: { ...DEFAULT_TRAIN_FORM.settings, optimiser: 'adam' } });
    expect(config.optimiser).toMatchObject({ kind: 'adam' });
    expect(config.optimiser).not.toHaveProperty('potential');
  });

  it('a run trained by mirror descent shows the geometry test on its recurrent weights under its learning curve', async () => {
    const run = trainRnn(rnnTrainConfigSchema.parse({
      ...trainConfig({ ...DEFAULT_TRAIN_FORM, task: 'row-images', images: { size: 6, classes: 3, trainingSet: 6, noiseStd: 0.1, maxRotation: 12 }, potential: 'negative-entropy', n: 8, iterations: 8, batchSize: 6, learningRate: 0.1 }),
      lyapunov: { k: 1, steps: 5, warmup: 0, inputStd: 0, drivenInputStd: 0.5, every: 0 }, evalBatchSize: 6,
    }), ctx);
    expect(run.geometry).toBeDefined();
    api.startJob.mockResolvedValue({ jobId: 't2' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 't2', jobKind: 'rnn-train', result: run }));
    await mountPage('rnn');
    await form('#panel-rnn', 'Single run').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 't2', kind: 'rnn-train', status: 'done' });
    await flushPromises();
    const result = wrapper.get('[data-testid="rnn-train-result"]');
    expect(result.text()).toContain('Geometry of plasticity: the recurrent weights from the start of training to its end');
    expect(result.get('[data-testid="rnn-geometry"]').text()).toContain('(trained with negative entropy)');
    // Negative entropy never changes a sign.
    expect(result.text()).toContain('Weights that changed sign0 of 64');
    expect(chartsIn('rnn-train-result').map((c) => c.props('title'))).toEqual(['Learning curve', 'dCDF against p', 'Recurrent weights before and after', 'Change in dual coordinates']);
  });
});
