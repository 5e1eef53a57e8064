import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { resolve } from 'node:path';
import { bothThemesShooter, openHarness, until, type Harness } from './harness';

const SIGNED = resolve('tests/e2e/fixtures/signed-pairs.csv');
const EXAMPLE = 'EPSP amplitudes (synthetic example)';
const GROUPED = 'EPSP amplitudes by animal and area (synthetic example)';

/**
 * A new user's first contact, in Debian's Chromium through the loopback transport: the first screen and its one-click
 * example, the log-axis histogram, the fit table (fits its card, copies, saves), renaming and trashing a data set,
 * keeping signed weights at import and testing the geometry on every pair, per-group parameters, a cancelled sweep
 * that keeps its runs, and names and labels in History and the report. Screenshots under
 * test-results/e2e/first-*.png, in light and dark themes; any console or page error fails the run.
 */
let h: Harness;
let page: Page;
let shootBoth: ReturnType<typeof bothThemesShooter>;

beforeAll(async () => {
  h = await openHarness();
  page = h.page;
  shootBoth = bothThemesShooter(page, 'first');
  await page.goto(h.server.url);
});

afterAll(async () => {
  await h?.close();
});

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
  it('opens on Data, where one click imports an example and shows it', async () => {
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    const start = page.getByTestId('examples');
    await start.getByRole('heading', { name: 'Start here' }).waitFor();
    await shootBoth('start');
    await start.getByRole('button', { name: `Try an example: ${EXAMPLE}` }).click();
    await start.getByRole('status').filter({ hasText: `Imported the example “${EXAMPLE}”` }).waitFor();
    await page.getByRole('heading', { name: `${EXAMPLE}: columns` }).waitFor();
    expect(await page.getByTestId('dataset-columns').locator('tbody tr').first().locator('td').first().textContent()).toBe('300');
    // With a data set stored, the examples shrink to one line above the import.
    await start.getByText('Try an example:').waitFor();
    // A second click does not import it twice.
    await start.getByRole('button', { name: EXAMPLE, exact: true }).click();
    await start.getByRole('status').filter({ hasText: `Already imported as “${EXAMPLE}”` }).waitFor();
    expect(await page.getByTestId('dataset-list').locator('tbody tr').count()).toBe(1);
  });

  it('draws a log-normal column on a log axis as a bell: density per unit of ln x, the column named on the axis', async () => {
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
    await form.getByLabel('Data set', { exact: true }).selectOption({ label: `${EXAMPLE} (300 rows)` });
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
    // The Jobs panel says that only a preview ran: nothing is imported yet.
    const jobs = page.getByRole('complementary', { name: 'Jobs' });
    await jobs.getByText('Preview of signed-pairs.csv (not imported yet)').waitFor();
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

  it('renames a data set, moves it to the trash, undoes that, and restores it from the trash list', async () => {
    await page.keyboard.press('Alt+1');
    await page.getByTestId('dataset-list').getByRole('button', { name: 'signed-pairs' }).click();
    const actions = page.getByRole('group', { name: 'Data set signed-pairs' });
    await actions.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('New name').fill('LTP pairs, slice 2');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'LTP pairs, slice 2: columns' }).waitFor();
    await page.getByTestId('dataset-list').getByRole('button', { name: 'LTP pairs, slice 2' }).waitFor();
    await page.getByRole('group', { name: 'Data set LTP pairs, slice 2' }).getByRole('button', { name: 'Move to trash' }).click();
    const undo = page.getByRole('status').filter({ hasText: '“LTP pairs, slice 2” is in the trash' });
    await undo.waitFor();
    await page.getByTestId('dataset-trash').locator('summary').click();
    await page.getByTestId('dataset-trash').getByRole('button', { name: 'Restore LTP pairs, slice 2' }).waitFor();
    await undo.scrollIntoViewIfNeeded();
    await shootBoth('dataset-trash');
    await undo.getByRole('button', { name: 'Undo' }).click();
    await page.getByTestId('dataset-list').getByRole('button', { name: 'LTP pairs, slice 2' }).waitFor();
    // Once more, then back from the trash list.
    await page.getByRole('group', { name: 'Data set LTP pairs, slice 2' }).getByRole('button', { name: 'Move to trash' }).click();
    await page.getByTestId('dataset-trash').locator('summary').click();
    await page.getByTestId('dataset-trash').getByRole('button', { name: 'Restore LTP pairs, slice 2' }).click();
    await page.getByTestId('dataset-list').getByRole('button', { name: 'LTP pairs, slice 2' }).waitFor();
    expect(await page.getByTestId('dataset-trash').count()).toBe(0);
    // The next geometry test is named after the new name.
    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'Geometry test' }).click();
    expect(await page.locator('#panel-test').getByLabel('Paired data set').locator('option').allTextContents()).toContain('LTP pairs, slice 2');
  });

  it('fits each group of the grouped example: parameters with intervals per group, on one axis', async () => {
    await page.keyboard.press('Alt+1');
    await page.getByTestId('examples').getByRole('button', { name: GROUPED, exact: true }).click();
    await page.getByTestId('examples').getByRole('status').filter({ hasText: `Imported the example “${GROUPED}”` }).waitFor();
    await page.keyboard.press('Alt+2');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Fit distributions to data' }) });
    await form.getByLabel('Data set', { exact: true }).selectOption({ label: `${GROUPED} (480 rows)` });
    await form.getByLabel('Fit each group separately').selectOption('area');
    if (!(await form.getByLabel('GOF bootstrap resamples').isVisible())) await form.getByRole('button', { name: 'More options' }).click();
    await form.getByLabel('GOF bootstrap resamples').fill('0');
    await form.getByRole('button', { name: 'Fit', exact: true }).click();
    const groups = page.getByTestId('fit-groups');
    const table = groups.getByTestId('group-parameters');
    await table.locator('tbody tr').nth(1).waitFor({ timeout: 90_000 });
    expect(await table.locator('tbody th').allTextContents()).toEqual(['V1', 'S1']);
    // Every group's mu and sigma with an interval, and one forest plot per parameter.
    for (const cell of await table.locator('tbody td.num').allTextContents()) if (!/^\d+$/.test(cell.trim())) expect(cell).toMatch(/\[-?[\d.]+, -?[\d.]+\]/);
    await groups.getByRole('img', { name: /log-normal parameter mu for each area, on one axis$/ }).waitFor();
    await groups.locator('canvas').nth(3).waitFor();
    await table.scrollIntoViewIfNeeded();
    await shootBoth('fit-groups');
  });

  it('keeps and shows the finished runs of a cancelled sweep', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'RNN' }).click();
    const form = page.locator('#panel-rnn form', { has: page.getByRole('heading', { name: 'Sweep', exact: true }) });
    await form.getByLabel('Gains g').fill('0.5, 1.5');
    await form.getByLabel('Units N').fill('48');
    await form.getByLabel('Iterations').fill('300');
    await form.getByLabel('Seeds per cell').fill('2');
    // The default sweep is the paper's four rules; two keep it at 2 gains x 2 rules x 2 seeds = 8 runs.
    await form.getByLabel('e-prop (random feedback)').uncheck();
    await form.getByLabel('RFLO', { exact: true }).uncheck();
    await form.getByRole('button', { name: 'Run sweep' }).click();
    // Two workers run at most two of the eight runs at a time: past 30 % at least one run has finished.
    const percent = async () => Number(await page.getByRole('progressbar', { name: 'RNN sweep progress' }).getAttribute('aria-valuenow'));
    await until(async () => (await percent()) > 30, 120_000);
    expect(await percent()).toBeLessThan(100);
    await page.locator('#panel-rnn').getByRole('button', { name: 'Cancel', exact: true }).click();
    const kept = page.getByRole('status').filter({ hasText: /Cancelled\. The \d of 8 runs that finished are kept/ });
    await kept.waitFor({ timeout: 10_000 });
    const result = page.getByTestId('rnn-sweep-result');
    await result.getByTestId('partial-result').waitFor();
    await result.locator('canvas').first().waitFor();
    await kept.scrollIntoViewIfNeeded();
    await shootBoth('sweep-cancelled');
  });

  it('History names every entry from its inputs, labels its figures in words, and the report names the data set', async () => {
    await page.keyboard.press('Alt+5');
    const rows = page.locator('table tbody tr');
    const fit = rows.filter({ hasText: `Fit of "amplitude (mV)" in ${EXAMPLE}: Log-normal, Gamma, Weibull and 2 more` });
    await fit.first().waitFor();
    await rows.filter({ hasText: 'Geometry test of signed-pairs ("before" → "after")' }).first().waitFor();
    await rows.filter({ hasText: `Fit of "amplitude (mV)" in ${GROUPED} (area = V1)` }).first().waitFor();
    const figures = await fit.first().locator('td.headline > div').allTextContents();
    expect(figures).toEqual(expect.arrayContaining(['values fitted (n) 300', 'best family (ΔAIC ≥ 2 to every other; else "indistinguishable") log-normal']));
    expect(figures).toContainEqual(expect.stringMatching(/^verdict \(best family by AIC\) log-normal \(ΔAIC to the next [\d.]+, weight 0\.\d+\)$/));
    const sweep = rows.filter({ hasText: 'RNN sweep' }).first();
    expect(await sweep.locator('td.headline').textContent()).toMatch(/cancelled: runs kept \d of 8 runs/);
    await shootBoth('history');
    await fit.first().click();
    const detail = page.getByTestId('entry-detail');
    expect(await detail.getByTestId('entry-inputs').textContent()).toContain(`Computed from ${EXAMPLE} (epsp-amplitudes-synthetic.csv)`);
    const [report] = await Promise.all([page.waitForEvent('download'), detail.getByRole('button', { name: 'HTML report' }).click()]);
    const html = readFileSync(await report.path(), 'utf8');
    expect(html).toContain('<h2>Data</h2>');
    expect(html).toMatch(new RegExp(`<td>${EXAMPLE.replace(/[()]/g, '\\$&')}</td><td>epsp-amplitudes-synthetic\\.csv</td><td class="mono">[0-9a-f]{64}</td>`));
    expect(html).toContain('KS p-value of the best family (parametric bootstrap)');
    expect(html).not.toMatch(/<th scope="row">ksP</);
  });

  it('saw no console errors and no page errors', () => {
    expect(h.problems).toEqual([]);
  });
});
