import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { main } from '../../src-main/cli/main';
import type { CliIo } from '../../src-main/cli/io';
import { silentContext } from '../../src-core/runtime/context';
import { createRng } from '../../src-core/random/rng';
import { runLyapunov, runRnnSweep, type RnnSweepConfig, type RnnSweepSummary } from '../../src-core/rnn';
import type { EntrySummary } from '../../src-core/contract/entries';
import { openHistoryDb } from '../../src-main/db/connection';
import { createEntriesRepo } from '../../src-main/db/entries-repo';
import { sweepCommand } from '../../src-main/cli/commands/rnn-sweep';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-rnn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const db = join(dir, 'h.sqlite');

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

async function runJson(args: string[]): Promise<Record<string, unknown>> {
  const io = capture();
  const code = await main([...args, '--json', '--db', db], io);
  expect(io.stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(io.stdout) as Record<string, unknown>;
}

/** The history as the commands left it (read directly: `history list` would start a worker pool for nothing). */
async function history(): Promise<{ entries: EntrySummary[]; total: number }> {
  const connection = openHistoryDb(db);
  try {
    return createEntriesRepo(connection).list({ trash: false, sort: 'created-desc', limit: 1000, offset: 0 });
  } finally {
    connection.close();
  }
}

describe('plasticity-lab rnn', () => {
  it('lyapunov --json prints { lambdaMax, spectrum } per step, recorded in the history, equal to the core', async () => {
    const out = await runJson(['rnn', 'lyapunov', '--n', '40', '--gain', '1.5', '--steps', '500', '--warmup', '100', '--k', '2', '--seed', '3']);
    const direct = runLyapunov({ model: { n: 40, gain: 1.5 }, lyapunov: { k: 2, steps: 500, warmup: 100, inputStd: 0 }, seed: 3 } as never, silentContext(createRng(0)));
    expect(Object.keys(out).slice(0, 2)).toEqual(['lambdaMax', 'spectrum']);
    expect(out.lambdaMax).toBe(direct.lambdaMax);
    expect(out.spectrum).toEqual(direct.spectrum);
    expect((out.spectrum as number[])[0]).toBeGreaterThan(0); // g = 1.5 is chaotic
    const listed = (await history()).entries.find((e) => e.id === out.entryId)!;
    expect(listed).toMatchObject({ kind: 'simulation', jobKind: 'rnn-lyapunov', status: 'done' });
  });

  it('train learns a tiny delayed XOR with e-prop at the default leak and prints the JSON shape', async () => {
    const out = await runJson(['rnn', 'train', '--task', 'delayed-xor', '--rule', 'eprop', '--n', '24', '--iterations', '80', '--batch', '16', '--delay', '4', '--learning-rate', '0.01']);
    expect(Object.keys(out).slice(0, 5)).toEqual(['finalLoss', 'finalAccuracy', 'initialLoss', 'lambdaMaxBefore', 'lambdaMaxAfter']);
    const curve = out.lossCurve as { iteration: number[]; loss: number[] };
    expect(curve.iteration).toHaveLength(81);
    expect(out.finalLoss as number).toBeLessThan(0.5 * (out.initialLoss as number));
    expect(curve.loss.at(-1)!).toBeLessThan(0.5 * curve.loss[0]);
    expect(typeof out.lambdaMaxBefore).toBe('number');
    expect(typeof out.lambdaMaxAfter).toBe('number');
    // Both trajectory kinds follow; lambdaMaxBefore/After keep their meaning (autonomous by default).
    expect(Object.keys(out).slice(5, 11)).toEqual([
      'lambdaMaxAutonomousBefore', 'lambdaMaxAutonomousAfter', 'lambdaMaxDrivenBefore', 'lambdaMaxDrivenAfter', 'drivenInputStd', 'diverged',
    ]);
    expect(out.lambdaMaxAutonomousBefore).toBe(out.lambdaMaxBefore);
    expect(out.lambdaMaxAutonomousAfter).toBe(out.lambdaMaxAfter);
    expect(typeof out.lambdaMaxDrivenBefore).toBe('number');
    expect(typeof out.lambdaMaxDrivenAfter).toBe('number');
    expect(out.lambdaMaxDrivenBefore).not.toBe(out.lambdaMaxBefore);
    expect(out.drivenInputStd).toBe(0.5);
    expect(out.config).toMatchObject({ rule: 'eprop', model: { n: 24, gain: 1, alpha: 0.2 }, task: { kind: 'delayed-xor', delay: 4 }, seed: 1 });
    expect((await history()).entries.find((e) => e.id === out.entryId)).toMatchObject({ kind: 'simulation', jobKind: 'rnn-train' });
  });

  it('train --driven-input-std sets the input of the driven lambda_max and leaves the other settings and numbers alone', async () => {
    const args = ['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--n', '16', '--gain', '2', '--alpha', '1', '--iterations', '3', '--batch', '4', '--delay', '2'];
    const plain = await runJson(args);
    const out = await runJson([...args, '--driven-input-std', '0.8']);
    expect(out.drivenInputStd).toBe(0.8);
    expect(out.config).toMatchObject({ lyapunov: { k: 1, steps: 1000, warmup: 200, inputStd: 0, drivenInputStd: 0.8 } });
    expect(out.lambdaMaxBefore).toBe(plain.lambdaMaxBefore);
    expect(out.lambdaMaxAutonomousAfter).toBe(plain.lambdaMaxAutonomousAfter);
    expect(out.lambdaMaxDrivenBefore).not.toBe(plain.lambdaMaxDrivenBefore);
  });

  it('train --precision float32 trains in single precision, records it, and keeps lambda_max in float64', async () => {
    const args = ['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--n', '16', '--gain', '1.5', '--iterations', '3', '--batch', '4', '--delay', '2'];
    const double = await runJson(args);
    const single = await runJson([...args, '--precision', 'float32']);
    expect(double.config).toMatchObject({ model: { precision: 'float64' } });
    expect(single.config).toMatchObject({ model: { precision: 'float32' } });
    expect(single.initialLoss).not.toBe(double.initialLoss);
    expect(Math.abs((single.initialLoss as number) / (double.initialLoss as number) - 1)).toBeLessThan(1e-5);
    expect(single.lambdaMaxBefore).toBe(double.lambdaMaxBefore);
  });

  it('sweep of 2 gains x 2 rules x 1 seed runs on the pool and gives the single-thread numbers', async () => {
    const args = ['--task', 'delayed-xor', '--delay', '3', '--gains', '0.5,1.5', '--rules', 'bptt,eprop', '--seeds', '1', '--n', '16', '--iterations', '20', '--batch', '8'];
    const out = await runJson(['rnn', 'sweep', ...args, '--workers', '2']);
    const config = {
      base: { model: { n: 16, gain: 1, alpha: 0.2, activation: 'tanh' }, task: { kind: 'delayed-xor', delay: 3 }, iterations: 20, batchSize: 8, optimiser: { learningRate: 3e-3 }, flossing: { target: 0 } },
      gains: [0.5, 1.5], rules: ['bptt', 'eprop'], flossingSchedules: ['none'], seeds: 1, firstSeed: 1,
    } as RnnSweepConfig;
    const { entryId, ...summary } = out;
    expect(summary).toEqual(JSON.parse(JSON.stringify(runRnnSweep(config, silentContext(createRng(0))))));
    expect((summary.cells as unknown[]).length).toBe(4);
    expect((await history()).entries.find((e) => e.id === entryId)).toMatchObject({ kind: 'sweep', jobKind: 'rnn-sweep' });

    // Without --json: one table row per cell.
    const table = sweepCommand.format(summary as unknown as RnnSweepSummary);
    expect(table).toMatch(/^gain\s+rule\s+floss\s+final loss/);
    expect(table.split('\n').filter((l) => /^(0\.5|1\.5)\s+(bptt|eprop)\s+none\s+\d\.\d{4} ± 0\.0000/.test(l))).toHaveLength(4);
  });

  it('rejects bad arguments with a clear error and exit code 2, recording nothing', async () => {
    const before = (await history()).total;
    const cases: [string[], RegExp][] = [
      [['rnn', 'lyapunov', '--n', 'abc'], /--n must be an integer from 1 to 2000, got "abc"/],
      [['rnn', 'lyapunov', '--gain=-1'], /--gain must be a number from 0 to 20, got "-1"/],
      [['rnn', 'lyapunov', '--gain', '-1'], /--gain' argument is ambiguous/],
      [['rnn', 'lyapunov', '--n', '10', '--k', '11'], /--k \(11\) cannot exceed --n \(10\)/],
      [['rnn', 'lyapunov', '--activation', 'sigmoid'], /--activation must be one of tanh, relu, retanh/],
      [['rnn', 'train', '--rule', 'bptt'], /--task is required/],
      [['rnn', 'train', '--task', 'delayed-xor'], /--rule is required/],
      [['rnn', 'train', '--task', 'delayed-xor', '--rule', 'hebb'], /--rule must be one of bptt, eprop, eprop-random, rflo/],
      [['rnn', 'train', '--task', 'perceptual-decision', '--rule', 'bptt', '--delay', '3'], /--delay applies to delayed-xor, copy, streaming-xor, streaming-copy, not to perceptual-decision/],
      [['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--alpha', '0'], /--alpha must be a number in \(0, 1\]/],
      [['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--floss', 'always'], /--floss must be one of none, pre, inter, continuous/],
      [['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--driven-input-std', '0'], /--driven-input-std must be a positive number, got "0"/],
      [['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--precision', 'double'], /--precision must be one of float64, float32/],
      [['rnn', 'train', '--task', 'delayed-xor', '--rule', 'bptt', '--iterations=-5'], /--iterations must be an integer/],
      [['rnn', 'sweep', '--task', 'delayed-xor', '--gains', '1,,2'], /--gains must be a comma-separated list/],
      [['rnn', 'sweep', '--task', 'delayed-xor', '--gains', '1,x'], /--gains must be numbers from 0 to 20, got "x"/],
      [['rnn', 'sweep', '--task', 'delayed-xor', '--rules', 'bptt,bptt'], /--rules lists a value twice/],
      [['rnn', 'sweep', '--task', 'delayed-xor', '--seeds', '0'], /--seeds must be an integer from 1 to 1000/],
      [['rnn', 'lyapunov', '--colour'], /--colour/],
      [['rnn', 'fit'], /unknown rnn command "fit"/],
    ];
    for (const [args, message] of cases) {
      const io = capture();
      expect(await main([...args, '--db', db], io), args.join(' ')).toBe(2);
      expect(io.stdout).toBe('');
      expect(io.stderr).toMatch(message);
    }
    expect((await history()).total).toBe(before);
  });

  it('documents the options and the leak default in --help', async () => {
    const io = capture();
    expect(await main(['rnn', '--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/rnn lyapunov \[--n 200\] \[--gain 1.5\] \[--alpha 1\]/);
    expect(io.stdout).toMatch(/--alpha \(dt \/ tau\) defaults to 0.2/);
    expect(io.stdout).toMatch(/rnn sweep \[--preset gain-dependence\|flossing\|local-flossing\] \[--task TASK\] \[--gains 0.5,1,2,3\]/);
    expect(io.stdout).toMatch(/\[--rules bptt,eprop,eprop-random,rflo\]/);
  });

  it('runs from the installed bin in a fresh process: JSON only on stdout', () => {
    const bin = new URL('../../bin/plasticity-lab.mjs', import.meta.url).pathname;
    // cwd is the project: the pool's source workers load tsx with `--import tsx`, which resolves from the cwd.
    const ok = spawnSync(process.execPath, [bin, 'rnn', 'lyapunov', '--n', '20', '--steps', '100', '--warmup', '10', '--json', '--db', db], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(typeof JSON.parse(ok.stdout).lambdaMax).toBe('number');
  });
});
