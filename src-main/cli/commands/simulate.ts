import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { catalogue } from '@core/jobs/catalogue';
import type { StartJobInput } from '@core/jobs/schemas';
import { signFlipNote, type LinearRegressionRunResult, type PotentialSpec, type TwoLayerResult } from '@core/plasticity/index';
import type { Command } from '../command';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { runOrSubmit, slurmOptionSpec, SLURM_USAGE } from '../slurm-options';
import { checkInitSize, initArg, initOptions, loadDatasetInit, loadFileInit, type InitWeights } from '../init-weights';
import { runIdentificationTask } from './simulate-identification';
import { runWidthSweepTask } from './simulate-width-sweep';
import { RNN_OPTIONS, RNN_USAGE, runRnnTask } from './simulate-rnn';
import { numberArg } from '../options';
import { potentialOption } from '../potential-option';

const USAGE = `Usage:
  plasticity-lab simulate md --task linear-regression --potential negative-entropy|euclidean|p-norm [--p 3]
      --dim 3000 [--samples-exponent 0.5] [--correlation 2] [--correlation-scale 1] [--seed 1] [--steps 100]
      [--learning-rate LR] [--out weights.csv] [--json]
    The paper's linear regression (Pogodin et al. 2024) trained by mirror descent under the chosen potential, the
    learning rate picked as the authors do unless --learning-rate is given (the 16-rate protocol on held-out data
    of the same kind, each rate from a fresh start; then this run's own data and start trained at the chosen rate),
    then every geometry hypothesis scored by dCDF on the weights before and after:
    { "finalLoss", "changeMagnitude", "scores": [ { "hypothesis", "dcdf" } ], "best", ... }.
    Hypotheses: negative-entropy and p=1.1 ... p=3 (p=2 is Euclidean). --out writes a CSV with columns before,after.
    Inputs are correlated as C_ij = (-1)^|i-j| / (1 + (|i-j| / s)^c): c = --correlation, s = --correlation-scale
    (the authors' corr_scale; 1 in the paper's figures).
  plasticity-lab simulate md --task two-layer --potential ... [--p 3] [--input-dim 100] [--hidden 64] [--samples 40]
      [--steps 300] [--seed 1] [--out weights.csv] [--json]
    The teacher-student two-layer network; scores and --out use the first layer's weights. Its rate is the lowest
    final loss of 9 rates in [1e-4, 1] on a held-out problem (another teacher, inputs and start).
  plasticity-lab simulate md --task identification [--synapses 1000] [--repeats 30] [--init lognormal|normal]
      [--potentials negative-entropy,euclidean,p=3] [--seed 0] [--json]
    The paper's synthetic identification test: per repeat, before/after weights whose dual coordinates moved by a
    Gaussian step under each true potential (each potential and repeat with its own random stream), every
    hypothesis scored; how many repeats the lowest dCDF picked the truth within 0.2 in p (the test's resolution at
    1000-3400 synapses) and within 0.1 (negative entropy, the limit p -> 1, counts p from 1.1), the spread of the
    picked p over repeats (median, 5-95 %) and the mean dCDF of every hypothesis.
  plasticity-lab simulate md --task width-sweep [--dims 100,300,1000,3000 | --min-dim 100 --max-dim 3000 --widths 10]
      [--seeds 30] [--potentials negative-entropy,euclidean,p=3] [--samples-exponent 0.5] [--correlation 2]
      [--correlation-scale 1] [--seed 0] [--json]
    The paper's width sweep (Fig. 2): for every width D and true potential the learning rate is chosen once on
    held-out data (seed --seed), then seeds --seed + 1 ... --seed + --seeds are trained with it and every hypothesis
    scored. Per D: the rate, the seeds whose loss stayed >= 1e-3, the median sign flips and change magnitude, and
    the median dCDF of negative entropy and p = 1.5, 2, 2.5, 3 with the hypothesis of lowest median; --json gives
    "curves": [ { "truePotential", "dims", "lr", "steps", "notConverged", "signFlips", "hypotheses": [ { "hypothesis",
    "dcdf": [ { "median", "lo", "hi" } ], "dcdfCentred", "changeMagnitude" } ] } ] (5-95 % bands over seeds).
${RNN_USAGE}
Initial weights (default: the paper's N(0, 1/D)) from measured values, one per weight, used exactly (order and
signs kept, never resampled):
  --init-from FILE [--init-column COL] [--drop-invalid]   a column of a CSV/TSV, .xlsx or .npy file
  --init-dataset ID [--init-column COL]                   a column of an imported data set (recorded as the run's input)
    Linear regression: D defaults to the number of values; a different --dim is refused. Two-layer: --hidden x
    --input-dim must equal it. --init-column may be left out when there is one numeric column.
Options: --db PATH  the history database (default: the desktop app's). Every run is recorded in the history.
${SLURM_USAGE}`;

/** Options only the width sweep takes. */
const SWEEP_OPTIONS = ['dims', 'min-dim', 'max-dim', 'widths', 'seeds'] as const;

/** Writes before,after rows; String(x) is JavaScript's shortest round-trip form, so the file reads back exactly. */
async function writeWeights(path: string, before: Float64Array, after: Float64Array): Promise<void> {
  const lines = ['before,after'];
  for (let i = 0; i < before.length; i++) lines.push(`${before[i]},${after[i]}`);
  try {
    await writeFile(path, `${lines.join('\n')}\n`);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`, 1);
  }
}

const fmt = (x: number) => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'Simulate learning under a geometry of plasticity (mirror descent) and score the geometry hypotheses',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        task: { type: 'string' },
        potential: { type: 'string' },
        p: { type: 'string' },
        dim: { type: 'string' },
        'samples-exponent': { type: 'string' },
        correlation: { type: 'string' },
        'correlation-scale': { type: 'string' },
        seed: { type: 'string' },
        steps: { type: 'string' },
        'learning-rate': { type: 'string' },
        'input-dim': { type: 'string' },
        hidden: { type: 'string' },
        samples: { type: 'string' },
        out: { type: 'string' },
        synapses: { type: 'string' },
        repeats: { type: 'string' },
        init: { type: 'string' },
        potentials: { type: 'string' },
        dims: { type: 'string' },
        'min-dim': { type: 'string' },
        'max-dim': { type: 'string' },
        widths: { type: 'string' },
        seeds: { type: 'string' },
        'image-size': { type: 'string' },
        'training-set': { type: 'string' },
        'pretrain-iterations': { type: 'string' },
        'pretrain-batch': { type: 'string' },
        rule: { type: 'string' },
        'learning-rates': { type: 'string' },
        ...initOptions,
        ...slurmOptionSpec,
      },
    });
    const [model, extra] = positionals;
    if (model !== 'md') throw new CliError(`${model === undefined ? 'simulate needs a model' : `unknown simulation "${model}"`}: only "md" (mirror descent) exists\n${USAGE}`, 2);
    if (extra !== undefined) throw new CliError(`unexpected argument "${extra}"\n${USAGE}`, 2);
    if (values.task === 'identification') {
      for (const o of SWEEP_OPTIONS) if (values[o] !== undefined) throw new CliError(`--${o} applies to --task width-sweep`, 2);
      return runIdentificationTask(values, io);
    }
    if (values.task === 'width-sweep') return runWidthSweepTask(values, io);
    if (values.task === 'rnn') return runRnnTask(values, io);
    for (const o of RNN_OPTIONS) if (values[o] !== undefined) throw new CliError(`--${o} applies to --task rnn`, 2);
    for (const o of ['synapses', 'repeats', 'init'] as const) if (values[o] !== undefined) throw new CliError(`--${o} applies to --task identification`, 2);
    for (const o of [...SWEEP_OPTIONS, 'potentials'] as const) if (values[o] !== undefined) throw new CliError(`--${o} applies to --task width-sweep${o === 'potentials' ? ' and identification' : ''}`, 2);
    const potential = potentialOption(values, true) as PotentialSpec;
    const seed = numberArg(values, 'seed', 1, { integer: true, min: 0, max: 2 ** 32 - 1 }) as number;
    const learningRate = numberArg(values, 'learning-rate', undefined, { min: Number.MIN_VALUE });
    const task = values.task;
    const init = initArg(values);
    // Validated before anything is read; `withInit` completes the input once the initial weights are known.
    let withInit: (w: InitWeights | null) => StartJobInput;
    if (task === 'linear-regression') {
      for (const o of ['input-dim', 'hidden', 'samples'] as const) if (values[o] !== undefined) throw new CliError(`--${o} applies to --task two-layer`, 2);
      if (values.dim === undefined && !init) throw new CliError('--dim is required for --task linear-regression (e.g. --dim 3000), unless --init-from or --init-dataset gives the initial weights', 2);
      const dim = numberArg(values, 'dim', undefined, { integer: true, min: 2, max: 50_000 });
      const config = {
        samplesExponent: numberArg(values, 'samples-exponent', 0.5, { min: 1e-9, max: 0.999999 }) as number,
        correlation: numberArg(values, 'correlation', 2, { min: 1e-9, max: 10 }) as number,
        correlationScale: numberArg(values, 'correlation-scale', 1, { min: 1e-9, max: 10_000 }) as number,
        steps: numberArg(values, 'steps', 100, { integer: true, min: 1, max: 100_000 }) as number,
        potential, seed, learningRate,
      };
      withInit = (w) => {
        if (!w) return { kind: 'md-linear-regression', config: { dim: dim as number, ...config }, seed };
        if (dim !== undefined) checkInitSize(w, dim, '--dim');
        if (w.count < 2 || w.count > 50_000) throw new CliError(`initial weights: ${w.label} has ${w.count} values; the linear regression takes D between 2 and 50000`, 2);
        return { kind: 'md-linear-regression', config: { dim: w.count, ...config, init: w.spec }, seed };
      };
    } else if (task === 'two-layer') {
      for (const o of ['dim', 'samples-exponent', 'correlation', 'correlation-scale'] as const) if (values[o] !== undefined) throw new CliError(`--${o} applies to --task linear-regression`, 2);
      const config = {
        inputDim: numberArg(values, 'input-dim', 100, { integer: true, min: 1, max: 2000 }) as number,
        hidden: numberArg(values, 'hidden', 64, { integer: true, min: 1, max: 2000 }) as number,
        samples: numberArg(values, 'samples', 40, { integer: true, min: 2, max: 10_000 }) as number,
        steps: numberArg(values, 'steps', 300, { integer: true, min: 1, max: 20_000 }) as number,
        potential, seed, learningRate,
      };
      withInit = (w) => {
        if (!w) return { kind: 'md-two-layer', config, seed };
        checkInitSize(w, config.hidden * config.inputDim, `--hidden x --input-dim (${config.hidden} x ${config.inputDim})`);
        return { kind: 'md-two-layer', config: { ...config, init: w.spec }, seed };
      };
    } else {
      throw new CliError(`${task === undefined ? '--task is required' : `unknown --task "${String(task)}"`} (linear-regression, two-layer, width-sweep, identification or rnn)`, 2);
    }
    const fileInit = init?.from === 'file' ? await loadFileInit(init) : null;
    for (const note of fileInit?.notes ?? []) io.err(`note: ${note}`);

    return withContext(values.db, { workers: 2 }, async (context) => {
      const weights = init?.from === 'dataset' ? loadDatasetInit(init, context.datasets) : fileInit;
      const input = withInit(weights);
      // A file's values are stored in the entry (the history keeps no link to a file): its name says where they came from.
      if (fileInit) input.name = `${catalogue[input.kind].describe(input.config as never)}, w_init ${fileInit.label}`;
      const entry = await runOrSubmit(context, input, io, values);
      if (!entry) return 0;
      const summary = task === 'linear-regression' ? linearSummary(entry.result as LinearRegressionRunResult) : twoLayerSummary(entry.result as TwoLayerResult);
      if (values.out !== undefined) {
        await writeWeights(values.out, summary.before, summary.after);
        io.err(`wrote ${summary.before.length} before,after pairs to ${values.out}`);
      }
      const doc = { entryId: entry.id, task, ...summary.fields };
      if (values.json) {
        io.out(toJson(doc));
      } else {
        const f = summary.fields;
        io.out([
          `${entry.name}`,
          `learning rate ${f.lr.toExponential(2)}${learningRate === undefined ? ' (selected on held-out data)' : ' (fixed)'}, ${f.steps} steps, final loss ${fmt(f.finalLoss)}${f.converged === false ? ' (did not reach 1e-3)' : ''}`,
          `change magnitude ${f.changeMagnitude === null ? '-' : fmt(f.changeMagnitude)} (dual coordinates of the true potential)`,
          `best hypothesis: ${f.best}${f.excluded > 0 ? ` (${f.excluded} synapses at exactly 0: left out of negative-entropy)` : ''}`,
          ...(f.signFlips > 0 ? [signFlipNote(f.signFlips, f.dim) as string] : []),
          '',
          'hypothesis          dCDF        centred dCDF',
          ...f.scores.map((s) => `${s.hypothesis.padEnd(18)}  ${fmt(s.dcdf).padEnd(10)}  ${fmt(s.dcdfCentred)}${s.hypothesis === f.best ? '  <- best' : ''}`),
          '',
          `history entry ${entry.id}`,
        ].join('\n'));
      }
      return 0;
    });
  },
};

function linearSummary(r: LinearRegressionRunResult) {
  return {
    before: r.weightsBefore,
    after: r.weightsAfter,
    fields: {
      potential: r.potential, dim: r.dim, samples: r.samples, lr: r.lr, lrSelection: r.lrSelection, selectionLoss: r.selectionLoss ?? null, steps: r.steps, converged: r.converged,
      finalLoss: r.finalLoss, changeMagnitude: r.changeMagnitude as number | null, excluded: r.excluded, signFlips: r.signFlips,
      scores: r.scores.map((s) => ({ hypothesis: s.hypothesis, dcdf: s.dcdf, dcdfCentred: s.dcdfCentred })), best: r.best,
    },
  };
}

function twoLayerSummary(r: TwoLayerResult) {
  return {
    before: r.firstLayer.before,
    after: r.firstLayer.after,
    fields: {
      potential: r.potential, dim: r.firstLayer.before.length, samples: null, lr: r.lr, lrSelection: r.lrSelection, selectionLoss: null, steps: r.lossCurve.length, converged: null as boolean | null,
      finalLoss: r.finalLoss, changeMagnitude: r.scores.find((s) => s.hypothesis === r.potential)?.changeMagnitude ?? null, excluded: r.excluded, signFlips: r.signFlips,
      scores: r.scores.map((s) => ({ hypothesis: s.hypothesis, dcdf: s.dcdf, dcdfCentred: s.dcdfCentred })), best: r.best,
    },
  };
}
