/**
 * Every chart on screen, by its container element, with a function that draws it as a standalone SVG string. The
 * HTML report walks a result's DOM and swaps each chart container for its SVG, so any result view that draws its
 * figures with EChart gets them into a report without knowing about reports.
 */
const renderers = new WeakMap<Element, () => string>();

export function registerChartSnapshot(container: Element, renderSvg: () => string): void {
  renderers.set(container, renderSvg);
}

export function unregisterChartSnapshot(container: Element): void {
  renderers.delete(container);
}

/** The chart drawn in this container as SVG, or null when the element holds no chart (or it is not drawn yet). */
export function chartSnapshot(container: Element): string | null {
  const render = renderers.get(container);
  return render ? render() : null;
}
