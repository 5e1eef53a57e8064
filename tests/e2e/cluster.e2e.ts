import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { slurmMissing } from '../slurm';
import { bothThemesShooter, openHarness, until, type Harness } from './harness';

/**
 * "Run on Slurm" as a user on the cluster's login node walks it (the app served there, reached over SSH port
 * forwarding): a small RNN sweep submitted from the Simulate page to the real single-node Slurm
 * (scripts/start-slurm.sh), followed in History by its badge and panel, and collected into the entry. Screenshots
 * under test-results/e2e/cluster-*.png in the light and dark themes. Where no Slurm answers it is skipped, saying
 * why (never under CI=true; the export path is covered by tests/renderer/cluster.test.ts).
 */
const missing = slurmMissing('tests/e2e/cluster.e2e.ts');

let h: Harness;
let page: Page;
let bothThemes: ReturnType<typeof bothThemesShooter>;

beforeAll(async () => {
  if (missing) return;
  h = await openHarness();
  page = h.page;
  bothThemes = bothThemesShooter(page, 'cluster');
  await page.goto(h.server.url);
  await page.getByRole('heading', { level: 1, name: 'Data' }).waitFor();
});

afterAll(async () => {
  await h?.close();
});

describe.skipIf(missing !== null)('an RNN sweep on Slurm from the interface', () => {
  it('submits from the Simulate page, follows the tasks in History and collects the result', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { level: 1, name: 'Simulate' }).waitFor();
    await page.getByRole('tab', { name: 'RNN' }).click();
    const form = page.locator('#panel-rnn form', { has: page.getByRole('heading', { name: 'Sweep', exact: true }) });
    await form.getByLabel('Gains g').fill('0.5, 1.5');
    await form.getByLabel('Units N').fill('8');
    await form.getByLabel('Iterations').fill('10');
    await form.getByLabel('Seeds per cell').fill('1');
    // The default sweep is the paper's four rules; two keep it at 2 gains x 2 rules x 1 seed = 4 shards.
    await form.getByLabel('e-prop (random feedback)').uncheck();
    await form.getByLabel('RFLO', { exact: true }).uncheck();
    const slurm = page.locator('#panel-rnn [data-testid="slurm-panel"]');
    await slurm.locator('summary').click();
    await slurm.getByLabel("Jobs folder (on the cluster's shared file system)").fill(join(h.dir, 'slurm jobs'));
    await slurm.getByLabel('Time limit per task').fill('00:10:00');
    await slurm.getByLabel('Max. tasks at once').fill('4');
    await slurm.scrollIntoViewIfNeeded();
    await slurm.getByRole('button', { name: 'Run on Slurm' }).click();
    const submitted = slurm.getByRole('status');
    await submitted.waitFor();
    expect(await submitted.textContent()).toMatch(/Submitted array job \d+: 4 tasks for 4 shards/);
    await submitted.scrollIntoViewIfNeeded();
    await bothThemes('submitted');

    await page.keyboard.press('Alt+5');
    await page.getByRole('heading', { level: 1, name: 'History' }).waitFor();
    const badge = page.getByTestId('cluster-badge').first();
    await badge.waitFor();
    await until(async () => /on cluster · \d+\/4/.test((await badge.textContent()) ?? ''), 30_000);
    await page.locator('tbody tr', { has: badge }).click();
    const panel = page.getByTestId('cluster-panel');
    await panel.waitFor();
    await until(async () => /\d+ of 4 shards written/.test((await panel.textContent()) ?? ''), 30_000);
    await panel.scrollIntoViewIfNeeded();
    await bothThemes('following');
    const collect = panel.getByRole('button', { name: 'Collect result' });
    await until(async () => {
      if (await collect.isEnabled()) return true;
      await panel.getByRole('button', { name: 'Refresh' }).click();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return false;
    }, 120_000);
    expect(await panel.textContent()).toContain('4 of 4 shards written; tasks: 4 done');
    await collect.click();
    const detail = page.getByTestId('entry-detail');
    await until(async () => (await detail.getByTestId('rnn-sweep-result').count()) > 0, 30_000);
    expect(await detail.locator('dd').first().textContent()).toContain('done');
    expect(await detail.getByTestId('cluster-panel').textContent()).toMatch(/Collected\s*\d{4}/);
    await detail.getByTestId('cluster-panel').scrollIntoViewIfNeeded();
    await bothThemes('collected');
    expect(h.problems).toEqual([]);
  });
});
