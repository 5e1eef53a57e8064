import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback';

/**
 * A fresh app (temporary history database, two workers, the loopback server over the built renderer) and a 1280x800
 * Chromium page on it, collecting every console error and page error so a test can fail on them.
 */
export const RENDERER_DIR = resolve('out/renderer');
export const SHOTS = resolve('test-results/e2e');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Harness {
  dir: string;
  context: AppContext;
  server: LoopbackServer;
  browser: Browser;
  page: Page;
  problems: string[];
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) throw new Error('out/renderer is missing: run `npx electron-vite build` first.');
  mkdirSync(SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'pl-e2e-'));
  const context = createAppContext({ databasePath: join(dir, 'history.sqlite'), workers: 2 });
  const server = await startLoopbackServer({ context, rendererDir: RENDERER_DIR });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', acceptDownloads: true });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    dir, context, server, browser, page, problems,
    async close() {
      await browser.close();
      await server.close();
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls a condition (waitForFunction would evaluate a string in the page, which the CSP forbids). */
export async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Screenshots once the charts' short entry animations (250 ms) have finished, so each shows the whole figure. */
export function shooter(page: Page, prefix: string) {
  return async (name: string) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await page.screenshot({ path: join(SHOTS, `${prefix}-${name}.png`) });
  };
}

/** A screenshot in the light theme and the same view in the dark one (`name-dark`); leaves the page light. */
export function bothThemesShooter(page: Page, prefix: string) {
  const shot = shooter(page, prefix);
  return async (name: string) => {
    await shot(name);
    await page.getByLabel('Colour theme').selectOption('dark');
    await shot(`${name}-dark`);
    await page.getByLabel('Colour theme').selectOption('light');
  };
}
