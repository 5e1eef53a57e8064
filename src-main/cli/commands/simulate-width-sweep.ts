import type { WidthSweepResult } from '@core/jobs/kinds/md-width-sweep';
import type { WidthSweepConfig, WidthSweepCurve } from '@core/plasticity/index';
import type { CliIo } from '../io';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { intOption, listOption, numberArg } from '../options';
import { truePotentialsOption } from './simulate-identification';
import { runOrSubmit } from '../slurm-options';

type Values = Record<string, string | boolean | undefined>;

/** Options of `simulate md` that belong to one run or to the identification test, not to a sweep. */
const OTHER_OPTIONS = ['potential', 'p', 'dim', 'steps', 'learning-rate', 'input-dim', 'hidden', 'samples', 'out', 'synapses', 'repeats', 'init', 'init-from', 'init-dataset', 'init-column'] as const;

/** The hypotheses a table shows (the paper's deep-network figures use NE and p in {1.5, 2, 2.5, 3}); JSON has all 21. */
const SHOWN = ['negative-entropy', 'p=1.5', 'p=2', 'p=2.5', 'p=3'];

function config(values: Values): WidthSweepConfig {
  for (const o of OTHER_OPTIONS) if (values[o] !== undefined) throw new CliError(`--${o} does not apply to --task width-sweep`, 2);
  const explicit = values.dims !== undefined;
  for (const o of ['min-dim', 'max-dim', 'widths'] as const) if (explicit && values[o] !== undefined) throw new CliError(`--${o} and --dims exclude each other (--dims lists the widths)`, 2);
  const dims = explicit ? listOption('dims', values.dims as string, [], (part) => intOption('dims', part, 0, 2, 50_000)) : undefined;
  return {
    ...(dims ? { dims } : {
      minDim: numberArg(values, 'min-dim', 100, { integer: true, min: 2, max: 50_000 }) as number,
      maxDim: numberArg(values, 'max-dim', 3000, { integer: true, min: 2, max: 50_000 }) as number,
      widths: numberArg(values, 'widths', 10, { integer: true, min: 1, max: 50 }) as number,
    }),
    seeds: numberArg(values, 'seeds', 30, { integer: true, min: 1, max: 1000 }) as number,
    baseSeed: numberArg(values, 'seed', 0, { integer: true, min: 0, max: 2 ** 32 - 1 }) as number,
    samplesExponents: [numberArg(values, 'samples-exponent', 0.5, { min: 1e-9, max: 0.999999 }) as number],
    correlations: [numberArg(values, 'correlation', 2, { min: 1e-9, max: 10 }) as number],
    correlationScale: numberArg(values, 'correlation-scale', 1, { min: 1e-9, max: 10_000 }) as number,
    truePotentials: truePotentialsOption(values),
  };
}

const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '-' : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(3) : x.toExponential(2));

/** The hypothesis with the lowest median dCDF at width index d. */
function lowestMedian(curve: WidthSweepCurve, d: number): string {
  let best: { name: string; median: number } | null = null;
  for (const h of curve.hypotheses) {
    const m = h.dcdf[d]?.median;
    if (m !== undefined && (!best || m < best.median)) best = { name: h.hypothesis, median: m };
  }
  return best?.name ?? '-';
}

function table(curve: WidthSweepCurve, seeds: number): string[] {
  const own = curve.hypotheses.find((h) => h.hypothesis === curve.truePotential);
  const shown = curve.hypotheses.filter((h) => SHOWN.includes(h.hypothesis));
  const head = `     D  lr        loss>=1e-3  flips  change   ${shown.map((h) => (h.hypothesis === 'negative-entropy' ? 'NE' : h.hypothesis).padEnd(7)).join('  ')}  lowest median`;
  return [
    `true ${curve.truePotential} (N = D^${curve.samplesExponent}, c = ${curve.correlation}, s = ${curve.correlationScale ?? 1})`,
    head,
    ...curve.dims.map((dim, d) => [
      String(dim).padStart(6),
      curve.lr[d].toExponential(1).padEnd(8),
      `${curve.notConverged[d]}/${seeds}`.padEnd(10),
      String(curve.signFlips?.[d] ?? '-').padEnd(5),
      fmt(own?.changeMagnitude[d]?.median).padEnd(7),
      shown.map((h) => fmt(h.dcdf[d]?.median).padEnd(7)).join('  '),
      lowestMedian(curve, d),
    ].join('  ')),
  ];
}

/**
 * `simulate md --task width-sweep`: the paper's width sweep (Fig. 2) as one job across the worker pool, recorded in
 * the history like the Geometry tab's: per true potential and width, the learning rate chosen on held-out data, the
 * seeds that did not interpolate, the median sign flips and change magnitude, and the median dCDF of every hypothesis
 * (the table shows the paper's landmarks; --json has all 21 with their 5-95 % bands, centred variant included).
 */
export async function runWidthSweepTask(values: Values, io: CliIo): Promise<number> {
  const c = config(values);
  return withContext(values.db as string | undefined, { workers: 2 }, async (context) => {
    const entry = await runOrSubmit(context, { kind: 'md-width-sweep', config: c, seed: c.baseSeed as number }, io, values);
    if (!entry) return 0;
    const result = entry.result as WidthSweepResult;
    if (values.json) {
      io.out(toJson({ entryId: entry.id, task: 'width-sweep', seeds: c.seeds, baseSeed: c.baseSeed, runs: result.tasks, curves: result.curves }));
      return 0;
    }
    io.out([
      entry.name,
      '',
      ...result.curves.flatMap((curve) => [...table(curve, c.seeds as number), '']),
      'dCDF: median over seeds (lower = closer to Gaussian); change: median ||dual change|| / ||dual start|| under the true',
      'potential; flips: median number of weights that changed sign (impossible under negative entropy). At 1000-3400',
      'synapses 0.2 in p is the resolution of the test.',
      `history entry ${entry.id}`,
    ].join('\n'));
    return 0;
  });
}
