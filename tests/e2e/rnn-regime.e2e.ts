import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bothThemesShooter, openHarness, shooter, until, type Harness } from './harness';

/**
 * The RNN tab in the paper's regime (issue 14), as a scientist uses it in Debian's Chromium through the loopback
 * transport: a sweep started from the local-flossing preset (made small), its comparisons in words with their tests,
 * the success-rate chart, every cell and one cell's seeds; the alpha = 1 warning; a single run on Engelken's
 * streaming XOR with local pre-flossing and lambda_max tracked during training. Screenshots under
 * test-results/e2e/rnn-*.png, light and dark; any console or page error fails the run.
 */
let h: Harness;
let page: Page;
let shot: ReturnType<typeof shooter>;
let shootBoth: ReturnType<typeof bothThemesShooter>;

beforeAll(async () => {
  h = await openHarness();
  page = h.page;
  shot = shooter(page, 'rnn');
  shootBoth = bothThemesShooter(page, 'rnn');
  await page.goto(h.server.url);
  await page.getByRole('navigation').waitFor();
});

afterAll(async () => {
  expect(h?.problems ?? []).toEqual([]);
  await h?.close();
});

describe('RNN tab in the paper\'s regime', () => {
  it('runs a small local-flossing sweep and reads every comparison, the success rates and one cell\'s seeds', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'RNN' }).click();
    const form = page.locator('#panel-rnn form', { has: page.getByRole('heading', { name: 'Sweep', exact: true }) });
    expect(await form.textContent()).toContain('160 training runs');
    await form.getByLabel('Start from').selectOption('local-flossing');
    expect(await form.textContent()).toContain('480 training runs');
    await form.getByLabel('Gains g').fill('0.5, 2');
    await form.getByLabel('BPTT').uncheck();
    await form.getByLabel('e-prop (random feedback)').uncheck();
    await form.getByLabel('Units N').fill('16');
    await form.getByLabel('Iterations').fill('40');
    await form.getByLabel('Seeds per cell').fill('3');
    await form.getByText('More settings').click();
    await form.getByLabel('Updates per flossing phase').fill('20');
    await form.getByLabel('Steps measured').fill('300');
    expect(await form.textContent()).toContain('12 training runs');
    await form.scrollIntoViewIfNeeded();
    await shootBoth('sweep-form');
    // Nothing in the form may block its submission (a value off an input's step grid would).
    expect(await form.locator('input:invalid').count()).toBe(0);
    await form.getByRole('button', { name: 'Run sweep' }).click();
    await page.getByRole('progressbar', { name: 'RNN sweep progress' }).waitFor();
    await shot('sweep-running');
    await until(async () => (await page.getByTestId('rnn-sweep-result').count()) > 0, 120_000);
    const result = page.getByTestId('rnn-sweep-result');
    expect(await result.textContent()).toContain('2 gains × 1 rule × 2 flossing variants, 3 seeds a cell');
    const comparisons = result.getByTestId('rnn-comparisons');
    expect(await comparisons.textContent()).toMatch(/\d of 4 comparisons (is|are) significant at the 5 % level/);
    expect(await comparisons.textContent()).toMatch(/e-prop at g = 0\.5: pre-flossing \(local rule\) (lowers|raises|does not change)/);
    expect(await comparisons.textContent()).toMatch(/Welch (p = [\d.]+|p < 0\.001)\); solved \d\/3 → \d\/3 \(Fisher/);
    await result.locator('canvas').first().waitFor();
    await comparisons.scrollIntoViewIfNeeded();
    await shootBoth('sweep-comparisons');
    await page.getByRole('table', { name: /Every cell of the sweep/ }).getByRole('button', { name: /3 seeds/ }).nth(3).click();
    const seeds = result.getByTestId('rnn-seed-table');
    expect(await seeds.textContent()).toContain('Seeds of e-prop + flossing (pre, local) at g = 2');
    expect(await seeds.locator('tbody tr').count()).toBe(3);
    await seeds.scrollIntoViewIfNeeded();
    await shootBoth('sweep-seeds');
    await result.getByText('Runs solved against gain').scrollIntoViewIfNeeded();
    await shot('sweep-charts');
  });

  it('warns at alpha = 1, then trains on streaming XOR with local pre-flossing and shows what the run recorded', async () => {
    const form = page.locator('#panel-rnn form', { has: page.getByRole('heading', { name: 'Single run', exact: true }) });
    await form.scrollIntoViewIfNeeded();
    await form.getByLabel('Learning rule').selectOption('eprop');
    await form.getByLabel('α = dt/τ').fill('1');
    const warning = form.getByTestId('rnn-alpha-warning');
    expect(await warning.textContent()).toMatch(/RFLO equals e-prop with random feedback/);
    await shootBoth('alpha-warning');
    await form.getByLabel('α = dt/τ').fill('0.2');
    expect(await warning.count()).toBe(0);
    await form.getByLabel('Task').selectOption('streaming-xor');
    await form.getByLabel('Memory delay (steps)').fill('5');
    await form.getByLabel('Gradient flossing').selectOption('pre');
    await form.getByLabel('Flossing gradient').selectOption('local');
    await form.getByLabel('Gain g').fill('0.5');
    await form.getByLabel('Units N').fill('16');
    await form.getByLabel('Iterations').fill('60');
    await form.getByText('More settings').click();
    await form.getByLabel('Flossing learning rate').fill('0');
    await form.getByLabel('Updates per flossing phase').fill('30');
    await form.getByLabel('Steps measured').fill('300');
    await form.getByLabel('Also during training, every').fill('20');
    await form.getByRole('button', { name: 'Train' }).click();
    const result = page.getByTestId('rnn-train-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getByRole('heading').textContent()).toContain('e-prop + flossing (pre, local), g = 0.5');
    expect(await result.getByTestId('rnn-solved').textContent()).toMatch(/^(Solved|Not solved): final loss [\d.]+ (≤|>) 0\.1; the training loss/);
    expect(await result.getByTestId('rnn-lambda-autonomous').textContent()).toMatch(/before → after pre-flossing → after training/);
    await result.getByText('λ_max during training').waitFor();
    await result.scrollIntoViewIfNeeded();
    await shootBoth('train-result');
  });
});
