import type { FinalFitResult } from '@core/plasticity/final-distribution-fit';
import { DECISIVE_LOG_LIK, finalFitVerdict, type FinalFitVerdict } from '@core/plasticity/final-fit-verdict';
import type { CliIo } from '../io';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { readColumn } from '../read-column';
import { runOrSubmit } from '../slurm-options';

/**
 * `geometry FILE --final COL`: the final-distribution fit (job kind 'md-final-fit') on one column of measured
 * weights, for when only the distribution after learning is known (no pairs). Lives beside geometry.ts because it
 * answers the same question from less data, so users find it under the same command.
 */
export interface FinalFitArgs {
  file: string;
  column: string;
  dropInvalid: boolean;
  json: boolean;
  db: string | undefined;
  /** Every option given (for --slurm and its sbatch options). */
  values: Record<string, string | boolean | undefined>;
}

const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));
const name = (h: string) => (h === 'p=2' ? 'p=2 (Euclidean)' : h);

/** The paper's two statements (Sec. 4.4) applied to these numbers: what the fit rules out and what it cannot say. */
export function finalFitWords(v: FinalFitVerdict): string[] {
  const gap = v.euclideanGap;
  const euclid = gap === null
    ? 'The Euclidean geometry (p=2) was not fitted, so nothing is said about it.'
    : v.best === 'p=2'
      ? 'The Euclidean geometry (p=2) fits best: these data do not rule it out.'
      : v.euclideanRuledOut
        ? `The Euclidean geometry (p=2) is ruled out: its log-likelihood is ${fmt(gap)} below the best (a likelihood ratio above 100 needs ${fmt(DECISIVE_LOG_LIK)}).`
        : `The Euclidean geometry (p=2) is not ruled out: its log-likelihood is only ${fmt(gap)} below the best (ruling it out needs more than ${fmt(DECISIVE_LOG_LIK)}).`;
  const others = v.indistinguishable.filter((h) => h !== v.best);
  // A best fit among few candidates says less: name how many geometries the values themselves excluded.
  const excluded = v.undescribed.length
    ? [`${v.undescribed.length} geometr${v.undescribed.length === 1 ? 'y' : 'ies'} cannot describe these values at all (reasons in the table), so ${v.undescribed.length === 1 ? 'it was' : 'they were'} not compared.`]
    : [];
  return [
    euclid,
    ...excluded,
    `p cannot be pinned down from a final distribution alone${others.length ? `: ${others.map(name).join(', ')} ${others.length === 1 ? 'is' : 'are'} within ${fmt(DECISIVE_LOG_LIK)} of the best` : ''}.`,
    'Measuring the same synapses before and after learning (geometry FILE --before COL --after COL) can identify p.',
  ];
}

/** Rows of exact zeros: how many, and the first few as `rows 12, 40`. */
function zeroRows(values: Float64Array, rows: Uint32Array): { count: number; listed: string } {
  const found: number[] = [];
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0) continue;
    count++;
    if (found.length < 5) found.push(rows[i]);
  }
  return { count, listed: `${count === 1 ? 'row' : 'rows'} ${found.join(', ')}${count > found.length ? ` and ${count - found.length} more` : ''}` };
}

export async function runFinalFit(args: FinalFitArgs, io: CliIo): Promise<number> {
  const col = await readColumn(args.file, { column: args.column, columnOption: '--final', dropInvalid: args.dropInvalid, belowLimitHint: 'the fit has no censored form; use --drop-invalid' });
  for (const note of col.notes) io.err(`note: ${note}`);
  // A weight of exactly 0 lies outside negative entropy and every p < 2 (the dual coordinate is infinite or
  // undefined there); fitted anyway, the comparison would run on p >= 2 alone and could crown the Euclidean geometry
  // for a measurement artefact. Likelihoods must compare the same values under every geometry, so zeros go first.
  const zeros = zeroRows(col.values, col.rows);
  if (zeros.count > 0 && !args.dropInvalid) {
    throw new CliError(`${col.file}: ${zeros.count} zero value(s) in ${col.label} (${zeros.listed}): a zero weight is outside the negative-entropy and p < 2 geometries, so no likelihoods could be compared; leave them out with --drop-invalid`, 1);
  }
  if (zeros.count > 0) {
    col.values = col.values.filter((v) => v !== 0);
    io.err(`note: dropped ${zeros.count} zero value(s) (${zeros.listed})`);
  }
  if (col.values.length < 5) throw new CliError(`${col.file}: the final-distribution fit needs at least 5 values, found ${col.values.length}`, 1);

  return withContext(args.db, {}, async (context) => {
    const entry = await runOrSubmit(context, {
      kind: 'md-final-fit',
      name: `Final-distribution fit, ${col.file} ("${col.column}")`,
      config: { sample: col.values },
      seed: 0,
    }, io, args.values);
    if (!entry) return 0;
    const r = entry.result as FinalFitResult;
    const verdict = finalFitVerdict(r);
    const doc = {
      entryId: entry.id, file: col.file, column: col.column, n: r.n, best: r.best,
      euclideanGap: verdict.euclideanGap, euclideanRuledOut: verdict.euclideanRuledOut, indistinguishable: verdict.indistinguishable,
      undescribed: verdict.undescribed,
      fits: r.fits.map((f) => ({ hypothesis: f.hypothesis, logLik: f.logLik, params: f.params, ...(f.reason ? { reason: f.reason } : {}) })),
    };
    if (args.json) {
      io.out(toJson(doc));
      return 0;
    }
    io.out([
      `${col.file}: ${r.n} values of "${col.column}", fitted under every geometry as a start of two constants plus a Gaussian change in dual coordinates`,
      `best geometry by log-likelihood: ${name(r.best)}`,
      ...finalFitWords(verdict),
      '',
      `hypothesis          log-lik       c1          c2          weight      sigma`,
      ...r.fits.map((f) => f.logLik === null || !f.params
        ? `${name(f.hypothesis).padEnd(18)}  -             (${f.reason ?? 'not fitted'})`
        : `${name(f.hypothesis).padEnd(18)}  ${fmt(f.logLik).padEnd(12)}  ${[f.params.c1, f.params.c2, f.params.weight, f.params.sigma].map((x) => fmt(x).padEnd(10)).join('  ')}${f.hypothesis === r.best ? '  <- best' : ''}`),
      '',
      `history entry ${entry.id}`,
    ].join('\n'));
    return 0;
  });
}
