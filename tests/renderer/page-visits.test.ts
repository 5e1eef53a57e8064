// @vitest-environment happy-dom
/**
 * Pages are kept alive between visits (App.vue's KeepAlive): what they re-read on each visit, and charts that wait
 * while their page is hidden instead of drawing into a detached page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, KeepAlive, nextTick, ref, shallowRef, type Component } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { onEveryVisit, onRevisit } from '../../src-renderer/src/composables/useVisits';

const drawn: unknown[] = [];
vi.mock('../../src-renderer/src/components/charts/echarts', () => ({
  echarts: {
    registerTheme: () => undefined,
    init: () => ({ setOption: (option: unknown) => drawn.push(option), dispose: () => undefined, resize: () => undefined }),
  },
  themeFromCss: () => ({}),
  resolveCssVars: <T>(option: T) => option,
}));

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  drawn.length = 0;
});

/** Two pages in a KeepAlive, like the app's router view; `show` picks one. */
function keptAlive(pages: Record<string, Component>) {
  const show = ref(Object.keys(pages)[0]);
  const Shell = defineComponent({ setup: () => () => h(KeepAlive, null, [h(pages[show.value], { key: show.value })]) });
  wrapper = mount(Shell);
  return show;
}

describe('page visits', () => {
  it('re-read on every visit, once each, and later-mounted parts join from the next visit on', async () => {
    const calls = { page: 0, revisitOnly: 0, late: 0 };
    const showLate = ref(false);
    const Late = defineComponent({ setup() { onEveryVisit(() => calls.late++); return () => h('p', 'late'); } });
    const Page = defineComponent({
      setup() {
        onEveryVisit(() => calls.page++);
        onRevisit(() => calls.revisitOnly++);
        return () => h('div', [showLate.value ? h(Late) : null]);
      },
    });
    const Other = defineComponent({ setup: () => () => h('p', 'other') });
    const show = keptAlive({ page: Page, other: Other });
    await flushPromises();
    expect(calls).toEqual({ page: 1, revisitOnly: 0, late: 0 });
    showLate.value = true; // a part that appears while the page is shown reads once, when it mounts
    await flushPromises();
    expect(calls).toEqual({ page: 1, revisitOnly: 0, late: 1 });
    for (const visit of [2, 3]) {
      show.value = 'other';
      await flushPromises();
      show.value = 'page';
      await flushPromises();
      expect(calls).toEqual({ page: visit, revisitOnly: visit - 1, late: visit });
    }
  });

  it('a chart on a hidden page draws what changed meanwhile once, when the page is shown again', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
    vi.stubGlobal('ResizeObserver', class { observe() {} disconnect() {} });
    const { default: EChart } = await import('../../src-renderer/src/components/charts/EChart.vue');
    const option = shallowRef<Record<string, unknown>>({ series: [{ data: [1] }] });
    const Page = defineComponent({ setup: () => () => h(EChart, { option: option.value, label: 'curve' }) });
    const Other = defineComponent({ setup: () => () => h('p', 'other') });
    const show = keptAlive({ page: Page, other: Other });
    await flushPromises();
    expect(drawn).toHaveLength(1);
    show.value = 'other';
    await flushPromises();
    // A sweep streams two updates while the user is on another page: nothing is drawn.
    option.value = { series: [{ data: [1, 2] }] };
    await nextTick();
    option.value = { series: [{ data: [1, 2, 3] }] };
    await flushPromises();
    expect(drawn).toHaveLength(1);
    show.value = 'page';
    await flushPromises();
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatchObject({ series: [{ data: [1, 2, 3] }] });
    // Shown, it follows every change at once again.
    option.value = { series: [{ data: [4] }] };
    await flushPromises();
    expect(drawn).toHaveLength(3);
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
});
