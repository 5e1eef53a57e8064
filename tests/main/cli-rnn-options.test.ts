import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { trainRnn } from '../../src-core/rnn/train';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';
import type { RnnTrainConfig } from '../../src-core/rnn/schema';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-rnn-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'h.sqlite');

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

describe('rnn train: every setting of the experiment from the command line', () => {
  it('optimiser, flossing, Lyapunov and success settings reach the configuration and the numbers', async () => {
    const io = capture();
    const code = await main([
      'rnn', 'train', '--task', 'delayed-xor', '--delay', '2', '--rule', 'eprop', '--n', '8', '--gain', '0.6', '--iterations', '4', '--batch', '4',
      '--eval-batch', '8', '--success-loss', '0.9', '--optimiser', 'sgd', '--learning-rate', '0.05', '--momentum', '0.5', '--clip-norm', '2',
      '--floss', 'pre', '--floss-k', '2', '--floss-target=-0.05', '--floss-steps', '3', '--floss-lr', '0.01', '--floss-weight', '0.5',
      '--floss-trajectory', 'task', '--floss-input-std', '0.1', '--floss-length', '12', '--floss-warmup', '3',
      '--floss-gradient', 'local', '--floss-optimiser', 'sgd', '--floss-momentum', '0',
      '--lyap-k', '2', '--lyap-steps', '60', '--lyap-warmup', '10', '--driven-input-std', '0.3', '--lyap-every', '2',
      '--json', '--db', db,
    ], io);
    expect(io.stderr).toBe('');
    expect(code).toBe(0);
    const out = JSON.parse(io.stdout) as Record<string, unknown> & { config: RnnTrainConfig };
    expect(out.config).toMatchObject({
      evalBatchSize: 8, successLoss: 0.9,
      optimiser: { kind: 'sgd', learningRate: 0.05, momentum: 0.5, clipNorm: 2, beta2: 0.999, epsilon: 1e-8 },
      flossing: { schedule: 'pre', k: 2, target: -0.05, phaseSteps: 3, learningRate: 0.01, weight: 0.5, trajectory: 'task', inputStd: 0.1, trajectorySteps: 12, warmup: 3, every: 100, maxPhases: 2,
        gradient: 'local', optimiser: 'sgd', momentum: 0 },
      lyapunov: { k: 2, steps: 60, warmup: 10, inputStd: 0, drivenInputStd: 0.3, every: 2 },
    });
    const direct = trainRnn(out.config, silentContext(createRng(0)));
    expect(out.finalLoss).toBe(direct.finalLoss);
    expect(out.lambdaMaxAfterFlossing).toBe(direct.lambdaMaxAfterFlossing);
    expect(typeof out.lambdaMaxAfterFlossing).toBe('number');
    expect((out.lambdaCurve as { iteration: number[] }).iteration).toEqual([0, 2, 4]);
    expect((out.flossing as { loss: number[] }).loss).toHaveLength(3);
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['solved', 'iterationsToCriterion', 'learningCurveArea', 'weightChange']));
  });

  it('the table says solved or not, the stages of lambda_max and the weight change', async () => {
    const io = capture();
    expect(await main(['rnn', 'train', '--task', 'delayed-xor', '--delay', '2', '--rule', 'bptt', '--n', '8', '--iterations', '3', '--batch', '4',
      '--floss', 'pre', '--floss-steps', '2', '--lyap-steps', '50', '--lyap-warmup', '5', '--db', db], io)).toBe(0);
    expect(io.stdout).toMatch(/not solved \(final loss <= 0\.1\)|solved \(final loss <= 0\.1\)/);
    expect(io.stdout).toMatch(/autonomous: before -?\d\.\d{4}, after pre-flossing -?\d\.\d{4}, after training -?\d\.\d{4}/);
    expect(io.stdout).toMatch(/weight change \|\|dW\|\| \/ \|\|W0\|\|: \d\.\d{3} \(training alone \d\.\d{3}\)/);
  });

  it("Engelken's streaming tasks take --delay and --duration", async () => {
    const io = capture();
    expect(await main(['rnn', 'train', '--task', 'streaming-xor', '--delay', '3', '--duration', '20', '--rule', 'bptt', '--n', '8',
      '--iterations', '2', '--batch', '4', '--lyap-steps', '40', '--lyap-warmup', '5', '--json', '--db', db], io)).toBe(0);
    const out = JSON.parse(io.stdout) as { config: RnnTrainConfig; lossCurve: { loss: number[] } };
    expect(out.config.task).toEqual({ kind: 'streaming-xor', delay: 3, duration: 20, amplitude: 1 });
    expect(out.lossCurve.loss[0]).toBeCloseTo(Math.log(2), 0); // two-class cross-entropy starts near chance
  });

  it('rnn sweep starts from a preset of the paper\'s regime; options override it; the table lists the tests', async () => {
    const io = capture();
    expect(await main(['rnn', 'sweep', '--preset', 'local-flossing', '--gains', '0.5,2', '--rules', 'eprop', '--seeds', '2', '--n', '8',
      '--iterations', '4', '--floss-steps', '2', '--lyap-steps', '40', '--lyap-warmup', '5', '--workers', '1', '--db', db], io)).toBe(0);
    expect(io.stderr).toBe('');
    expect(io.stdout).toMatch(/Comparisons \(\* significant at 5 %; \d of 4 comparisons are significant/);
    expect(io.stdout).toMatch(/e-prop at g = 0\.5: pre-flossing \(local rule\)/);
    expect(io.stdout).toMatch(/e-prop with no flossing: gain 2 against 0\.5/);
    const json = capture();
    expect(await main(['rnn', 'sweep', '--preset', 'flossing', '--gains', '1', '--rules', 'bptt', '--seeds', '1', '--n', '8', '--iterations', '2',
      '--floss-steps', '1', '--lyap-steps', '30', '--lyap-warmup', '5', '--workers', '1', '--json', '--db', db], json)).toBe(0);
    const summary = JSON.parse(json.stdout) as { cells: { schedule: string; gradient: string | null }[]; comparisons: unknown[] };
    expect(summary.cells.map((c) => [c.schedule, c.gradient])).toEqual([['none', null], ['pre', 'exact']]);
    expect(Object.keys(summary)[0]).toBe('comparisons');
  });

  it('defaults to the paper\'s delays (6 / alpha) and warns at alpha = 1 when a trace-based rule runs', async () => {
    const run = async (extra: string[]) => {
      const io = capture();
      expect(await main(['rnn', 'train', '--task', 'delayed-xor', '--n', '8', '--iterations', '1', '--batch', '2', '--lyap-steps', '20',
        '--lyap-warmup', '2', '--json', '--db', db, ...extra], io)).toBe(0);
      return { io, config: (JSON.parse(io.stdout) as { config: RnnTrainConfig }).config };
    };
    expect((await run(['--rule', 'eprop'])).config.task).toMatchObject({ kind: 'delayed-xor', delay: 30 });
    expect((await run(['--rule', 'eprop', '--alpha', '0.1'])).config.task).toMatchObject({ delay: 60 });
    const one = await run(['--rule', 'rflo', '--alpha', '1']);
    expect(one.config.task).toMatchObject({ delay: 10 });
    expect(one.io.stderr).toMatch(/^warning: At alpha = 1 the eligibility traces have no memory/);
    expect((await run(['--rule', 'bptt', '--alpha', '1'])).io.stderr).toBe('');
  });

  it('refuses bad values of the new options with exit code 2', async () => {
    const base = ['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--n', '8'];
    const cases: [string[], RegExp][] = [
      [['--optimiser', 'rmsprop'], /--optimiser must be one of adam, sgd/],
      [['--momentum', '1'], /--momentum must be a number in \[0, 1\)/],
      [['--clip-norm', '0'], /--clip-norm must be a positive number/],
      [['--floss-k', '9'], /--floss-k \(9\) cannot exceed --n \(8\)/],
      [['--floss-trajectory', 'random'], /--floss-trajectory must be one of autonomous, noise, task/],
      [['--floss-trajectory', 'noise'], /--floss-trajectory noise needs --floss-input-std > 0/],
      [['--floss-lr', '-1'], /--floss-lr/],
      [['--floss-gradient', 'approximate'], /--floss-gradient must be one of exact, local/],
      [['--floss-optimiser', 'rmsprop'], /--floss-optimiser must be one of adam, sgd/],
      [['--lyap-steps', '0'], /--lyap-steps must be an integer from 1/],
      [['--lyap-every', '1.5'], /--lyap-every must be an integer/],
      [['--success-loss', '0'], /--success-loss must be a positive number/],
      [['--duration', '50'], /--duration applies to copy, streaming-xor, streaming-copy, sum-of-sines, not to delayed-xor/],
      [['--floss-gradient', 'exact,local'], /--floss-gradient must be one of exact, local/],
    ];
    for (const [extra, message] of cases) {
      const io = capture();
      expect(await main([...base, ...extra, '--db', db], io), extra.join(' ')).toBe(2);
      expect(io.stderr).toMatch(message);
    }
  });
});
