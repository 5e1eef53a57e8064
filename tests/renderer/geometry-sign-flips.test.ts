// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import GeometryTestResult from '../../src-renderer/src/components/simulate/GeometryTestResult.vue';
import { dcdfVsPOption } from '../../src-renderer/src/components/charts/options/geometry';
import { runGeometryTest } from '../../src-core/plasticity/geometry-test';

// The hand-built pairs with 30 sign flips and 4 exact zeros (tests/fixtures/plasticity/generate_sign_flips.py).
import ref from '../fixtures/plasticity/sign-flips-reference.json';
const before = Float64Array.from(ref.before);
const after = Float64Array.from(ref.after);

function shown(signFlips: 'keep' | 'exclude') {
  const result = runGeometryTest(before, after, { bootstrap: 0, powerReplicates: 0, signFlips });
  return mount(GeometryTestResult, { props: { result }, global: { stubs: { EChart: true } } });
}

describe('geometry test result: sign flips', () => {
  it('says plainly that the flips are impossible under negative entropy, and that they count against it', () => {
    const w = shown('keep');
    expect(w.get('[data-testid="geometry-sign-flips"]').text()).toBe(
      '30 of 600 weights changed sign: impossible under negative entropy, whose updates never change a sign (the flips count against it in its score).',
    );
    expect(w.get('[data-testid="geometry-verdict"]').text()).toContain('yet 30 weights changed sign, which negative entropy forbids');
    expect(w.text()).toContain('4 left out of the negative-entropy score: exact zeros');
  });

  it('under the earlier rule says the flips were left out of the score', () => {
    const w = shown('exclude');
    expect(w.get('[data-testid="geometry-sign-flips"]').text()).toContain('left out of its score by the earlier rule');
    expect(w.text()).toContain('34 left out of the negative-entropy score: exact zeros and sign flips');
  });

  it('says nothing about flips when there are none', () => {
    const kept = Float64Array.from(after, (a, i) => (a === 0 || before[i] === 0 ? a : Math.sign(before[i]) * Math.abs(a)));
    const w = mount(GeometryTestResult, { props: { result: runGeometryTest(before, kept, { bootstrap: 0, powerReplicates: 0 }) }, global: { stubs: { EChart: true } } });
    expect(w.find('[data-testid="geometry-sign-flips"]').exists()).toBe(false);
  });
});

describe('geometry test result: resolution in p', () => {
  it('shows the spread of the best p over bootstrap resamples instead of a single pick', () => {
    const kept = Float64Array.from(after, (a, i) => (a === 0 || before[i] === 0 ? a : Math.sign(before[i]) * Math.abs(a)));
    const result = runGeometryTest(before, kept, { bootstrap: 60, powerReplicates: 0 });
    const w = mount(GeometryTestResult, { props: { result }, global: { stubs: { EChart: true } } });
    expect(w.get('[data-testid="geometry-resolution"]').text()).toMatch(/^Resampling the synapses \(60 bootstrap replicates\), the best hypothesis (was|ranged from) /);
    expect(w.find('[data-testid="geometry-resolution"]').exists()).toBe(result.pickedP !== null);
  });
});

describe('dCDF against p: the centred variant', () => {
  it('is drawn dashed beside the paper\'s score when the scores carry it, and left out otherwise', () => {
    const scores = [
      { hypothesis: 'negative-entropy', dcdf: 0.1, dcdfCentred: 0.09 },
      { hypothesis: 'p=2', dcdf: 0.02, dcdfCentred: 0.021 },
    ];
    const series = (dcdfVsPOption(scores, 'p=2') as { series: { name: string; type: string; data: unknown[]; lineStyle?: { type?: string } }[] }).series.filter((s) => s.type === 'line');
    expect(series.map((s) => s.name)).toEqual(['dCDF', 'dCDF, centred variant']);
    expect(series[1].lineStyle?.type).toBe('dashed');
    const plain = (dcdfVsPOption(scores.map(({ hypothesis, dcdf }) => ({ hypothesis, dcdf })), 'p=2') as { series: { type: string }[] }).series.filter((s) => s.type === 'line');
    expect(plain).toHaveLength(1);
  });
});
