import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback';

/**
 * The interface shell in Debian's Chromium through the loopback transport: every page opens, the bootstrap job runs
 * from the Fit page to 100 %, its result shows and is listed in History. Screenshots go to test-results/e2e/ for a
 * person to look at; any console error or page error fails the test.
 */
const RENDERER_DIR = resolve('out/renderer');
const SHOTS = resolve('test-results/e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let dir: string;
let context: AppContext;
let server: LoopbackServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first.');
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'pl-e2e-'));
  context = createAppContext({ databasePath: join(dir, 'history.sqlite'), workers: 2 });
  server = await startLoopbackServer({ context, rendererDir: RENDERER_DIR });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await context?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Polls a condition (waitForFunction would evaluate a string in the page, which the CSP forbids). */
async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const shot = (name: string) => page.screenshot({ path: join(SHOTS, `shell-${name}.png`) });

describe('interface shell', () => {
  it('opens with the status bar showing the version and the database path', async () => {
    await page.goto(server.url);
    await page.getByTestId('database-path').filter({ hasText: 'history.sqlite' }).waitFor();
    // The root redirects to the Data page, where a new user starts (import, or the one-click example).
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    expect(await page.getByTestId('app-version').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    // The built page carries its CSP in a <meta> as well as in the header (issue 15): both apply, with no violation.
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toMatch(/^default-src 'self'; script-src 'self'; /);
  });

  it('visits every page, by link and by Alt+digit shortcut', async () => {
    const pages = [
      { name: 'data', label: 'Data', key: '1' },
      { name: 'fit', label: 'Fit', key: '2' },
      { name: 'simulate', label: 'Simulate', key: '3' },
      { name: 'compare', label: 'Compare', key: '4' },
      { name: 'history', label: 'History', key: '5' },
    ];
    for (const target of pages) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${target.label}`) }).click();
      await page.getByRole('heading', { level: 1, name: target.label }).waitFor();
      expect(page.url()).toContain(`#/${target.name}`);
      await shot(target.name);
    }
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
  });

  it('runs the bootstrap from the Fit page to 100 % and shows its result', async () => {
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 1, name: 'Fit' }).waitFor();
    await page.getByLabel('Sample size n').fill('2000');
    await page.getByLabel('μ (log-scale mean)').fill('0.5');
    await page.getByLabel('σ (log-scale s.d.)').fill('0.8');
    await page.getByLabel('Resamples').fill('2000');
    await page.getByLabel('Seed').fill('7');
    await page.getByRole('button', { name: 'Start bootstrap' }).click();

    const jobs = page.getByRole('complementary', { name: 'Jobs' });
    const bar = jobs.getByRole('progressbar', { name: /Log-normal bootstrap/ });
    await bar.waitFor();
    await jobs.locator('[role="progressbar"][aria-valuenow="100"]').waitFor({ timeout: 120_000 });
    await jobs.locator('li[data-status="done"]').waitFor();
    await shot('fit-job-done');

    const result = page.getByTestId('bootstrap-result');
    await result.waitFor({ timeout: 30_000 });
    const text = await result.textContent();
    expect(text).toContain('2,000 resamples');
    expect(text).toContain('seed 7');
    // The estimate of mu from 2000 draws with mu = 0.5, sigma = 0.8 lies well within 0.5 +- 0.1.
    const muCell = await result.locator('tbody tr').first().locator('td').first().textContent();
    expect(Math.abs(Number(muCell) - 0.5)).toBeLessThan(0.1);
    await result.locator('canvas').first().waitFor();
    await result.scrollIntoViewIfNeeded();
    await shot('fit-result');
  });

  it('lists the finished job in History and opens its detail', async () => {
    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    const row = page.locator('table tbody tr', { hasText: 'Log-normal bootstrap' });
    await row.filter({ hasText: 'done' }).waitFor();
    await row.first().click();
    const detail = page.getByTestId('entry-detail');
    await detail.waitFor();
    const text = await detail.textContent();
    expect(text).toContain('lognormal-bootstrap');
    expect(text).toMatch(/Seed\s*7/);
    await shot('history-detail');
  });

  it('works from the keyboard: ? lists the shortcuts, / searches History, Ctrl+Enter runs the form in focus', async () => {
    await page.locator('main').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    expect(await help.textContent()).toContain('Ctrl+Enter');
    await shot('shortcuts');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    await page.keyboard.press('/');
    expect(await page.getByRole('searchbox', { name: 'Search history' }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    await page.keyboard.press('Alt+2');
    await page.getByRole('spinbutton', { name: 'Resamples' }).fill('300');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('bootstrap-result').filter({ hasText: '300 resamples' }).waitFor({ timeout: 60_000 });
  });

  it('switches to the dark theme, keeps page state across navigation, and remembers the theme', async () => {
    await page.getByLabel('Colour theme').selectOption('dark');
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await shot('history-dark');
    await page.keyboard.press('Alt+2');
    const result = page.getByTestId('bootstrap-result');
    await result.locator('canvas').first().waitFor();
    await result.scrollIntoViewIfNeeded();
    await shot('fit-result-dark');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Fit' }).waitFor();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.getByLabel('Colour theme').selectOption('system');
    expect(await page.locator('html').getAttribute('data-theme')).toBeNull();
  });

  it('remembers the last configuration of a form after the app is reopened', async () => {
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Fit' }).waitFor();
    expect(await page.getByRole('spinbutton', { name: 'Resamples' }).inputValue()).toBe('300');
    expect(await page.getByRole('spinbutton', { name: 'Seed' }).inputValue()).toBe('7');
    expect(await page.getByRole('spinbutton', { name: 'μ (log-scale mean)' }).inputValue()).toBe('0.5');
  });

  it('cancels a long job from the jobs panel, and History records it as cancelled', async () => {
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 1, name: 'Fit' }).waitFor();
    await page.getByLabel('Sample size n').fill('50000');
    await page.getByLabel('Resamples').fill('50000');
    await page.getByRole('button', { name: 'Start bootstrap' }).click();
    const jobs = page.getByRole('complementary', { name: 'Jobs' });
    const running = jobs.locator('li[data-status="running"]', { hasText: '50000 resamples' });
    await running.waitFor();
    // Cancel mid-way, once the bar has moved, so the test covers stopping work that is under way.
    await until(async () => Number(await running.getByRole('progressbar').getAttribute('aria-valuenow')) > 0, 60_000);
    await running.getByRole('button', { name: /^Cancel / }).click();
    await jobs.locator('li[data-status="cancelled"]', { hasText: '50000 resamples' }).waitFor({ timeout: 10_000 });
    await page.getByRole('main').getByRole('status').filter({ hasText: 'Cancelled.' }).waitFor();
    await shot('fit-cancelled');

    await page.keyboard.press('Alt+5');
    await page.getByLabel('Filter by status').selectOption('cancelled');
    // The unfiltered list shows this row too, so wait for the filtered answer: exactly one row, the cancelled job.
    await until(async () => (await page.locator('table tbody tr').count()) === 1, 10_000);
    await page.locator('table tbody tr', { hasText: '50000 resamples' }).filter({ hasText: 'cancelled' }).waitFor();
    await page.getByLabel('Filter by status').selectOption('');
  });

  it('collapses the jobs panel to a strip and opens it again', async () => {
    const jobs = page.getByRole('complementary', { name: 'Jobs' });
    await jobs.getByRole('button', { name: 'Hide' }).click();
    await jobs.locator('button[aria-expanded="false"]').waitFor();
    await shot('jobs-collapsed');
    await jobs.locator('button[aria-expanded="false"]').click();
    await jobs.getByRole('heading', { name: 'Jobs' }).waitFor();
  });

  it('saw no console errors and no page errors', () => {
    expect(problems).toEqual([]);
  });
});
