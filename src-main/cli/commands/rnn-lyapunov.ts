import type { RnnLyapunovResult } from '@core/rnn/lyapunov-run';
import { CliError } from '../io';
import type { RnnSubcommand } from './rnn';
import { choiceOption, intOption, numberOption, withLeading } from '../options';

export const LYAPUNOV_USAGE = `  plasticity-lab rnn lyapunov [--n 200] [--gain 1.5] [--alpha 1] [--activation tanh|relu|retanh] [--steps 3000]
      [--warmup 500] [--input-std 0] [--k 1] [--seed 1] [--json]
    Lyapunov exponents of a random network (W ~ N(0, gain^2 / N)) by the QR method, per step:
    { "lambdaMax", "spectrum": [first k exponents], "spectrumPerTau": [the same / alpha], ... }.
    --input-std > 0 drives every unit with i.i.d. N(0, s^2) noise; 0 = autonomous.`;

export const activations = ['tanh', 'relu', 'retanh'] as const;

type Values = Record<string, string | boolean | undefined>;
const text = (values: Values, name: string) => values[name] as string | undefined;

/** The model options shared by lyapunov, train and sweep. */
export function modelOptions(values: Values, defaults: { n: number; gain: number; alpha: number }) {
  return {
    n: intOption('n', text(values, 'n'), defaults.n, 1, 2000),
    gain: numberOption('gain', text(values, 'gain'), defaults.gain, (v) => v >= 0 && v <= 20, 'a number from 0 to 20'),
    alpha: numberOption('alpha', text(values, 'alpha'), defaults.alpha, (v) => v > 0 && v <= 1, 'a number in (0, 1]'),
    activation: choiceOption('activation', text(values, 'activation'), 'tanh', activations),
  };
}

export const modelOptionSpec = {
  n: { type: 'string' }, gain: { type: 'string' }, alpha: { type: 'string' }, activation: { type: 'string' }, seed: { type: 'string' },
} as const;

export const lyapunovCommand: RnnSubcommand = {
  options: {
    ...modelOptionSpec, steps: { type: 'string' }, warmup: { type: 'string' }, 'input-std': { type: 'string' }, k: { type: 'string' },
  },
  job(values) {
    const model = modelOptions(values, { n: 200, gain: 1.5, alpha: 1 });
    const k = intOption('k', text(values, 'k'), 1, 1, 2000);
    if (k > model.n) throw new CliError(`--k (${k}) cannot exceed --n (${model.n})`, 2);
    const seed = intOption('seed', text(values, 'seed'), 1, 0, 2 ** 32 - 1);
    const lyapunov = {
      k,
      steps: intOption('steps', text(values, 'steps'), 3000, 1, 10_000_000),
      warmup: intOption('warmup', text(values, 'warmup'), 500, 0, 10_000_000),
      inputStd: numberOption('input-std', text(values, 'input-std'), 0, (v) => v >= 0, 'a number >= 0'),
    };
    return { kind: 'rnn-lyapunov', config: { model, lyapunov, seed }, seed };
  },
  workers: () => 1,
  json(result) {
    const r = result as RnnLyapunovResult;
    return withLeading(r, ['lambdaMax', 'spectrum']);
  },
  format(result) {
    const r = result as RnnLyapunovResult;
    const alpha = r.config.model.alpha;
    const lines = [`lambda_max = ${r.lambdaMax.toFixed(5)} per step${alpha === 1 ? '' : ` (${(r.lambdaMax / alpha).toFixed(5)} per tau)`}`];
    if (r.k > 1) {
      lines.push(`spectrum (per step): ${r.spectrum.map((v) => v.toFixed(5)).join(' ')}`);
      lines.push(`sum of the ${r.k} exponents: ${r.spectrum.reduce((a, b) => a + b, 0).toFixed(5)}`);
    }
    lines.push(`N = ${r.config.model.n}, gain ${r.config.model.gain}, ${r.config.model.activation}, alpha ${alpha}, ${r.steps} steps after ${r.warmup} warm-up, ${r.inputStd > 0 ? `input noise sd ${r.inputStd}` : 'autonomous'}, seed ${r.config.seed}`);
    return lines.join('\n');
  },
};
