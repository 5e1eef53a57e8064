import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { compareSamples, scaledComparison } from '../../src-core/stats/twosample/index';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';
import { dataset } from '../core/stats-fit/reference';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'h.sqlite');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

async function compare(args: string[]) {
  const io = capture();
  const code = await main(['compare', ...args, '--db', db], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

describe('plasticity-lab compare', () => {
  it('prints the two-sample figures as JSON, equal to compareSamples on the same columns', async () => {
    const r = await compare([fixture('lognormal-500.csv'), fixture('gamma-800.tsv'), '--seed', '4', '--resamples', '500', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ columnA: 'weight_uV', columnB: 'weight', nA: 500, nB: 800, seed: 4 });
    // The files hold the stats-fit reference data sets, bit for bit.
    const a = dataset('lognormal-500').x;
    const b = dataset('gamma-800').x;
    expect(readFileSync(fixture('gamma-800.tsv'), 'utf8').split('\n')[1]).toBe(`${b[0]}\tV1`);
    const ref = compareSamples(a, b, { seed: 4, resamples: 500 }, silentContext(createRng(0)));
    expect(doc.ks2).toEqual(JSON.parse(JSON.stringify(ref.ks2)));
    expect(doc.wasserstein).toBe(ref.wasserstein);
    expect(doc.wassersteinLog).toBe(ref.wassersteinLog);
    expect(doc.andersonKSample.statistic).toBe(ref.andersonKSample.statistic);
    expect(doc.medianRatio).toEqual(ref.medianRatio);
    expect(doc.logSdRatio).toEqual(ref.logSdRatio);
    expect(doc.descriptives.a.n).toBe(500);
    // A log-normal and a gamma sample: each one's best family by AIC is its own.
    expect([doc.fits.a.best, doc.fits.b.best]).toEqual(['lognormal', 'gamma']);
    const entry = capture();
    expect(await main(['history', 'show', doc.entryId, '--json', '--db', db], entry)).toBe(0);
    expect(JSON.parse(entry.stdout)).toMatchObject({ jobKind: 'compare', kind: 'comparison', status: 'done' });
  });

  it('after scaling: calibrated p-values and the verdict in the JSON, equal to scaledComparison with the seed', async () => {
    const r = await compare([fixture('lognormal-500.csv'), fixture('gamma-800.tsv'), '--scale', 'wasserstein-log', '--seed', '6', '--resamples', '200', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const ref = scaledComparison(dataset('lognormal-500').x, dataset('gamma-800').x, { method: 'wasserstein-log', resamples: 200, seed: 6 }, silentContext(createRng(0)));
    expect(doc.scaled).toMatchObject({ method: 'wasserstein-log', factor: ref.factor, ks: ref.ks, ad: ref.ad, calibration: { method: 'permutation', resamples: 200 } });
    expect(doc.scaled.ks.pValue * 201).toBeCloseTo(Math.round(doc.scaled.ks.pValue * 201), 9);
    // Log-normal against gamma data: the best families differ, so the shapes are not called the same.
    expect(doc.verdict.sameShape).toBe(false);
    expect(doc.verdict.differences.map((d: { aspect: string }) => d.aspect)).toContain('family');
    expect(doc.verdict.text).toMatch(/^The shapes differ after scaling A by [0-9.]+ \(p-values calibrated for the fitted scale\) in: /);
    expect(doc).not.toHaveProperty('scale');
  });

  it('fits a scale factor and prints a table without --json', async () => {
    const r = await compare([fixture('lognormal-500.csv'), fixture('gamma-800.tsv'), '--scale', 'median', '--resamples', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/two-sample KS +D = \S+, p = \S+ \((exact|asymp)\)/);
    expect(r.stdout).toMatch(/scale factor for A \(median\): s = \S+; s\*A vs B: KS D = \S+, p = -; AD \S+, p = - \(no p-values \(--resamples 0\)\)/);
    expect(r.stdout).toMatch(/\nverdict: The shapes differ after scaling A by 1\.8 in: best family \(A log-normal, B gamma\)\. Not tested: the distribution and tails after scaling \(no permutation resamples\); the spread \(no bootstrap resamples/);
    expect(r.stdout).toMatch(/history entry: [0-9a-f-]{36}/);
  });

  it('names mistakes: exit 2 for the command line, 1 for unusable data', async () => {
    const one = await compare([fixture('lognormal-500.csv')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/compare needs two files, FILE_A and FILE_B/);
    const scale = await compare([fixture('lognormal-500.csv'), fixture('gamma-800.tsv'), '--scale', 'mean']);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toMatch(/--scale must be median or wasserstein-log, got "mean"/);
    const equal = await compare([fixture('lognormal-500.csv'), fixture('all-equal.csv')]);
    expect(equal.code).toBe(1);
    expect(equal.stderr).toMatch(/all 4 values of column "weight" of all-equal.csv \(FILE_B\) are equal \(1\.5\)/);
    const missing = await compare([fixture('bad-values.csv'), fixture('gamma-800.tsv'), '--column', 'weight']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/2 missing values \(NA\/NaN\) at rows 3 \("NA"\), 5 \("n\.d\."\)/);
  });

  it('runs from the installed bin: JSON only on stdout', () => {
    const bin = fileURLToPath(new URL('../../bin/plasticity-lab.mjs', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'compare', fixture('lognormal-500.csv'), fixture('gamma-800.tsv'), '--resamples', '0', '--json', '--db', db], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const doc = JSON.parse(ok.stdout);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['ks2', 'wasserstein', 'wassersteinLog']));
    expect(doc.ks2.pValue).toBeLessThan(0.05);
  });
});
