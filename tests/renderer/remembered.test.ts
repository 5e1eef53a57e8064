// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { rememberedForm } from '../../src-renderer/src/composables/useRemembered';
import { createDatasetsStoreForTest } from './remembered-helpers';
import { createFakeApi } from './fake-api';
import { useDatasetsFor } from '../../src-renderer/src/composables/useDatasets';

describe('remembered forms', () => {
  it('come back with their last values in a new session, except omitted fields', async () => {
    const first = rememberedForm('t', { dim: 300, potential: 'euclidean', gains: [1, 2], nested: { pasted: '', column: '' }, pasted: '' }, { omit: ['pasted'] });
    first.dim = 1000;
    first.potential = 'negative-entropy';
    first.gains = [0.5];
    first.nested.column = 'volume';
    first.nested.pasted = '1 2 3';
    first.pasted = '4 5 6';
    await nextTick();
    const again = rememberedForm('t', { dim: 300, potential: 'euclidean', gains: [1, 2], nested: { pasted: '', column: '' }, pasted: '' }, { omit: ['pasted'] });
    expect(again).toEqual({ dim: 1000, potential: 'negative-entropy', gains: [0.5], nested: { pasted: '', column: 'volume' }, pasted: '' });
  });

  it('fall back to the defaults for values of the wrong type, unknown keys and damaged storage', () => {
    localStorage.setItem('plasticity-lab:form:u', JSON.stringify({ dim: 'wide', seeds: null, old: 1, gains: ['a'], lr: 0.5 }));
    expect(rememberedForm('u', { dim: 300, seeds: 3, gains: [1], lr: 0.1 })).toEqual({ dim: 300, seeds: 3, gains: [1], lr: 0.5 });
    localStorage.setItem('plasticity-lab:form:v', '{not json');
    expect(rememberedForm('v', { dim: 300 })).toEqual({ dim: 300 });
  });
});

describe('recent data sets', () => {
  it('lists the most recently used first, remembered across sessions, and forgets deleted ones as choices', async () => {
    const { store } = await createDatasetsStoreForTest(['a', 'b', 'c']);
    store.touch('c');
    store.touch('a');
    expect(store.byRecent.value.map((d) => d.id)).toEqual(['a', 'c', 'b']);
    const { store: later } = await createDatasetsStoreForTest(['a', 'b']);
    expect(later.recent.value).toEqual(['a', 'c']);
    expect(later.byRecent.value.map((d) => d.id)).toEqual(['a', 'b']);
    expect(later.known('c')).toBe('');
    expect(later.known('b')).toBe('b');
  });

  it('judges no remembered choice stale before the list was read, or when reading it failed', async () => {
    const api = createFakeApi();
    api.listDatasets.mockRejectedValue(new Error('database is locked'));
    const store = useDatasetsFor(api);
    expect(store.known('a')).toBe('a');
    await store.refresh();
    expect(store.error.value?.message).toMatch(/database is locked/);
    expect(store.known('a')).toBe('a');
  });
});
