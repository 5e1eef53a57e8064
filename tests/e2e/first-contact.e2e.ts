import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { openHarness, shooter, type Harness } from './harness';

const SIGNED = resolve('tests/e2e/fixtures/signed-pairs.csv');

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

describe('first contact', () => {
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
    // All 400 pairs are tested; negative entropy needs one sign per synapse and leaves the zeros and sign flips out.
    expect(await result.textContent()).toMatch(/400 synapses \(\d+ left out of the negative-entropy score/);
    await result.scrollIntoViewIfNeeded();
    await shootBoth('geometry-signed');
  });

  it('saw no console errors and no page errors', () => {
    expect(h.problems).toEqual([]);
  });
});
