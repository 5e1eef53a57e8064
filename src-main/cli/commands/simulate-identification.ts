import type { IdentificationResult } from '@core/jobs/kinds/md-identification';
import { P_RESOLUTION, pickedSpread, pickedWithin, type IdentificationConfig, type PotentialSpec } from '@core/plasticity/index';
import type { CliIo } from '../io';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { runOrSubmit } from '../slurm-options';
import { numberArg } from '../options';

type Values = Record<string, string | boolean | undefined>;

/** The options of `simulate md` that belong to one trained model and mean nothing to the identification test. */
const MODEL_OPTIONS = ['potential', 'p', 'dim', 'samples-exponent', 'correlation', 'correlation-scale', 'steps', 'learning-rate', 'input-dim', 'hidden', 'samples', 'out', 'init-from', 'init-dataset', 'init-column'] as const;

/** `negative-entropy`, `euclidean` or `p=3`: the names results use. */
export function potentialByName(name: string): PotentialSpec {
  if (name === 'negative-entropy') return { kind: 'negative-entropy' };
  if (name === 'euclidean' || name === 'p=2') return { kind: 'euclidean' };
  const m = /^p=([0-9]*\.?[0-9]+)$/.exec(name);
  if (m && Number(m[1]) > 1) return { kind: 'p-norm', p: Number(m[1]) };
  throw new CliError(`--potentials: unknown potential "${name}" (expected negative-entropy, euclidean or p=<number above 1>)`, 2);
}

/** --potentials negative-entropy,euclidean,p=3 (the default): the true potentials of a synthetic experiment. */
export function truePotentialsOption(values: Values): PotentialSpec[] {
  const names = typeof values.potentials === 'string' ? values.potentials.split(',').map((s) => s.trim()).filter(Boolean) : ['negative-entropy', 'euclidean', 'p=3'];
  if (names.length === 0) throw new CliError('--potentials needs at least one potential', 2);
  return names.map(potentialByName);
}

function config(values: Values): IdentificationConfig {
  for (const o of MODEL_OPTIONS) if (values[o] !== undefined) throw new CliError(`--${o} does not apply to --task identification`, 2);
  const init = values.init ?? 'lognormal';
  if (init !== 'lognormal' && init !== 'normal') throw new CliError(`--init must be lognormal or normal, got "${String(init)}"`, 2);
  return {
    synapses: numberArg(values, 'synapses', 1000, { integer: true, min: 10, max: 1_000_000 }) as number,
    repeats: numberArg(values, 'repeats', 30, { integer: true, min: 1, max: 10_000 }) as number,
    init,
    truePotentials: truePotentialsOption(values),
    seed: numberArg(values, 'seed', 0, { integer: true, min: 0, max: 2 ** 32 - 1 }) as number,
  };
}

/**
 * `simulate md --task identification`: the paper's synthetic identification test as one job across the worker pool,
 * recorded in the history like the app's; per true potential how many repeats the lowest dCDF found it in (within
 * the test's resolution of 0.2 in p, and within 0.1) and the spread of the p the repeats picked.
 */
export async function runIdentificationTask(values: Values, io: CliIo): Promise<number> {
  const c = config(values);
  return withContext(values.db as string | undefined, { workers: 2 }, async (context) => {
    const entry = await runOrSubmit(context, { kind: 'md-identification', config: c, seed: c.seed as number }, io, values);
    if (!entry) return 0;
    const summaries = (entry.result as IdentificationResult).summaries.map((s) => ({
      truePotential: s.truePotential,
      repeats: s.repeats,
      within02: pickedWithin(s, P_RESOLUTION),
      within01: pickedWithin(s, 0.1),
      pickedP: pickedSpread(s),
      bestCounts: s.bestCounts,
      meanDcdf: s.curve.map((h) => ({ hypothesis: h.hypothesis, mean: h.mean, sd: h.sd })),
    }));
    if (values.json) {
      io.out(toJson({ entryId: entry.id, task: 'identification', synapses: c.synapses, repeats: c.repeats, init: c.init, seed: c.seed, summaries }));
      return 0;
    }
    const minimum = (s: (typeof summaries)[number]) => s.meanDcdf.reduce((a, b) => (b.mean < a.mean ? b : a));
    const pText = (p: number) => (p === 1 ? 'NE' : String(Number(p.toFixed(3))));
    const spread = (s: (typeof summaries)[number]) => (s.pickedP ? `${pText(s.pickedP.median)} (${pText(s.pickedP.lo)}-${pText(s.pickedP.hi)})` : '-');
    io.out([
      entry.name,
      '',
      'true potential      within 0.2  within 0.1  picked p, median (5-95 %)  minimum of the mean dCDF',
      ...summaries.map((s) => {
        const min = minimum(s);
        return `${s.truePotential.padEnd(18)}  ${`${s.within02}/${s.repeats}`.padEnd(10)}  ${`${s.within01}/${s.repeats}`.padEnd(10)}  ${spread(s).padEnd(25)}  ${min.hypothesis} (${min.mean.toFixed(4)})`;
      }),
      '',
      'At 1000-3400 synapses 0.2 in p is the resolution of the test (neighbouring p differ by less than the dCDF noise).',
      'For negative entropy (the limit p -> 1) p counts from 1.1: within 0.2 = negative-entropy or p <= 1.3; NE in the picked p.',
      `history entry ${entry.id}`,
    ].join('\n'));
    return 0;
  });
}
