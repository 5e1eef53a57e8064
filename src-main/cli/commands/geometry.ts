import { parseArgs } from 'node:util';
import { signFlipNote, type GeometryTestResult } from '@core/plasticity/index';
import type { Command } from '../command';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { readPairedColumns } from '../read-paired-columns';
import { numberArg } from '../options';
import { runOrSubmit, slurmOptionSpec, SLURM_USAGE } from '../slurm-options';
import { runFinalFit } from './geometry-final';

const USAGE = `Usage:
  plasticity-lab geometry FILE --before COL --after COL [--bootstrap 1000] [--ci 0.95] [--power-replicates 200]
      [--max-synapses 100000] [--seed 0] [--exclude-sign-flips] [--json]
    The geometry test on measured pairs (the same synapses before and after learning; one row per synapse):
    dCDF of every hypothesis (negative-entropy, p=1.1 ... p=3; p=2 is Euclidean) with bootstrap CIs over synapses,
    the best geometry, and a power analysis (how many synapses separate the two leading geometries at 95 %):
    { "n", "signFlips", "zeros", "excluded", "scores": [ { "hypothesis", "dcdf", "dcdfCentred", "ci": [lo, hi] } ],
      "best", "verdict", "pickedP", "runnerUp", "power" }. "pickedP" is the spread of the best p over the bootstrap
    resamples (median and the --ci range; negative entropy at p = 1): the resolution in p on these data (about 0.2
    at 1000-3400 synapses). "dcdf" is the paper's (uncentred) score, "dcdfCentred" the variant
    with the mean removed. "signFlips" counts weights that changed sign: impossible under negative entropy, so they
    count against it in its score (the authors' definition); "excluded" counts the pairs left out of negative
    entropy (exact zeros, where log|w| is undefined). --exclude-sign-flips leaves flips out of that score too (the
    app's earlier rule; it ignores the strongest evidence against negative entropy).
    FILE: CSV/TSV, .xlsx or .npy. Rows empty in both columns are skipped; any other unusable cell is an error.
    --bootstrap 0 skips the CIs, --power-replicates 0 the power analysis.
  plasticity-lab geometry FILE --final COL [--drop-invalid] [--json]
    When only the weights after learning were measured (no pairs): fits the column's distribution under every
    geometry, the start being two constants plus a Gaussian change in dual coordinates (the paper's Sec. 4.4), and
    compares the log-likelihoods: { "n", "best", "euclideanGap", "euclideanRuledOut", "indistinguishable", "undescribed",
      "fits": [ { "hypothesis", "logLik", "params": { "c1", "c2", "weight", "sigma" } } ] }.
    This can rule the Euclidean geometry out (its log-likelihood far below the best) but cannot pin p down;
    "indistinguishable" lists the hypotheses within log(100) of the best. A hypothesis that cannot describe the
    data (mixed signs under negative entropy) has logLik null and a "reason", and is listed in "undescribed".
    Exact zeros are refused by row (no geometry below p = 2 can describe a zero, so the likelihoods would not be
    compared on the same values). --drop-invalid leaves out missing, non-numeric, infinite and zero cells (counted on
    stderr) instead of refusing them.
Options: --db PATH  the history database (default: the desktop app's). Every run is recorded in the history.
${SLURM_USAGE}`;

const pText = (p: number) => (p === 1 ? 'NE' : String(Number(p.toFixed(3))));
const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));

export const geometryCommand: Command = {
  name: 'geometry',
  summary: 'Which geometry of plasticity fits measured weights: before/after pairs, or only a final distribution (--final)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        before: { type: 'string' },
        after: { type: 'string' },
        final: { type: 'string' },
        'drop-invalid': { type: 'boolean', default: false },
        bootstrap: { type: 'string' },
        ci: { type: 'string' },
        'power-replicates': { type: 'string' },
        'max-synapses': { type: 'string' },
        seed: { type: 'string' },
        'exclude-sign-flips': { type: 'boolean', default: false },
        ...slurmOptionSpec,
      },
    });
    const [file, extra] = positionals;
    if (file === undefined) throw new CliError(`geometry needs a FILE\n${USAGE}`, 2);
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}" (one FILE only)\n${USAGE}`, 2);
    if (values.final !== undefined) {
      const pairOnly = ['before', 'after', 'bootstrap', 'ci', 'power-replicates', 'max-synapses', 'seed'].filter((k) => values[k as keyof typeof values] !== undefined);
      if (values['exclude-sign-flips']) pairOnly.push('exclude-sign-flips');
      if (pairOnly.length > 0) throw new CliError(`--final fits one column of final weights; ${pairOnly.map((k) => `--${k}`).join(', ')} belong${pairOnly.length === 1 ? 's' : ''} to the paired test\n${USAGE}`, 2);
      return runFinalFit({ file, column: values.final, dropInvalid: values['drop-invalid'] ?? false, json: values.json ?? false, db: values.db, values }, io);
    }
    if (values['drop-invalid']) throw new CliError(`--drop-invalid applies to --final only (the paired test names every unusable cell)\n${USAGE}`, 2);
    if (values.before === undefined || values.after === undefined) throw new CliError(`geometry needs --before COL and --after COL (or --final COL)\n${USAGE}`, 2);
    const options = {
      bootstrap: numberArg(values, 'bootstrap', 1000, { integer: true, min: 0, max: 100_000 }) as number,
      ciLevel: numberArg(values, 'ci', 0.95, { min: 0.5, max: 0.999 }) as number,
      powerReplicates: numberArg(values, 'power-replicates', 200, { integer: true, min: 0, max: 10_000 }) as number,
      maxSynapses: numberArg(values, 'max-synapses', 100_000, { integer: true, min: 10, max: 1_000_000 }) as number,
      seed: numberArg(values, 'seed', 0, { integer: true, min: 0, max: 2 ** 32 - 1 }) as number,
      signFlips: values['exclude-sign-flips'] ? ('exclude' as const) : ('keep' as const),
    };
    const pairs = await readPairedColumns(file, { name: values.before, option: '--before' }, { name: values.after, option: '--after' });
    if (pairs.skipped > 0) io.err(`${pairs.file}: skipped ${pairs.skipped} row(s) empty in both columns`);
    if (pairs.first.length < 3) throw new CliError(`${pairs.file}: the geometry test needs at least 3 pairs, found ${pairs.first.length}`, 1);

    return withContext(values.db, {}, async (context) => {
      const entry = await runOrSubmit(context, {
        kind: 'geometry-test',
        name: `Geometry test, ${pairs.file} ("${pairs.names[0]}" -> "${pairs.names[1]}")`,
        config: { before: pairs.first, after: pairs.second, ...options },
        seed: options.seed,
      }, io, values);
      if (!entry) return 0;
      const r = entry.result as GeometryTestResult;
      const doc = {
        entryId: entry.id, file: pairs.file, before: pairs.names[0], after: pairs.names[1],
        n: r.n, signFlips: r.signFlips ?? 0, zeros: r.zeros ?? 0, excluded: r.excluded, signFlipRule: options.signFlips,
        signFlipNote: signFlipNote(r.signFlips ?? 0, r.n, options.signFlips),
        scores: r.scores.map((s) => ({ hypothesis: s.hypothesis, dcdf: s.dcdf, dcdfCentred: s.dcdfCentred, ci: s.ci, changeMagnitude: s.changeMagnitude, n: s.n })),
        best: r.best, verdict: r.verdict, pickedP: r.pickedP ?? null, runnerUp: r.runnerUp, power: r.power,
      };
      if (values.json) {
        io.out(toJson(doc));
        return 0;
      }
      const level = Math.round(options.ciLevel * 100);
      const power = r.power;
      io.out([
        `${pairs.file}: ${r.n} synapse pairs ("${pairs.names[0]}" -> "${pairs.names[1]}")${r.excluded > 0 ? `, ${r.excluded} left out of negative-entropy (${options.signFlips === 'keep' ? 'exact zeros' : 'exact zeros and sign flips, the earlier rule'})` : ''}`,
        ...(doc.signFlipNote ? [doc.signFlipNote] : []),
        `best geometry: ${r.verdict.label} [${r.best}]${r.runnerUp ? `; runner-up with a different verdict: ${r.runnerUp}` : ''}`,
        ...(r.pickedP ? [`resolution: over bootstrap resamples the best p has median ${pText(r.pickedP.median)} and ${level} % range ${pText(r.pickedP.lo)} to ${pText(r.pickedP.hi)} (NE: negative entropy)`] : []),
        power
          ? `power: ${power.requiredSynapses === null ? `more than ${options.maxSynapses} synapses` : `${power.requiredSynapses} synapses`} separate ${power.compare[0]} from ${power.compare[1]} in ${Math.round(power.target * 100)} % of simulated experiments`
          : 'power analysis: skipped',
        '',
        `hypothesis          dCDF        ${`${level} % CI`.padEnd(20)}  centred dCDF`,
        ...r.scores.map((s) => `${s.hypothesis.padEnd(18)}  ${fmt(s.dcdf).padEnd(10)}  ${(s.ci ? `[${fmt(s.ci[0])}, ${fmt(s.ci[1])}]` : '-').padEnd(20)}  ${s.dcdfCentred === undefined ? '-' : fmt(s.dcdfCentred)}${s.hypothesis === r.best ? '  <- best' : ''}`),
        '',
        `history entry ${entry.id}`,
      ].join('\n'));
      return 0;
    });
  },
};
