// @vitest-environment happy-dom
/* eslint-disable vue/one-component-per-file -- small stand-in pages for the KeepAlive, defined where they are used */
/**
 * Pages are kept alive between visits (App.vue's KeepAlive): what they re-read on each visit, and charts that wait
 * while their page is hidden instead of drawing into a detached page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, KeepAlive, nextTick, ref, shallowRef, type Component } from 'vue';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { onEveryVisit, onRevisit } from '../../src-renderer/src/composables/useVisits';

const drawn: unknown[] = [];
const created: string[] = [];
vi.mock('../../src-renderer/src/components/charts/echarts', () => ({
  echarts: {
    registerTheme: () => undefined,
    init: (_element: unknown, themeName: string) => {
      created.push(themeName);
      return { setOption: (option: unknown) => drawn.push(option), dispose: () => undefined, resize: () => undefined };
    },
  },
  themeFromCss: () => ({}),
  resolveCssVars: <T>(option: T) => option,
}));

let wrapper: VueWrapper | undefined;
afterEach(() => {
  wrapper?.unmount();
  drawn.length = 0;
  created.length = 0;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** The chart's resize observer callback, to play the browser: a size of 0 x 0 is a hidden tab. */
type Resized = (entries: { contentRect: { width: number; height: number } }[]) => void;
let resized: Resized = () => undefined;
const resize = (width: number, height: number) => resized([{ contentRect: { width, height } }]);

/** A page with one chart whose option the test changes, next to a page without charts. */
async function chartPage() {
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(400);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(200);
  vi.stubGlobal('ResizeObserver', class {
    constructor(callback: Resized) { resized = callback; }
    observe() {}
    disconnect() {}
  });
  const { default: EChart } = await import('../../src-renderer/src/components/charts/EChart.vue');
  const option = shallowRef<Record<string, unknown>>({ series: [{ data: [1] }] });
  const Page = defineComponent({ setup: () => () => h(EChart, { option: option.value, label: 'curve' }) });
  const Other = defineComponent({ setup: () => () => h('p', 'other') });
  const show = keptAlive({ page: Page, other: Other });
  await flushPromises();
  const visit = async (name: 'page' | 'other') => { show.value = name; await flushPromises(); };
  return { option, visit };
}

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
      // A revisit reads once the page has been painted, not before.
      expect(calls).toEqual({ page: visit - 1, revisitOnly: visit - 2, late: visit - 1 });
      await vi.waitFor(() => expect(calls).toEqual({ page: visit, revisitOnly: visit - 1, late: visit }));
    }
  });

  it('a chart on a hidden page draws what changed meanwhile once, when the page is shown again', async () => {
    const { option, visit } = await chartPage();
    expect(drawn).toHaveLength(1);
    await visit('other');
    // A sweep streams two updates while the user is on another page: nothing is drawn.
    option.value = { series: [{ data: [1, 2] }] };
    await nextTick();
    option.value = { series: [{ data: [1, 2, 3] }] };
    await flushPromises();
    expect(drawn).toHaveLength(1);
    await visit('page');
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatchObject({ series: [{ data: [1, 2, 3] }] });
    // Shown, it follows every change at once again.
    option.value = { series: [{ data: [4] }] };
    await flushPromises();
    expect(drawn).toHaveLength(3);
  });

  it('a chart on a hidden tab of a shown page draws what changed meanwhile once, when the tab is shown', async () => {
    const { option } = await chartPage();
    expect(drawn).toHaveLength(1);
    resize(0, 0); // its tab is hidden (display: none)
    option.value = { series: [{ data: [1, 2] }] };
    await flushPromises();
    option.value = { series: [{ data: [1, 2, 3] }] };
    await flushPromises();
    expect(drawn).toHaveLength(1);
    resize(400, 200);
    expect(drawn).toHaveLength(2);
    expect(drawn[1]).toMatchObject({ series: [{ data: [1, 2, 3] }] });
  });

  it('a theme change re-creates the charts on screen at once, and those on a hidden page only if it still differs when shown', async () => {
    const { useTheme } = await import('../../src-renderer/src/composables/useTheme');
    const { setChoice } = useTheme();
    setChoice('light');
    const { visit } = await chartPage();
    expect(created).toHaveLength(1);
    await visit('other');
    setChoice('dark');
    setChoice('light');
    await flushPromises();
    await visit('page');
    expect(created).toHaveLength(1); // dark and back while away: nothing to redo
    await visit('other');
    setChoice('dark');
    await flushPromises();
    expect(created).toHaveLength(1);
    await visit('page');
    expect(created).toHaveLength(2);
    expect(created[1]).toMatch(/dark/);
    setChoice('light');
    await flushPromises();
    expect(created).toHaveLength(3);
    setChoice('system');
  });
});
