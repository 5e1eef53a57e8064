import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { bothThemesShooter, openHarness, shooter, until, type Harness } from './harness';

/**
 * Mirror descent for the RNN (issue 13) as a scientist runs it in Debian's Chromium through the loopback transport:
 * the paper's RNN experiment from the Geometry tab (a recurrent network of 32 units reading 10 x 10 digits row by
 * row, pre-trained and fine-tuned by mirror descent under the 3-norm, five learning rates), the geometry test on its
 * 1024 recurrent weights and the full test (bootstrap) on them, the same result in History; then a single RNN run on the digit task with negative entropy
 * from the RNN tab. Screenshots under test-results/e2e/rnn-geometry-*.png, light and dark; any console or page error
 * fails the run.
 */
let h: Harness;
let page: Page;
let shot: ReturnType<typeof shooter>;
let shootBoth: ReturnType<typeof bothThemesShooter>;

beforeAll(async () => {
  h = await openHarness();
  page = h.page;
  shot = shooter(page, 'rnn-geometry');
  shootBoth = bothThemesShooter(page, 'rnn-geometry');
  await page.goto(h.server.url);
  await page.getByRole('navigation').waitFor();
});

afterAll(async () => {
  expect(h?.problems ?? []).toEqual([]);
  await h?.close();
});

describe('mirror descent for the RNN on the Simulate page', () => {
  it('runs the paper\'s RNN experiment under the 3-norm and reads the potential off the recurrent weights', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'Geometry', exact: true }).click();
    const form = page.locator('#panel-geometry form', { has: page.getByRole('heading', { name: 'Single run', exact: true }) });
    await form.getByLabel('Task').selectOption('rnn');
    await form.getByLabel('True potential').selectOption('p-norm');
    await form.getByLabel('Exponent p').fill('3');
    await form.getByLabel('Recurrent units N').fill('32');
    await form.getByLabel('Image side (pixels = steps)').fill('10');
    await form.getByLabel('Pre-training iterations').fill('150');
    await form.getByLabel('Fine-tuning iterations').fill('100');
    await form.getByLabel('Learning rate', { exact: true }).fill('0');
    await form.getByLabel('Seed').fill('1');
    expect(await form.textContent()).toContain('how its 1024 recurrent weights moved');
    expect(await form.locator('input:invalid').count()).toBe(0);
    await form.scrollIntoViewIfNeeded();
    await shootBoth('form');
    await form.getByRole('button', { name: 'Run simulation' }).click();
    const result = page.getByTestId('rnn-geometry-result');
    await result.waitFor({ timeout: 120_000 });
    // Seeded, so the numbers are the core's (measured: p = 2.9 at lr 0.03, every fine-tuning image right).
    expect(await result.getByTestId('rnn-geometry-best').textContent()).toBe('p = 2.9');
    expect(await result.getByTestId('rnn-geometry-found').textContent()).toMatch(/^Within 0\.2 in p of the potential the network was trained with \(p = 3\)/);
    expect(await result.getByTestId('rnn-change-magnitude').textContent()).toMatch(/0\.1\d\d small-change regime/);
    const text = await result.textContent();
    for (const part of ['32 units (1024 recurrent weights)', '10 × 10 digit images, 10 classes', 'fine-tuned on 32 images for 100 iterations',
      'learning rate 0.0300 (lowest final fine-tuning loss of 5 tried)', 'accuracy on the fine-tuning set 100 %']) expect(text).toContain(part);
    expect(await result.locator('table tbody tr').count()).toBe(5);
    await result.locator('canvas').nth(3).waitFor();
    await result.scrollIntoViewIfNeeded();
    await shootBoth('result');
    await result.getByRole('table', { name: /Every learning rate tried/ }).scrollIntoViewIfNeeded();
    await shot('result-rates');
  });

  it('runs the full geometry test on those recurrent weights: bootstrap CIs and the spread of the best p', async () => {
    await page.getByTestId('rnn-geometry-result').getByRole('button', { name: 'Full geometry test on these weights' }).click();
    await page.getByRole('tab', { name: 'Geometry test', selected: true }).waitFor();
    const result = page.getByTestId('geometry-test-result');
    await result.waitFor({ timeout: 120_000 });
    expect(await result.getByTestId('geometry-verdict').textContent()).toMatch(/^The weight changes look most like p-norm, p = 2\.9/);
    expect(await result.getByTestId('geometry-resolution').textContent()).toMatch(/^Resampling the synapses \(500 bootstrap replicates\), the best hypothesis ranged from p = [\d.]+ to p = [\d.]+/);
    expect(await result.textContent()).toContain('1024 synapses');
    await result.locator('canvas').first().waitFor();
    await result.scrollIntoViewIfNeeded();
    await shootBoth('full-test');
  });

  it('keeps the experiment in History and shows it there the same way', async () => {
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    const row = page.locator('table tbody tr').filter({ hasText: 'RNN row-wise digits' });
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('p-norm');
    await row.click();
    const detail = page.getByTestId('entry-detail');
    const result = detail.getByTestId('rnn-geometry-result');
    await result.waitFor();
    expect(await result.getByTestId('rnn-geometry-best').textContent()).toBe('p = 2.9');
    expect(await detail.textContent()).toContain('best geometry of the recurrent weights (lowest dCDF)');
    await result.locator('canvas').nth(3).waitFor();
    await result.scrollIntoViewIfNeeded();
    await shootBoth('history');
  });

  it('trains a single RNN on the digit task by negative entropy from the RNN tab and shows the test on its weights', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('tab', { name: 'RNN' }).click();
    const form = page.locator('#panel-rnn form', { has: page.getByRole('heading', { name: 'Single run', exact: true }) });
    await form.getByLabel('Task').selectOption('row-images');
    await form.getByLabel('Image side (pixels = steps)').fill('8');
    await form.getByLabel('Training images').fill('16');
    await form.getByLabel('Geometry (mirror descent)').selectOption('negative-entropy');
    await form.getByLabel('Units N').fill('16');
    await form.getByLabel('α = dt/τ').fill('1');
    await form.getByLabel('Gain g').fill('1');
    await form.getByLabel('Iterations').fill('60');
    await form.getByLabel('Learning rate', { exact: true }).fill('0.3');
    await form.getByLabel('Batch size').fill('16');
    expect(await form.getByTestId('rnn-mirror-note').textContent()).toContain('SGD with momentum applied in the potential\'s dual space');
    await form.getByRole('heading', { name: 'Single run' }).scrollIntoViewIfNeeded();
    await shootBoth('train-form');
    await form.locator('summary', { hasText: 'More settings' }).click();
    await form.getByLabel('Steps measured').fill('300');
    expect(await form.locator('input:invalid').count()).toBe(0);
    await form.getByRole('button', { name: 'Train' }).click();
    const result = page.getByTestId('rnn-train-result');
    await until(async () => (await result.getByTestId('rnn-geometry').count()) > 0, 60_000);
    const geometry = result.getByTestId('rnn-geometry');
    expect(await result.getByRole('heading', { level: 2 }).textContent()).toContain('BPTT, g = 1, mirror descent under negative entropy');
    expect(await geometry.textContent()).toContain('(trained with negative entropy)');
    // From a random start the weights move far (measured: 0.69): the app says the test's premise fails and that it
    // missed, rather than quoting a verdict.
    expect(await geometry.getByTestId('rnn-change-magnitude').textContent()).toContain('not a small change');
    expect(await geometry.getByTestId('rnn-geometry-found').textContent()).toMatch(/^More than 0\.2 in p from the potential the network was trained with \(negative entropy\): the test missed it/);
    // Negative entropy never changes a sign.
    expect(await geometry.textContent()).toContain('Weights that changed sign0 of 256');
    await geometry.locator('canvas').nth(2).waitFor();
    await geometry.scrollIntoViewIfNeeded();
    await shootBoth('train-result');
  });
});
