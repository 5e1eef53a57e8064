import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { openHarness, shooter, type Harness } from './harness';

const SIGNED = resolve('tests/e2e/fixtures/signed-pairs.csv');
const EPSP = resolve('resources/examples/epsp-amplitudes-synthetic.csv');

/**
 * A new user's first contact, in Debian's Chromium through the loopback transport: keeping signed weights at import
 * and testing the geometry on every pair. Screenshots under test-results/e2e/first-*.png, in light and dark themes;
 * any console or page error fails the run.
 */
let h: Harness;
let page: Page;
let shot: ReturnType<typeof shooter>;

beforeAll(async () => {
  h = await openHarness();
  page = h.page;
  shot = shooter(page, 'first');
  await page.goto(h.server.url);
  await page.getByRole('navigation').waitFor();
});

afterAll(async () => {
  await h?.close();
});

/** Shoots the page in the light theme, then in the dark one, and goes back to light. */
async function shootBoth(name: string): Promise<void> {
  await shot(name);
  await page.getByLabel('Colour theme').selectOption('dark');
  await shot(`${name}-dark`);
  await page.getByLabel('Colour theme').selectOption('light');
}

/** A chart's plotted numbers, through its own CSV export (what a user gets), as rows of named cells. */
async function chartCsv(figure: Locator): Promise<Record<string, string>[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'CSV' }).click()]);
  const [head, ...lines] = readFileSync(await download.path(), 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}

async function chartSvg(figure: Locator): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), figure.getByRole('button', { name: 'SVG' }).click()]);
  return readFileSync(await download.path(), 'utf8');
}

describe('first contact', () => {
  it('draws a log-normal column on a log axis as a bell: density per unit of ln x, the column named on the axis', async () => {
    await page.keyboard.press('Alt+1');
    await page.getByLabel('Data file (CSV, TSV, XLSX or .npy)').setInputFiles(EPSP);
    await page.getByRole('table', { name: 'First rows of the file' }).waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported.' }).waitFor();
    const figure = page.locator('figure', { has: page.getByRole('img', { name: 'Histogram of the stored column amplitude (mV)' }) });
    await figure.locator('canvas').waitFor();
    const bins = (await chartCsv(figure)).map((r) => ({ lower: Number(r.lower), upper: Number(r.upper), density: Number(r.density) }));
    // Equal widths in ln x, and heights per unit of ln x: they integrate to one over ln x.
    const area = bins.reduce((s, b) => s + b.density * Math.log(b.upper / b.lower), 0);
    expect(area).toBeCloseTo(1, 6);
    // A bell: the tallest bin is inside, away from both ends, and the heights fall off on both sides of it.
    const heights = bins.map((b) => b.density);
    const top = heights.indexOf(Math.max(...heights));
    expect(top).toBeGreaterThan(bins.length / 4);
    expect(top).toBeLessThan((3 * bins.length) / 4);
    expect(heights[0]).toBeLessThan(heights[top] / 3);
    expect(heights.at(-1)!).toBeLessThan(heights[top] / 3);
    const svg = await chartSvg(figure);
    expect(svg).toContain('density per unit of ln x');
    expect(svg).toContain('amplitude (mV)');
    await figure.scrollIntoViewIfNeeded();
    await shootBoth('log-histogram');
  });


  it('fits the example: the fit table fits its card at 1280 x 800, copies as cells and saves as CSV', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(h.server.url).origin });
    await page.keyboard.press('Alt+2');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Fit distributions to data' }) });
    await form.getByLabel('An imported data set').check();
    await form.getByLabel('Data set', { exact: true }).selectOption({ label: 'epsp-amplitudes-synthetic (300 rows)' });
    await form.getByRole('button', { name: 'More options' }).click();
    await form.getByLabel('GOF bootstrap resamples').fill('49');
    await form.getByRole('button', { name: 'Fit', exact: true }).click();
    const table = page.getByTestId('fit-table');
    await table.waitFor({ timeout: 90_000 });
    // The whole table inside its card: nothing to scroll sideways, and the GOF column on screen.
    const fits = await table.evaluate((el) => {
      const card = el.closest('.card') as unknown as { getBoundingClientRect(): { right: number } };
      const box = (el as unknown as { getBoundingClientRect(): { right: number } }).getBoundingClientRect();
      return { tableRight: box.right, cardRight: card.getBoundingClientRect().right, scroll: (el as unknown as { scrollWidth: number; clientWidth: number }).scrollWidth - (el as unknown as { clientWidth: number }).clientWidth };
    });
    expect(fits.tableRight).toBeLessThanOrEqual(fits.cardRight);
    expect(fits.scroll).toBeLessThanOrEqual(0);
    await table.locator('td.gof').first().waitFor();
    await table.scrollIntoViewIfNeeded();
    await shootBoth('fit-table');

    const tools = page.getByRole('group', { name: 'Table: Fitted families' });
    await tools.getByRole('button', { name: 'Copy' }).click();
    await tools.getByRole('status').filter({ hasText: /^Copied \d+ rows/ }).waitFor();
    const copied = await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText());
    const lines = copied.trim().split('\n').map((line) => line.split('\t'));
    expect(lines[0].slice(0, 4)).toEqual(['family', 'best by AIC', 'parameter', 'estimate']);
    // Every row has every column; the log-normal's mu is a plain number a spreadsheet reads as one.
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    const mu = lines.find((l) => l[0] === 'log-normal' && l[2] === 'mu')!;
    expect(Number.isFinite(Number(mu[3]))).toBe(true);
    expect(Math.abs(Number(mu[3]) - Math.log(0.5356))).toBeLessThan(0.15);
    const [csv] = await Promise.all([page.waitForEvent('download'), tools.getByRole('button', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('fitted-families.csv');
    expect(readFileSync(await csv.path(), 'utf8').split('\n')[0]).toMatch(/^family,best by AIC,parameter,estimate,CI 95 % lower/);
  });

  it('keeps signed before/after weights at import and runs the geometry test on every pair', async () => {
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    await page.getByLabel('Data file (CSV, TSV, XLSX or .npy)').setInputFiles(SIGNED);
    await page.getByRole('table', { name: 'First rows of the file' }).waitFor();
    expect(await page.getByLabel('Paired before/after columns (same synapses)').isChecked()).toBe(true);
    const nonPositive = page.locator('li[data-class="non-positive"]');
    await nonPositive.waitFor();
    expect(await nonPositive.textContent()).toContain('204 rows');
    expect(await nonPositive.locator('.keep-means').textContent()).toMatch(/log-normal fits .* will refuse this column/);
    await nonPositive.getByRole('button', { name: 'Keep 204 rows' }).click();
    await nonPositive.scrollIntoViewIfNeeded();
    await shootBoth('keep-signed');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Imported.' }).waitFor();
    await page.getByText('Paired: 400 synapses at before → after.').waitFor();

    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'Geometry test' }).click();
    const panel = page.locator('#panel-test');
    await panel.getByLabel('Paired data set').selectOption({ label: 'signed-pairs' });
    await panel.getByLabel('Bootstrap replicates').fill('100');
    await panel.getByLabel('Power-analysis replicates').fill('20');
    await panel.getByRole('button', { name: 'Run the test' }).click();
    const result = page.getByTestId('geometry-test-result');
    await result.waitFor({ timeout: 60_000 });
    // All 400 pairs are tested, the sign flips among them counted against negative entropy.
    expect(await result.textContent()).toMatch(/400 synapses[.(]/);
    expect(await page.getByTestId('geometry-sign-flips').textContent()).toMatch(/^\d+ of 400 weights changed sign/);
    await result.scrollIntoViewIfNeeded();
    await shootBoth('geometry-signed');
  });

  it('saw no console errors and no page errors', () => {
    expect(h.problems).toEqual([]);
  });
});
