import { parseArgs } from 'node:util';
import type { CompareJobResult } from '@core/jobs/kinds/compare';
import { compareJobVerdict, type ScaleResult } from '@core/jobs/kinds/compare-verdict';
import type { CompareVerdict } from '@core/stats/twosample/verdict';
import type { Command } from '../command';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { readColumn } from '../read-column';
import { fmt, table } from './stats-job';
import { numberArg } from '../options';
import { runOrSubmit, slurmOptionSpec, SLURM_USAGE } from '../slurm-options';

const USAGE = `Usage: plasticity-lab compare FILE_A FILE_B [options]
Compares one numeric column of FILE_A (e.g. predicted, or before) with one of FILE_B (observed, or after):
two-sample Kolmogorov-Smirnov (exact p for small samples), k-sample Anderson-Darling, Wasserstein-1 distance on the
raw and on the log scale, the ratios median(B)/median(A) and sd(log B)/sd(log A) with bootstrap 95 % intervals, and
log-normal, gamma and Weibull fits of both. The verdict weighs all of them and names each aspect that differs at 5 %:
distribution (KS), tails (Anderson-Darling), spread (sd-log ratio CI excludes 1), median (without --scale), best
family (no overlap); "same shape after scaling" only when none does.
Options:
  --column NAME        the column in both files (default: each file's only numeric column)
  --column-b NAME      a different column name in FILE_B
  --scale METHOD       fit a scale factor s for A before comparing s*A with B (A in arbitrary units):
                       median (s = median B / median A) or wasserstein-log (s minimising W1 of the logs).
                       The KS and AD p-values after scaling come from permutations of the pooled aligned logs that
                       refit s every time (fitting s to the same data makes the textbook p-values far too large)
  --resamples N        bootstrap resamples for the ratio intervals, and with --scale the permutations for the
                       p-values after scaling (default 2000; 0 = none)
  --seed N             seed of the bootstrap (default: random, recorded in the history)
  --drop-invalid       leave out missing and non-numeric cells (counts are reported)
  --json               print the result as JSON (only JSON on stdout)
  --db PATH            the history database (default: the desktop app's)
JSON: "scaled": { method, factor, ks: { statistic, pValue }, ad: { statistic, pValue }, calibration } (calibrated
p-values; "unavailable" says why one is missing) and "verdict": { sameShape, differences: [{ aspect, evidence }],
untested, text }.
Exit codes: 0 done, 1 unusable file or data, 2 wrong command line.
${SLURM_USAGE}`;

export const compareCommand: Command = {
  name: 'compare',
  summary: 'Compare two samples (KS, Anderson-Darling, Wasserstein, ratios with bootstrap CIs)',
  usage: USAGE,
  async run(args, io) {
    const { values: opts, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        column: { type: 'string' },
        'column-b': { type: 'string' },
        scale: { type: 'string' },
        resamples: { type: 'string' },
        seed: { type: 'string' },
        'drop-invalid': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        ...slurmOptionSpec,
      },
    });
    if (positionals.length !== 2) throw new CliError(`compare needs two files, FILE_A and FILE_B\n${USAGE}`, 2);
    const scale = opts.scale ?? 'none';
    if (!['none', 'median', 'wasserstein-log'].includes(scale)) throw new CliError(`--scale must be median or wasserstein-log, got "${scale}"`, 2);
    const resamples = numberArg(opts, 'resamples', undefined, { integer: true, min: 0, max: 200_000 });
    if (resamples !== undefined && resamples > 0 && resamples < 100) throw new CliError('--resamples must be 0 or at least 100', 2);
    const seed = numberArg(opts, 'seed', undefined, { integer: true, min: 0, max: 2 ** 32 - 1 });
    const dropInvalid = opts['drop-invalid'];
    const a = await readColumn(positionals[0], { column: opts.column, dropInvalid });
    const b = await readColumn(positionals[1], { column: opts['column-b'] ?? opts.column, dropInvalid });
    for (const note of [...a.notes, ...b.notes]) io.err(`note: ${note}`);
    for (const [s, what] of [[a, 'FILE_A'], [b, 'FILE_B']] as const) {
      if (s.values.length < 3) throw new CliError(`column "${s.column}" of ${s.file} (${what}) has only ${s.values.length} values; at least 3 are needed`, 1);
      if (s.values.every((x) => x === s.values[0])) throw new CliError(`all ${s.values.length} values of column "${s.column}" of ${s.file} (${what}) are equal (${s.values[0]})`, 1);
    }
    return withContext(opts.db, {}, async (context) => {
      const entry = await runOrSubmit(context, {
        kind: 'compare', seed,
        name: `Compare "${a.column}" in ${a.file} with "${b.column}" in ${b.file}`,
        config: { a: { type: 'values', values: a.values }, b: { type: 'values', values: b.values }, resamples, scale: scale as 'none' | 'median' | 'wasserstein-log' },
      }, io, opts);
      if (!entry) return 0;
      const r = entry.result as CompareJobResult;
      if (r.logScaleUnavailable) io.err(`note: ${r.logScaleUnavailable}`);
      const doc = {
        fileA: a.file, columnA: a.column, fileB: b.file, columnB: b.column, nA: r.nA, nB: r.nB,
        ks2: r.ks2, andersonKSample: r.andersonKSample, wasserstein: r.wasserstein, wassersteinLog: r.wassersteinLog,
        medianRatio: r.medianRatio, logSdRatio: r.logSdRatio, logScaleUnavailable: r.logScaleUnavailable,
        scaled: r.scaled ?? null, verdict: r.verdict ?? compareJobVerdict(r),
        descriptives: r.descriptives, fits: r.fits ?? null, dropped: { a: a.dropped, b: b.dropped }, resamples: r.resamples,
        seed: entry.seed, entryId: entry.id,
      };
      io.out(opts.json ? toJson(doc) : formatCompare(doc));
      return 0;
    });
  },
};

type CompareDoc = Pick<CompareJobResult, 'ks2' | 'andersonKSample' | 'wasserstein' | 'wassersteinLog' | 'medianRatio' | 'logSdRatio' | 'nA' | 'nB' | 'descriptives' | 'fits'> & {
  scaled: ScaleResult | null; verdict: CompareVerdict; fileA: string; fileB: string; columnA: string; columnB: string; entryId: string;
};

function formatCompare(d: CompareDoc): string {
  const ci = (r: CompareJobResult['medianRatio']) => (r ? `${fmt(r.estimate)}  [${fmt(r.lower)}, ${fmt(r.upper)}] (${Math.round(r.level * 100)} %)` : '-');
  const rows = [
    ['', `A: "${d.columnA}" in ${d.fileA}`, `B: "${d.columnB}" in ${d.fileB}`],
    ['n', String(d.nA), String(d.nB)],
    ['median', fmt(d.descriptives.a.median), fmt(d.descriptives.b.median)],
    ['mean (sd)', `${fmt(d.descriptives.a.mean)} (${fmt(d.descriptives.a.sd)})`, `${fmt(d.descriptives.b.mean)} (${fmt(d.descriptives.b.sd)})`],
    ['mean log (sd log)', `${fmt(d.descriptives.a.logMean)} (${fmt(d.descriptives.a.logSd)})`, `${fmt(d.descriptives.b.logMean)} (${fmt(d.descriptives.b.logSd)})`],
  ];
  const lines = [
    table(rows),
    '',
    table([
      ['two-sample KS', `D = ${fmt(d.ks2.statistic)}, p = ${fmt(d.ks2.pValue)} (${d.ks2.method})`],
      ['Anderson-Darling k-sample', `${fmt(d.andersonKSample.statistic)}, p ~ ${fmt(d.andersonKSample.pValue)}`],
      ['Wasserstein-1', fmt(d.wasserstein)],
      ['Wasserstein-1 of logs', fmt(d.wassersteinLog)],
      ['median B / median A', ci(d.medianRatio)],
      ['sd log B / sd log A', ci(d.logSdRatio)],
    ]),
  ];
  if (d.scaled) {
    const s = d.scaled;
    const calibration = s.calibration ? `p from ${s.calibration.resamples} permutations that refit s` : 'no p-values (--resamples 0)';
    lines.push('', `scale factor for A (${s.method}): s = ${fmt(s.factor)}; s*A vs B: KS D = ${fmt(s.ks.statistic)}, p = ${fmt(s.ks.pValue)}; AD ${fmt(s.ad.statistic)}, p = ${fmt(s.ad.pValue)} (${calibration}); W1 = ${fmt(s.wasserstein)}, W1 of logs = ${fmt(s.wassersteinLog)}`);
  }
  if (d.fits) {
    const params = (f: NonNullable<CompareJobResult['fits']>['a']['fits'][number] | undefined) =>
      (f ? Object.entries(f.params).map(([k, v]) => `${k} ${fmt(v)}${f.se?.[k] !== undefined ? ` ± ${fmt(f.se[k])}` : ''}`).join(', ') : '-');
    const { a, b } = d.fits;
    lines.push('', table([
      ['fit (ML)', 'A', 'B'],
      ...a.fits.map((f) => [f.dist, params(f), params(b.fits.find((g) => g.dist === f.dist))]),
      ['best family (AIC)', a.verdict?.text ?? a.best ?? '-', b.verdict?.text ?? b.best ?? '-'],
    ]));
  }
  lines.push('', `verdict: ${d.verdict.text}`, `history entry: ${d.entryId}`);
  return lines.join('\n');
}
