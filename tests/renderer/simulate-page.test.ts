// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import SimulatePage from '../../src-renderer/src/pages/SimulatePage.vue';
import { apiKey } from '../../src-renderer/src/api/provide';
import { ApiError } from '../../src-core/contract/errors';
import { createFakeApi, entryDetail, type FakeApi } from './fake-api';
import { resultViewFor } from '../../src-renderer/src/components/history/result-views';
import TwoLayerRunResult from '../../src-renderer/src/components/simulate/TwoLayerRunResult.vue';
import IdentificationResult from '../../src-renderer/src/components/simulate/IdentificationResult.vue';

let api: FakeApi;
let wrapper: VueWrapper;

async function mountPage(tab: 'geometry' | 'test' | 'final' | 'rnn' = 'geometry'): Promise<VueWrapper> {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/simulate', component: SimulatePage }] });
  await router.push({ path: '/simulate', query: { tab } });
  // Charts need a canvas, which happy-dom lacks; the e2e test draws them in Chromium.
  wrapper = mount(SimulatePage, { global: { plugins: [router], provide: { [apiKey as symbol]: api }, stubs: { EChart: true } } });
  await flushPromises();
  return wrapper;
}
// A tab is built when first shown and then stays mounted (v-show): "Single run" is a form on the Geometry and the RNN tab.
const within = (formTitle: string, panel = '') => wrapper.findAll(`${panel} form`.trim()).find((f) => f.find('h2').text() === formTitle)!;
const field = (formTitle: string, label: string) => {
  const form = within(formTitle);
  const id = form.findAll('label').find((l) => l.text() === label)!.attributes('for');
  return form.get(`#${id}`);
};

beforeEach(() => {
  api = createFakeApi();
});
afterEach(() => wrapper?.unmount());

const runResult = {
  dim: 4, samples: 2, potential: 'negative-entropy', lr: 0.1, steps: 3, converged: true, finalLoss: 1e-4,
  lossCurve: new Float64Array([1, 0.1, 0.01]), changeMagnitude: 0.2, excluded: 0, best: 'negative-entropy', lrSelection: 'held-out', selectionLoss: 2e-4,
  scores: [
    { hypothesis: 'negative-entropy', dcdf: 0.02, changeMagnitude: 0.2, n: 4, excluded: 0 },
    { hypothesis: 'p=2', dcdf: 0.3, changeMagnitude: 0.2, n: 4, excluded: 0 },
  ],
  weightsBefore: new Float64Array([0.1, -0.2, 0.3, 0.4]), weightsAfter: new Float64Array([0.2, -0.1, 0.5, 0.3]),
  dualBefore: new Float64Array([1, 2, 3, 4]), dualAfter: new Float64Array([1.1, 2.2, 2.9, 4.1]), lrLosses: null,
};

describe('Simulate page tabs', () => {
  it('builds a tab when it is first shown and keeps it (hidden) when another is shown', async () => {
    await mountPage();
    const panel = (name: string) => wrapper.get(`#panel-${name}`);
    expect(panel('geometry').find('form').exists()).toBe(true);
    for (const name of ['test', 'final', 'rnn']) expect(panel(name).find('form').exists()).toBe(false);
    await wrapper.get('#tab-rnn').trigger('click');
    await flushPromises();
    expect(panel('rnn').find('form').exists()).toBe(true);
    await wrapper.get('#tab-geometry').trigger('click');
    await flushPromises();
    expect(panel('rnn').find('form').exists()).toBe(true);
    expect(panel('rnn').attributes('style')).toContain('display: none');
    expect(panel('test').find('form').exists()).toBe(false);
  });
});

describe('Simulate page, Geometry tab', () => {
  it('starts md-linear-regression with the form values, streams progress and names the best geometry', async () => {
    api.startJob.mockResolvedValue({ jobId: 'md1' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 'md1', seed: 5, result: runResult }));
    await mountPage();
    await field('Single run', 'Width D (synapses)').setValue('120');
    await field('Single run', 'Training steps').setValue('50');
    await field('Single run', 'Seed').setValue('5');
    await field('Single run', 'Input correlation scale s (lags)').setValue('3');
    await within('Single run').trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'md-linear-regression',
      config: { dim: 120, samplesExponent: 0.5, correlation: 2, correlationScale: 3, potential: { kind: 'negative-entropy' }, seed: 5, steps: 50, init: { kind: 'normal', mean: 0 } },
      seed: 5,
    });
    // The learning-rate selection streams every candidate's loss from both shards; a later round starts afresh.
    api.progress({ jobId: 'md1', kind: 'md-linear-regression', fraction: 0.2, partial: { round: 0, rates: [1e-3, 1e-1], step: [0, 1], loss: [[1, 0.9], [1, 0.5]] } });
    api.progress({ jobId: 'md1', kind: 'md-linear-regression', fraction: 0.3, partial: { round: 0, rates: [1e-2], step: [0, 1], loss: [[1, 0.7]] } });
    api.progress({ jobId: 'md1', kind: 'md-linear-regression', fraction: 0.4, etaSeconds: 3, partial: { round: 0, rates: [1e-3, 1e-1], step: [2], loss: [[0.8], [null]] } });
    await flushPromises();
    const live = wrapper.findAllComponents({ name: 'EChart' }).find((c) => String(c.props('title')).startsWith('Learning-rate selection on held-out data, live'))!;
    // lr 0.1 diverged at step 2 (a gap), so lr 0.01 leads.
    expect(live.props('title')).toBe('Learning-rate selection on held-out data, live: lowest so far at lr 1.0e-2');
    const lines = (live.props('option') as { series: { type: string; name: string; data: (number | null)[][] }[] }).series.filter((x) => x.type === 'line');
    expect(lines.map((l) => l.name)).toEqual(['lr 1.0e-3', 'lr 1.0e-2', 'lr 1.0e-1']);
    expect(lines[0].data).toEqual([[0, 1], [1, 0.9], [2, 0.8]]);
    expect(lines[2].data).toEqual([[0, 1], [1, 0.5], [2, null]]);
    expect(wrapper.get('[role="progressbar"][aria-label="Simulation progress"]').attributes('aria-valuenow')).toBe('40');
    expect(wrapper.text()).toContain('40 %');
    api.finished({ jobId: 'md1', kind: 'md-linear-regression', status: 'done' });
    await flushPromises();
    expect(wrapper.get('[data-testid="geometry-best"]').text()).toBe('negative entropy');
    expect(wrapper.get('[data-testid="geometry-run-result"]').text()).toContain('seed 5');
    expect(wrapper.get('[data-testid="geometry-run-result"]').text()).toContain('learning rate 0.100 (chosen on held-out data)');
  });

  it('shows the refused field next to its input and the message where the sweep was started', async () => {
    api.startJob.mockRejectedValue(new ApiError({ code: 'invalid-input', message: 'The input was refused.', issues: [{ path: 'config.maxDim', message: 'Too big: expected <= 50000' }] }));
    await mountPage();
    await field('Width sweep', 'Largest D').setValue('90000');
    await field('Width sweep', 'Input correlation scale s (lags)').setValue('2');
    await within('Width sweep').trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).toMatchObject({
      kind: 'md-width-sweep', config: { maxDim: 90000, truePotentials: [{ kind: 'negative-entropy' }, { kind: 'euclidean' }], correlations: [2], correlationScale: 2 },
    });
    expect(field('Width sweep', 'Largest D').attributes('aria-invalid')).toBe('true');
    expect(wrapper.text()).toContain('Too big: expected <= 50000');
    expect(wrapper.get('[role="alert"]').text()).toContain('Sweep did not run');
  });

  it('starts a single run from a data set\'s column: sends the column reference, D follows its number of values', async () => {
    const spines = { id: 'ds1', name: 'Spines', sourceFileName: 'spines.csv', sha256: 'x', byteSize: 10, importedAt: '2026-11-23T10:00:00.000Z', rowCount: 90, originalKept: true, deletedAt: null, paired: false };
    api.listDatasets.mockResolvedValue([spines]);
    api.getDataset.mockResolvedValue({
      ...spines, mapping: {}, report: {}, pairs: null, groups: [],
      columns: [{ name: 'size', unit: 'µm³', censoredCount: 0, descriptives: null }, { name: 'volume', unit: 'µm³', censoredCount: 0, descriptives: null }],
    });
    api.startJob.mockResolvedValue({ jobId: 'md2' });
    await mountPage();
    await field('Single run', 'Initial weights').setValue('dataset');
    await flushPromises();
    expect(field('Single run', 'Initial-weights data set').findAll('option').map((o) => o.text())).toEqual(['Choose a data set…', 'Spines']);
    expect(within('Single run').get('button[type="submit"]').attributes('disabled')).toBeDefined();
    await field('Single run', 'Initial-weights data set').setValue('ds1');
    await flushPromises();
    expect(api.getDataset).toHaveBeenCalledWith({ id: 'ds1' });
    expect(field('Single run', 'Initial-weights column').findAll('option').map((o) => o.text())).toEqual(['size', 'volume']);
    await field('Single run', 'Initial-weights column').setValue('volume');
    expect((field('Single run', 'Width D (synapses)').element as HTMLInputElement).value).toBe('90');
    expect(within('Single run').text()).toContain("The column's 90 values, one per synapse");
    await within('Single run').trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'md-linear-regression',
      config: {
        dim: 90, samplesExponent: 0.5, correlation: 2, correlationScale: 1, potential: { kind: 'negative-entropy' }, seed: 1, steps: 100,
        init: { kind: 'dataset', source: { type: 'dataset', datasetId: 'ds1', column: 'volume' } },
      },
      seed: 1,
    });
  });

  it('shows the server\'s refusal of the initial weights under their field', async () => {
    const message = 'initial weights: data set ds1 column "size" has 90 values but the model has D = 120 weights; one value per weight is used exactly, so they must be equal';
    api.startJob.mockRejectedValue(new ApiError({ code: 'invalid-input', message, issues: [{ path: 'config.init', message }] }));
    await mountPage();
    await within('Single run').trigger('submit');
    await flushPromises();
    expect(field('Single run', 'Initial weights').attributes('aria-invalid')).toBe('true');
    expect(within('Single run').text()).toContain('has 90 values but the model has D = 120 weights');
  });
});

const twoLayerResult = {
  potential: 'p=3', lr: 0.01, finalLoss: 2e-4, initialLoss: 0.8, lossCurve: new Float64Array([0.8, 0.1, 0.001]),
  scores: [
    { hypothesis: 'negative-entropy', dcdf: 0.4, changeMagnitude: 0.3, n: 6, excluded: 1 },
    { hypothesis: 'p=2', dcdf: 0.2, changeMagnitude: 0.2, n: 6, excluded: 0 },
    { hypothesis: 'p=3', dcdf: 0.03, changeMagnitude: 0.125, n: 6, excluded: 0 },
  ],
  best: 'p=3', excluded: 1, lrSelection: 'held-out',
  firstLayer: {
    before: new Float64Array([0.1, -0.2, 0.3, 0.4, -0.1, 0.2]), after: new Float64Array([0.2, -0.1, 0.5, 0.3, 0.1, 0.2]),
    dualBefore: new Float64Array([1, 2, 3, 4, 5, 6]), dualAfter: new Float64Array([1.1, 2.2, 2.9, 4.1, 5, 6.1]), rows: 2, cols: 3,
  },
  readout: { before: new Float64Array([0.5, -0.5]), after: new Float64Array([0.6, -0.4]) },
  lrLosses: [{ lr: 1e-3, loss: 0.01 }, { lr: 1e-2, loss: 2e-4 }, { lr: 1e-1, loss: null }],
};

const curve = (means: number[], sd: number) => ['negative-entropy', 'p=1.5', 'p=2', 'p=3'].map((hypothesis, i) => ({ hypothesis, mean: means[i], sd, band: null }));
const identificationResult = {
  summaries: [
    // Negative entropy is the p -> 1 limit: p = 1.2 counts within 0.1, p = 1.3 within 0.2.
    { truePotential: 'negative-entropy', repeats: 5, correct: 5, bestCounts: { 'negative-entropy': 3, 'p=1.2': 1, 'p=1.3': 1 }, curve: curve([0.03, 0.1, 0.3, 0.6], 0.05) },
    { truePotential: 'p=2', repeats: 5, correct: 4, bestCounts: { 'p=2': 2, 'p=1.9': 1, 'p=2.2': 1, 'p=2.5': 1 }, curve: curve([0.3, 0.1, 0.04, 0.2], 0.01) },
  ],
};

/** The (stubbed) charts inside one result card. */
const chartsIn = (testId: string) => wrapper.findAllComponents({ name: 'EChart' }).filter((c) => (c.element as Element).closest(`[data-testid="${testId}"]`) !== null);

describe('Simulate page, Geometry tab: two-layer network and identification test', () => {
  it('starts md-two-layer with the network\'s own sizes and shows the first layer\'s figures', async () => {
    api.startJob.mockResolvedValue({ jobId: 'tl1' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 'tl1', seed: 4, jobKind: 'md-two-layer', config: { samples: 30, teacherHidden: 3 }, result: twoLayerResult }));
    await mountPage();
    await field('Single run', 'Task').setValue('two-layer');
    // The linear regression's sizes give way to the network's.
    expect(within('Single run').findAll('label').map((l) => l.text())).not.toContain('Width D (synapses)');
    await field('Single run', 'True potential').setValue('p-norm');
    await field('Single run', 'Exponent p').setValue('3');
    await field('Single run', 'Inputs D').setValue('3');
    await field('Single run', 'Hidden units H').setValue('2');
    await field('Single run', 'Teacher hidden units').setValue('3');
    await field('Single run', 'Samples N').setValue('30');
    await field('Single run', 'Training steps').setValue('120');
    await field('Single run', 'Learning rates tried').setValue('3');
    await field('Single run', 'Seed').setValue('4');
    expect(within('Single run').text()).toContain('how the first layer\'s 6 weights moved');
    await within('Single run').trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'md-two-layer',
      config: { inputDim: 3, hidden: 2, teacherHidden: 3, samples: 30, steps: 120, lrGrid: 3, potential: { kind: 'p-norm', p: 3 }, seed: 4, init: { kind: 'normal', mean: 0 } },
      seed: 4,
    });
    api.progress({ jobId: 'tl1', kind: 'md-two-layer', fraction: 1 / 3, metrics: { lr: 1e-3, loss: 0.01 } });
    await flushPromises();
    expect(wrapper.get('[role="progressbar"][aria-label="Simulation progress"]').attributes('aria-valuenow')).toBe('33');
    api.finished({ jobId: 'tl1', kind: 'md-two-layer', status: 'done' });
    await flushPromises();
    expect(wrapper.get('[data-testid="two-layer-best"]').text()).toBe('p = 3');
    const text = wrapper.get('[data-testid="two-layer-result"]').text();
    for (const part of ['3 inputs → 2 hidden units → 1 output (6 first-layer synapses)', 'teacher with 3 hidden units', 'N = 30 samples',
      'learning rate 0.0100 (lowest final loss of 3 tried on a held-out problem)', '3 steps', 'loss 0.800 → 2.00e-4', 'relative dual change 0.125',
      '1 synapses left out of negative entropy', 'seed 4']) expect(text).toContain(part);
    // The linear regression's result is not shown for the two-layer task.
    expect(wrapper.find('[data-testid="geometry-run-result"]').exists()).toBe(false);
    const charts = chartsIn('two-layer-result');
    expect(charts.map((c) => c.props('title'))).toEqual(['Training loss', 'dCDF against p', 'First-layer weights before and after', 'Change in dual coordinates']);
    type Series = { type: string; name: string; data: (number | { value: number[] })[][] | { name: string; value: number[] }[] };
    const dcdf = (charts[1].props('option') as { series: Series[] }).series;
    expect(dcdf.find((x) => x.type === 'line')!.data).toEqual([[1, 0.4], [2, 0.2], [3, 0.03]]);
    expect(dcdf.find((x) => x.type === 'scatter')!.data).toMatchObject([{ name: 'best', value: [3, 0.03] }]);
  });

  it('a cancelled identification test shows the true potentials that finished, marked partial', async () => {
    api.startJob.mockResolvedValue({ jobId: 'id9' });
    const partial = { ...identificationResult, summaries: identificationResult.summaries.slice(0, 1), partial: { done: 5, planned: 10 } };
    api.getEntry.mockResolvedValue(entryDetail({ id: 'id9', status: 'cancelled', jobKind: 'md-identification', config: { synapses: 200 }, result: partial }));
    await mountPage();
    await within('Identification test').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 'id9', kind: 'md-identification', status: 'cancelled', error: 'Cancelled by the user.' });
    await flushPromises();
    expect(wrapper.text()).toContain('Cancelled. The 5 of 10 runs that finished are kept in the history and shown below.');
    const result = wrapper.get('[data-testid="identification-result"]');
    expect(result.get('[data-testid="partial-result"]').text()).toMatch(/^Partial result: the sweep was cancelled after 5 of 10 runs/);
    expect(result.findAll('li')).toHaveLength(1);
  });

  it('starts md-identification with its parameters and says how often each truth was found', async () => {
    api.startJob.mockResolvedValue({ jobId: 'id1' });
    api.getEntry.mockResolvedValue(entryDetail({ id: 'id1', seed: 2, jobKind: 'md-identification', config: { synapses: 200 }, result: identificationResult }));
    await mountPage();
    await field('Identification test', 'Synapses').setValue('200');
    await field('Identification test', 'Repeats').setValue('5');
    await field('Identification test', 'Initial distribution').setValue('normal');
    await field('Identification test', 'Seed').setValue('2');
    await within('Identification test').findAll('label').find((l) => l.text() === 'p = 3')!.get('input').setValue(false);
    expect(within('Identification test').text()).toContain('10 synthetic data sets');
    await within('Identification test').trigger('submit');
    await flushPromises();
    expect(api.startJob).toHaveBeenCalledWith({
      kind: 'md-identification',
      config: { synapses: 200, repeats: 5, init: 'normal', truePotentials: [{ kind: 'negative-entropy' }, { kind: 'euclidean' }], seed: 2 },
      seed: 2,
    });
    api.progress({ jobId: 'id1', kind: 'md-identification', fraction: 0.5, etaSeconds: 1 });
    await flushPromises();
    expect(wrapper.get('[role="progressbar"][aria-label="Identification test progress"]').attributes('aria-valuenow')).toBe('50');
    api.finished({ jobId: 'id1', kind: 'md-identification', status: 'done' });
    await flushPromises();
    const result = wrapper.get('[data-testid="identification-result"]');
    expect(result.findAll('li').map((li) => li.text())).toEqual([
      'True negative entropy: the lowest dCDF picked it within 0.2 in p in 5 of 5 repeats (within 0.1 in 4). The picked p ranged from NE to 1.3.',
      'True p = 2 (Euclidean): the lowest dCDF picked it within 0.2 in p in 4 of 5 repeats (within 0.1 in 3). The picked p ranged from 1.9 to 2.5.',
    ]);
    expect(result.text()).toContain('200 synapses per data set.');
    expect(result.text()).toContain('0.2 in p is the test\'s resolution there');
    // The picked p as a spread over repeats (median, 5-95 %), not a single most frequent pick.
    expect(result.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))).toEqual([
      ['negative entropy', '5 / 5', '4 / 5', 'NE (NE–1.28)', 'negative entropy'],
      ['p = 2 (Euclidean)', '4 / 5', '3 / 5', '2 (1.92–2.44)', 'p = 2 (Euclidean)'],
    ]);
    const charts = chartsIn('identification-result');
    expect(charts.map((c) => c.props('title'))).toEqual(['Mean dCDF against p', 'Which p each repeat picked']);
    type Series = { type: string; name: string; data: unknown[] };
    const curves = (charts[0].props('option') as { series: Series[] }).series;
    const lines = curves.filter((x) => x.type === 'line');
    expect(lines.map((l) => l.name)).toEqual(['true negative entropy', 'true p = 2 (Euclidean)']);
    expect(lines[1].data).toEqual([[1, 0.3], [1.5, 0.1], [2, 0.04], [3, 0.2]]);
    // Mean ± s.d., never below zero.
    const [x, lo, hi] = curves.find((x) => x.type === 'custom' && x.name === 'true negative entropy')!.data[0] as number[];
    expect([x, lo]).toEqual([1, 0]);
    expect(hi).toBeCloseTo(0.08, 12);
    expect(curves.find((x) => x.type === 'scatter')!.data).toMatchObject([{ name: 'NE', value: [1, 0.03] }, { name: 'p 2', value: [2, 0.04] }]);
    const picks = (charts[1].props('option') as { series: Series[] }).series.filter((x) => x.type === 'line');
    // Only the hypotheses on the curves' grid are drawn; each point counts the repeats that picked it, none is a gap.
    expect(picks.map((l) => l.data)).toEqual([[[1, 3], [1.5, null], [2, null], [3, null]], [[1, null], [1.5, null], [2, 2], [3, null]]]);
  });

  it('gives History the same views for both kinds', () => {
    const twoLayer = resultViewFor(entryDetail({ id: 'h1', jobKind: 'md-two-layer', seed: 4, config: { samples: 30 }, result: twoLayerResult }));
    expect(twoLayer?.component).toBe(TwoLayerRunResult);
    expect(twoLayer?.props).toMatchObject({ seed: 4, config: { samples: 30 } });
    const ident = resultViewFor(entryDetail({ id: 'h2', jobKind: 'md-identification', config: { synapses: 200 }, result: identificationResult }));
    expect(ident?.component).toBe(IdentificationResult);
    expect(ident?.props).toMatchObject({ synapses: 200 });
    // A result that is not one of theirs falls back to the raw figures.
    expect(resultViewFor(entryDetail({ id: 'h3', jobKind: 'md-identification', result: { curves: [] } }))).toBeNull();
  });
});

describe('Simulate page, RNN tab', () => {
  it('starts an rnn-sweep from the typed gains and checked rules and shows the summary', async () => {
    api.startJob.mockResolvedValue({ jobId: 's1' });
    const cell = (gain: number, rule: string) => ({
      gain, rule, schedule: 'none', seeds: [1], diverged: 0,
      learningCurve: { mean: [1, 0.5], sd: [0, 0], min: [1, 0.5], max: [1, 0.5] },
      finalLoss: null, finalAccuracy: null, lambdaMaxBefore: null, lambdaMaxAfter: null,
    });
    api.getEntry.mockResolvedValue(entryDetail({
      id: 's1',
      result: {
        gains: [1, 2], rules: ['bptt', 'rflo'], schedules: ['none'],
        cells: [cell(1, 'bptt'), cell(2, 'bptt'), cell(1, 'rflo'), cell(2, 'rflo')],
        finalLossVsGain: [{ rule: 'bptt', schedule: 'none', gain: [1, 2], mean: [0.1, 0.2], sd: [0.01, 0.02] }],
        lambdaVsGain: [{ rule: 'bptt', schedule: 'none', gain: [1, 2], before: [-0.1, 0.2], after: [-0.05, 0.01] }],
      },
    }));
    await mountPage('rnn');
    await field('Sweep', 'Gains g').setValue('1, 2');
    await field('Sweep', 'Seeds per cell').setValue('1');
    // The paper's regime checks BPTT, both e-props and RFLO; keep BPTT and RFLO.
    const check = (label: string) => within('Sweep').findAll('label').find((l) => l.text() === label)!.get('input');
    await check('RFLO').setValue(true);
    await check('e-prop').setValue(false);
    await check('e-prop (random feedback)').setValue(false);
    expect(within('Sweep').text()).toContain('4 training runs');
    await within('Sweep').trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).toMatchObject({ kind: 'rnn-sweep', config: { gains: [1, 2], rules: ['bptt', 'rflo'], flossingSchedules: ['none'] } });
    api.finished({ jobId: 's1', kind: 'rnn-sweep', status: 'done' });
    await flushPromises();
    expect(wrapper.get('[data-testid="rnn-sweep-result"]').text()).toContain('2 gains × 2 rules × 1 flossing variant, 1 seed a cell');
    // A summary without the two trajectory kinds (stored before they existed): one chart, dashed before, solid after.
    const titles = wrapper.findAllComponents({ name: 'EChart' }).map((c) => String(c.props('title')));
    expect(titles.filter((t) => t.startsWith('λ_max'))).toEqual(['λ_max: dashed before, solid after']);
  });

  it('shows a sweep\'s lambda_max before and after training, autonomous solid and input-driven dashed', async () => {
    api.startJob.mockResolvedValue({ jobId: 's2' });
    const spread = (mean: number) => ({ mean, sd: 0, min: mean, max: mean, n: 1 });
    const cell = (gain: number) => ({
      gain, rule: 'bptt', schedule: 'none', seeds: [1], diverged: 0,
      learningCurve: { mean: [1, 0.5], sd: [0, 0], min: [1, 0.5], max: [1, 0.5] },
      finalLoss: spread(0.1), finalAccuracy: null, lambdaMaxBefore: spread(gain / 10), lambdaMaxAfter: spread(0),
      lambdaMaxAutonomousBefore: spread(gain / 10), lambdaMaxAutonomousAfter: spread(0), lambdaMaxDrivenBefore: spread(gain / 20), lambdaMaxDrivenAfter: spread(-0.1),
    });
    api.getEntry.mockResolvedValue(entryDetail({
      id: 's2',
      result: {
        gains: [1, 2], rules: ['bptt'], schedules: ['none'], cells: [cell(1), cell(2)], drivenInputStd: 0.5,
        finalLossVsGain: [{ rule: 'bptt', schedule: 'none', gain: [1, 2], mean: [0.1, 0.1], sd: [0, 0] }],
        lambdaVsGain: [{
          rule: 'bptt', schedule: 'none', gain: [1, 2], before: [0.1, 0.2], after: [0, 0],
          autonomousBefore: [0.1, 0.2], autonomousAfter: [0, 0], drivenBefore: [0.05, 0.1], drivenAfter: [-0.1, -0.1],
        }],
      },
    }));
    await mountPage('rnn');
    await within('Sweep').trigger('submit');
    await flushPromises();
    api.finished({ jobId: 's2', kind: 'rnn-sweep', status: 'done' });
    await flushPromises();
    const charts = wrapper.findAllComponents({ name: 'EChart' }).filter((c) => String(c.props('title')).startsWith('λ_max'));
    expect(charts.map((c) => c.props('title'))).toEqual([
      'λ_max before training: solid autonomous, dashed input-driven (σ = 0.5)',
      'λ_max after training: solid autonomous, dashed input-driven (σ = 0.5)',
    ]);
    type Line = { type: string; data: (number | null)[][]; lineStyle: { type: string } };
    const lines = (i: number) => (charts[i].props('option') as { series: Line[] }).series.filter((x) => x.type === 'line');
    expect(lines(0).map((l) => [l.lineStyle.type, l.data])).toEqual([['solid', [[1, 0.1], [2, 0.2]]], ['dashed', [[1, 0.05], [2, 0.1]]]]);
    expect(lines(1).map((l) => [l.lineStyle.type, l.data])).toEqual([['solid', [[1, 0], [2, 0]]], ['dashed', [[1, -0.1], [2, -0.1]]]]);
  });

  it('shows a training run\'s lambda_max on both trajectory kinds, and what an older stored run has', async () => {
    const result = {
      config: { rule: 'bptt', model: { gain: 2 }, flossing: { schedule: 'none' }, lyapunov: { k: 1, steps: 1000, warmup: 200, inputStd: 0, drivenInputStd: 0.5 } },
      lossCurve: { iteration: [0, 1], loss: [1, 0.5], accuracy: [null, null] }, initialLoss: 1, finalLoss: 0.5, finalAccuracy: null,
      lambdaMaxBefore: 0.1403, lambdaMaxAfter: 0.0521, spectrumBefore: [0.1403], spectrumAfter: [0.0521],
      lambdaMaxAutonomousBefore: 0.1403, lambdaMaxAutonomousAfter: 0.0521, lambdaMaxDrivenBefore: 0.0814, lambdaMaxDrivenAfter: -0.0123, drivenInputStd: 0.5,
      flossing: { loss: [], lambda1: [], phaseStarts: [] }, diverged: false, divergedAt: null,
    };
    const added = ['lambdaMaxAutonomousBefore', 'lambdaMaxAutonomousAfter', 'lambdaMaxDrivenBefore', 'lambdaMaxDrivenAfter', 'drivenInputStd'];
    const old = Object.fromEntries(Object.entries(result).filter(([key]) => !added.includes(key))) as Omit<typeof result, 'drivenInputStd'>;
    const oldDriven = { ...old, config: { ...old.config, lyapunov: { k: 1, steps: 1000, warmup: 200, inputStd: 0.3 } } };
    const shown: [string | null, string | null][] = [];
    for (const [i, stored] of [result, old, oldDriven].entries()) {
      api.startJob.mockResolvedValue({ jobId: `t${i}` });
      api.getEntry.mockResolvedValue(entryDetail({ id: `t${i}`, result: stored }));
      await mountPage('rnn');
      await within('Single run', '#panel-rnn').trigger('submit');
      await flushPromises();
      api.finished({ jobId: `t${i}`, kind: 'rnn-train', status: 'done' });
      await flushPromises();
      const row = (id: string) => {
        const found = wrapper.find(`[data-testid="rnn-lambda-${id}"]`);
        return found.exists() ? `${found.get('dt').text()} | ${found.get('dd').text()}` : null;
      };
      shown.push([row('autonomous'), row('driven')]);
      if (i < 2) wrapper.unmount(); // the last one is unmounted by afterEach
    }
    expect(shown).toEqual([
      ['λ_max autonomous, before → after | 0.140 → 0.0521', 'λ_max input-driven (σ = 0.5), before → after | 0.0814 → -0.0123'],
      // Stored before both kinds were measured: only the configured kind, in its own row.
      ['λ_max autonomous, before → after | 0.140 → 0.0521', null],
      [null, 'λ_max input-driven (σ = 0.3), before → after | 0.140 → 0.0521'],
    ]);
  });

  it('streams the learning curve of a training run while it goes, only from its own job', async () => {
    api.startJob.mockResolvedValue({ jobId: 't1' });
    await mountPage('rnn');
    await within('Single run', '#panel-rnn').trigger('submit');
    await flushPromises();
    expect(api.startJob.mock.calls[0][0]).toMatchObject({ kind: 'rnn-train', config: { rule: 'bptt', model: { n: 64, gain: 1.5, alpha: 0.2 }, flossing: { schedule: 'none' } } });
    expect(wrapper.text()).not.toContain('Learning curve (live)');
    api.progress({ jobId: 't1', kind: 'rnn-train', fraction: 0.1, partial: { iteration: [0, 1], loss: [1, 0.9] } });
    api.progress({ jobId: 't1', kind: 'rnn-train', fraction: 0.2, partial: { iteration: [2], loss: [0.8] } });
    // Another job's points must not land on this curve.
    api.progress({ jobId: 'other', kind: 'rnn-train', fraction: 0.5, partial: { iteration: [3], loss: [5] } });
    await flushPromises();
    const live = wrapper.findAllComponents({ name: 'EChart' }).find((c) => c.props('title') === 'Learning curve (live)')!;
    const series = (live.props('option') as { series: { type: string; data: number[][] }[] }).series.find((x) => x.type === 'line')!;
    expect(series.data).toEqual([[0, 1], [1, 0.9], [2, 0.8]]);
  });

  it('says which gains it cannot read before anything is sent', async () => {
    await mountPage('rnn');
    await field('Sweep', 'Gains g').setValue('1, two');
    expect(within('Sweep').text()).toContain('Gains are numbers ≥ 0');
    expect(within('Sweep').get('button[type="submit"]').attributes('disabled')).toBeDefined();
  });
});

describe('Simulate page, Geometry test tab', () => {
  it('offers only paired data sets and says why the others are not listed', async () => {
    const base = { sourceFileName: 'x.csv', sha256: 'x', byteSize: 10, importedAt: '2026-11-23T10:00:00.000Z', rowCount: 90, originalKept: true, deletedAt: null };
    api.listDatasets.mockResolvedValue([
      { ...base, id: 'u1', name: 'Spines (unpaired)', paired: false },
      { ...base, id: 'p1', name: 'LTP pairs', paired: true },
    ]);
    await mountPage('test');
    const form = within('Geometry test on measured pairs');
    const id = form.findAll('label').find((l) => l.text() === 'Paired data set')!.attributes('for');
    expect(form.get(`#${id}`).findAll('option').map((o) => o.text())).toEqual(['Choose a paired data set…', 'LTP pairs']);
    expect(form.get('[data-testid="unsuited-datasets"]').text()).toMatch(/^1 data set is not listed: the test needs before\/after values of the same synapses/);
  });
});
