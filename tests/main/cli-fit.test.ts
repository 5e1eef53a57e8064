import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { dataset, relErr } from '../core/stats-fit/reference';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-fit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'h.sqlite');
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/cli/${name}`, import.meta.url));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

async function fit(args: string[]) {
  const io = capture();
  const code = await main(['fit', ...args, '--db', db], io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

interface FitJson {
  n: number;
  column: string;
  nBelow?: number;
  observation: Record<string, unknown>;
  best: string;
  entryId: string;
  dropped: Record<string, number>;
  fits: { dist: string; params: Record<string, number>; logLik: number; aic: number; bic: number; ks: { statistic: number; pValue: number | null }; ad: { statistic: number; pValue: number | null }; cvm: { statistic: number; pValue: number | null } }[];
}

describe('plasticity-lab fit', () => {
  it('fits the standard families as scipy does, with bootstrap p-values, and records the run', async () => {
    const r = await fit([fixture('lognormal-500.csv'), '--resamples', '49', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as FitJson;
    expect(doc.n).toBe(500);
    expect(doc.column).toBe('weight_uV');
    const lowest = [...doc.fits].sort((x, y) => x.aic - y.aic)[0];
    expect(doc.best).toBe(lowest.dist);
    expect(doc.fits.map((f) => f.dist)).toEqual(['lognormal', 'normal', 'gamma', 'weibull', 'exponential', 'loglogistic', 'invgauss']);
    const { ds } = dataset('lognormal-500');
    for (const f of doc.fits) {
      const ref = ds.fits[f.dist as keyof typeof ds.fits]!;
      expect(Object.keys(f.params).sort()).toEqual(Object.keys(ref.params).sort());
      if (ref.closedForm) {
        for (const k of Object.keys(ref.params)) expect(relErr(f.params[k], ref.params[k])).toBeLessThan(1e-9);
        expect(relErr(f.logLik, ref.logLik)).toBeLessThan(1e-9);
      } else {
        // Iterative fits: scipy's parameters to 1e-6, or a likelihood at least as high.
        const close = Object.keys(ref.params).every((k) => relErr(f.params[k], ref.params[k]) < 1e-6);
        expect(close || f.logLik >= ref.logLik).toBe(true);
        expect(f.logLik).toBeGreaterThanOrEqual(ref.logLik - 1e-6 * Math.abs(ref.logLik));
      }
      const k = Object.keys(f.params).length;
      expect(f.aic).toBeCloseTo(2 * k - 2 * f.logLik, 9);
      expect(f.bic).toBeCloseTo(k * Math.log(500) - 2 * f.logLik, 9);
      for (const s of [f.ks, f.ad, f.cvm]) {
        expect(s.statistic).toBeGreaterThan(0);
        expect(s.pValue).toBeGreaterThanOrEqual(0.01);
        expect(s.pValue).toBeLessThanOrEqual(1);
      }
    }
    expect(doc.fits[0].ks.pValue).toBeGreaterThan(0.05);
    expect(r.stderr).toBe('');

    const listed = capture();
    expect(await main(['history', 'show', doc.entryId, '--json', '--db', db], listed)).toBe(0);
    const entry = JSON.parse(listed.stdout) as { jobKind: string; seed: number; status: string; name: string };
    expect(entry).toMatchObject({ jobKind: 'fit', seed: 3, status: 'done', name: 'Fit of "weight_uV" in lognormal-500.csv' });

    // Same seed, same p-values, whichever other families were fitted alongside.
    const again = JSON.parse((await fit([fixture('lognormal-500.csv'), '--dist', 'gamma,lognormal', '--resamples', '49', '--seed', '3', '--json'])).stdout) as FitJson;
    expect(again.fits.map((f) => [f.dist, f.ks.pValue, f.ad.pValue, f.cvm.pValue])).toEqual(
      ['gamma', 'lognormal'].map((d) => doc.fits.find((f) => f.dist === d)!).map((f) => [f.dist, f.ks.pValue, f.ad.pValue, f.cvm.pValue]),
    );
  });

  it('prints a table without --json and takes --dist and --column', async () => {
    const r = await fit([fixture('lognormal-500.csv'), '--dist', 'lognormal,gamma', '--column', 'weight_uV', '--resamples', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Fit of "weight_uV" in lognormal-500.csv: n = 500; no bootstrap p-values/);
    expect(r.stdout).toMatch(/lognormal +mu=0\.4714 sigma=0\.7304 /);
    expect(r.stdout).toMatch(/gamma +shape=1\.969 scale=1\.071 /);
    expect(r.stdout).not.toMatch(/weibull/);
    expect(r.stdout).toMatch(/ΔAIC +weight/);
    expect(r.stdout).toMatch(/gamma +shape=1\.969 scale=1\.071 +-817\.5 +1639 +58\.79 +0\.000 /);
    expect(r.stdout).toMatch(/best family \(by AIC\): log-normal \(ΔAIC to the next 58\.8, weight > 0\.99\)\n/);
  });

  it('fits left-censored cells ("<0.1") with --censored-at', async () => {
    const r = await fit([fixture('censored.csv'), '--censored-at', '0.1', '--dist', 'lognormal,weibull', '--resamples', '49', '--seed', '1', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as FitJson;
    expect(doc.n).toBe(16);
    expect(doc.nBelow).toBe(3);
    // One count of censored rows, wherever it is reported.
    expect(doc.observation).toEqual({ kind: 'censored', limit: 0.1, nBelow: 3 });
    expect(doc.fits[0].ks.pValue).toBeGreaterThan(0);
    const refused = await fit([fixture('censored.csv')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/3 below-limit cells at rows 3 \("<0\.1"\), 6 \("<0\.1"\), 10 \("<0\.1"\) \(fit them as censored with --censored-at LIMIT\)/);
  });

  it('bootstrap intervals for the user\'s data (--ci-resamples, --ci-method), stored in the entry, and the verdict in the JSON', async () => {
    const r = await fit([fixture('lognormal-500.csv'), '--dist', 'lognormal,gamma,weibull', '--resamples', '0', '--ci-resamples', '60', '--ci-method', 'percentile', '--seed', '4', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Omit<FitJson, 'fits'> & {
      verdict: { best: string | null; indistinguishable: string[]; warnings: string[]; text: string };
      fits: { dist: string; deltaAic: number; akaikeWeight: number; params: Record<string, number>; ci: { shown: string; percentile: Record<string, [number, number]>; bca: Record<string, [number, number]>; bootstrap: { resamples: number } } }[];
    };
    for (const f of doc.fits) {
      expect(f.ci.shown).toBe('percentile');
      expect(f.ci.bootstrap.resamples).toBe(60);
      for (const [name, [lo, hi]] of Object.entries(f.ci.percentile)) {
        expect(lo).toBeLessThan(f.params[name]);
        expect(hi).toBeGreaterThan(f.params[name]);
        expect(f.ci.bca[name]).toHaveLength(2);
      }
    }
    const lowest = Math.min(...doc.fits.map((f) => f.deltaAic));
    expect(lowest).toBe(0);
    expect(doc.fits.reduce((s, f) => s + f.akaikeWeight, 0)).toBeCloseTo(1, 12);
    expect(doc.verdict).toMatchObject({ best: 'lognormal', indistinguishable: [], warnings: [] });
    expect(doc.verdict.text).toMatch(/^log-normal \(ΔAIC to the next [0-9.]+, weight /);
    const shown = capture();
    expect(await main(['history', 'show', doc.entryId, '--json', '--db', db], shown)).toBe(0);
    const stored = JSON.parse(shown.stdout) as { result: { fits: { ci: { percentile: unknown } }[]; verdict: unknown } };
    expect(stored.result.fits[0].ci.percentile).toEqual(doc.fits[0].ci.percentile);
    expect(stored.result.verdict).toEqual(doc.verdict);

    const censored = await fit([fixture('censored.csv'), '--censored-at', '0.1', '--ci-resamples', '50']);
    expect(censored.code).toBe(2);
    expect(censored.stderr).toMatch(/bootstrap intervals are computed for complete data only/);
    const badMethod = await fit([fixture('lognormal-500.csv'), '--ci-resamples', '50', '--ci-method', 'basic']);
    expect(badMethod.code).toBe(2);
    expect(badMethod.stderr).toMatch(/--ci-method must be bca or percentile, got "basic"/);
  });

  it('refuses bad input naming the problem and its count, and drops it with --drop-invalid', async () => {
    const missing = await fit([fixture('bad-values.csv'), '--column', 'weight']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toBe('error: column "weight" (column B) of bad-values.csv: 2 missing values (NA/NaN) at rows 3 ("NA"), 5 ("n.d."). Fix the file, or pass --drop-invalid to leave them out\n');

    const dropped = await fit([fixture('bad-values.csv'), '--column', 'weight', '--drop-invalid', '--resamples', '0', '--json']);
    expect(dropped.code).toBe(0);
    const doc = JSON.parse(dropped.stdout) as FitJson;
    expect(doc.n).toBe(4);
    expect(doc.dropped).toMatchObject({ missing: 2, nonPositive: 2, total: 4 });
    expect(dropped.stderr).toMatch(/dropped 2 missing values/);
    expect(dropped.stderr).toMatch(/note: dropped 2 values: 2 zero or negative/);

    const allEqual = await fit([fixture('all-equal.csv')]);
    expect(allEqual.code).toBe(1);
    expect(allEqual.stderr).toMatch(/all 4 values are equal \(1\.5\): no spread to fit a distribution to/);
    const tooFew = await fit([fixture('too-few.csv')]);
    expect(tooFew.code).toBe(1);
    expect(tooFew.stderr).toMatch(/only 2 usable values; at least 3 are needed to fit/);
    const nonPositive = await fit([fixture('negative.csv'), '--dist', 'normal,gamma']);
    expect(nonPositive.code).toBe(1);
    expect(nonPositive.stderr).toBe('error: column "weight" (column A) of negative.csv: 2 values are zero or negative, but gamma needs positive values: rows 3 ("-0.2"), 4 ("0") (--drop-invalid leaves them out)\n');
  });

  it('names infinite values as such (text "inf"/"Infinity" and overflowing decimals), with their rows', async () => {
    const file = join(dir, 'infinite.csv');
    writeFileSync(file, 'id,amp\na,0.5\nb,-inf\nc,0.8\nd,Infinity\ne,1e400\nf,1.3\ng,0.9\n');
    const refused = await fit([file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: column "amp" (column B) of infinite.csv: 3 infinite values at rows 3 ("-inf"), 5 ("Infinity"), 6 ("1e400"). Fix the file, or pass --drop-invalid to leave them out\n');
    const dropped = await fit([file, '--drop-invalid', '--resamples', '0', '--json']);
    expect(dropped.code).toBe(0);
    const doc = JSON.parse(dropped.stdout) as FitJson;
    expect(doc.n).toBe(4);
    expect(doc.dropped).toMatchObject({ infinite: 3, nonNumeric: 0, total: 3 });
  });

  it('says which column is empty', async () => {
    const file = join(dir, 'empty-column.csv');
    writeFileSync(file, 'id,amp,site\na,,x\nb,,y\nc,,z\n');
    const guessed = await fit([file]);
    expect(guessed.code).toBe(1);
    expect(guessed.stderr).toBe('error: empty-column.csv has no numeric column (columns: "id", "amp", "site"; empty: "amp")\n');
    const named = await fit([file, '--column', 'amp']);
    expect(named.code).toBe(1);
    expect(named.stderr).toBe('error: column "amp" (column B) of empty-column.csv has no numeric values (3 rows, all empty)\n');
  });

  it('names command-line mistakes with exit code 2', async () => {
    const ambiguous = await fit([fixture('two-numeric.csv')]);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toMatch(/two-numeric.csv has 2 numeric columns \("x", "y"\); choose one with --column NAME/);
    const noColumn = await fit([fixture('two-numeric.csv'), '--column', 'z']);
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toMatch(/two-numeric.csv has no column "z"; its columns are "x", "y"/);
    const badDist = await fit([fixture('two-numeric.csv'), '--column', 'x', '--dist', 'lognormal,cauchy']);
    expect(badDist.code).toBe(2);
    expect(badDist.stderr).toMatch(/unknown distribution "cauchy"; known: lognormal, normal, gamma/);
    const badResamples = await fit([fixture('two-numeric.csv'), '--resamples', '5']);
    expect(badResamples.code).toBe(2);
    const noFile = await fit([join(dir, 'nope.csv')]);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toMatch(/no such file: .*nope\.csv/);
  });

  it('runs from the installed bin in a fresh process: JSON only on stdout', () => {
    const bin = fileURLToPath(new URL('../../bin/plasticity-lab.mjs', import.meta.url));
    const ok = spawnSync(process.execPath, [bin, 'fit', fixture('lognormal-500.csv'), '--dist', 'lognormal', '--resamples', '99', '--seed', '1', '--json', '--db', db], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const doc = JSON.parse(ok.stdout) as FitJson;
    expect(doc.fits[0].params.mu).toBeCloseTo(0.4714093448142934, 12);
    expect(doc.fits[0].ks.pValue).toBeGreaterThan(0.05);
  });

  it('names the problem on stderr, nothing on stdout, exit code 2', async () => {
    const io = capture();
    expect(await main(['fit', fixture('two-numeric.csv'), '--json', '--db', db], io)).toBe(2);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/^error: two-numeric.csv has 2 numeric columns/);
  });
});
