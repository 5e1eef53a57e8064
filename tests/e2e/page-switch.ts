import type { Page } from 'playwright-core';

/**
 * Page switches timed inside the page, from the click on a navigation link to the first frame after the new page is
 * there with its results: its heading, its result element, and a drawn canvas in every visible chart. The test
 * driver's own round trips (50-100 ms on a busy machine) are not the app's latency, so they stay out. Tests print
 * these figures; they never assert them (timings depend on the machine).
 */
export interface PageTarget {
  /** The route name (the nav link's data-page). */
  name: string;
  /** The page's h1. */
  heading: string;
  /** A selector that matches once the page shows its results. */
  results: string;
}

export interface SwitchTiming {
  page: string;
  ms: number;
  /** Charts drawn on the page when it counted as painted. */
  charts: number;
}

/** The few browser globals the in-page timing uses (tests/e2e compiles without the DOM library). */
interface El {
  textContent: string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
  getClientRects(): ArrayLike<unknown>;
  click(): void;
}
interface PageGlobals {
  document: El;
  requestAnimationFrame(callback: () => void): number;
  setTimeout(callback: () => void, ms: number): number;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: unknown): void; disconnect(): void };
}

/** Clicks the nav link of `target` and resolves with the click-to-painted time measured in the page. */
export async function timeSwitch(page: Page, target: PageTarget): Promise<SwitchTiming> {
  const timing = await page.evaluate((t) => new Promise<{ ms: number; charts: number }>((resolve, reject) => {
    const w = globalThis as unknown as PageGlobals;
    const link = w.document.querySelector(`nav a[data-page="${t.name}"]`);
    if (!link) { reject(new Error(`no nav link for ${t.name}`)); return; }
    const main = w.document.querySelector('main')!;
    /** Charts on screen (a hidden tab's charts are drawn when shown): each must have its canvas. */
    const charts = () => Array.from(main.querySelectorAll('.chart[role="img"]')).filter((c) => c.getClientRects().length > 0);
    const ready = () => main.querySelector('h1')?.textContent?.trim() === t.heading && main.querySelector(t.results) !== null
      && charts().every((c) => c.querySelector('canvas') !== null);
    let finished = false;
    const started = performance.now();
    const finish = () => {
      if (finished || !ready()) return;
      finished = true;
      observer.disconnect();
      // The next frame is the one that shows the page; the timer after it runs once that frame is painted.
      w.requestAnimationFrame(() => w.setTimeout(() => resolve({ ms: Math.round(performance.now() - started), charts: charts().length }), 0));
    };
    const observer = new w.MutationObserver(finish);
    observer.observe(main, { childList: true, subtree: true, attributes: true });
    link.click();
    finish();
    w.setTimeout(() => { if (!finished) { observer.disconnect(); reject(new Error(`${t.heading} did not show its results within 10 s`)); } }, 10_000);
  }), target);
  return { page: target.heading, ...timing };
}

/** Median and maximum of the timings, for printing. */
export function summarise(timings: SwitchTiming[]): string {
  const ms = timings.map((t) => t.ms).sort((a, b) => a - b);
  const median = ms.length % 2 ? ms[(ms.length - 1) / 2] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
  return `median ${median} ms, worst ${ms[ms.length - 1]} ms (${timings.map((t) => `${t.page} ${t.ms}`).join(', ')})`;
}
