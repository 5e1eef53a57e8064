import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { main } from '../../src-main/cli/main';
import { defaultDatabasePath } from '../../src-main/cli/paths';
import type { CliIo } from '../../src-main/cli/io';

const dir = mkdtempSync(join(tmpdir(), 'pl-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: '', stderr: '', out: (t: string) => { io.stdout += `${t}\n`; }, err: (t: string) => { io.stderr += `${t}\n`; } };
  return io;
}

describe('CLI', () => {
  it('prints help and version', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout).toMatch(/Usage: plasticity-lab <command>/);
    expect(io.stdout).toMatch(/history/);
    const v = capture();
    expect(await main(['--version'], v)).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('history list --json prints only JSON on stdout', async () => {
    const io = capture();
    expect(await main(['history', 'list', '--json', '--db', join(dir, 'a.sqlite')], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toEqual({ entries: [], total: 0 });
  });

  it('reports errors on stderr with a non-zero exit code', async () => {
    const io = capture();
    expect(await main(['history', 'show', 'no-such-id', '--db', join(dir, 'a.sqlite')], io)).not.toBe(0);
    expect(io.stdout).toBe('');
    expect(io.stderr).toMatch(/error: History entry no-such-id not found/);
    const unknown = capture();
    expect(await main(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const badFlag = capture();
    expect(await main(['history', 'list', '--colour'], badFlag)).toBe(2);
    expect(badFlag.stderr).toMatch(/--colour/);
    const bare = capture();
    expect(await main(['history', '--db', join(dir, 'a.sqlite')], bare)).toBe(2);
    expect(bare.stderr).toMatch(/^error: history needs a command \(list, show, delete, restore, \.\.\.\)/);
  });

  it('defaults to the desktop app\'s database, overridable by PLASTICITY_LAB_DB', () => {
    expect(defaultDatabasePath({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/plasticity-lab/history.sqlite');
    expect(defaultDatabasePath({ PLASTICITY_LAB_DB: '/x/y.sqlite' }, 'linux')).toBe('/x/y.sqlite');
  });

  it('runs as `plasticity-lab` from the installed bin, in a fresh process', () => {
    const bin = new URL('../../bin/plasticity-lab.mjs', import.meta.url).pathname;
    const out = execFileSync(process.execPath, [bin, 'history', 'list', '--json', '--db', join(dir, 'b.sqlite')], { cwd: tmpdir(), encoding: 'utf8' });
    expect(JSON.parse(out).total).toBe(0);
    const failed = spawnSync(process.execPath, [bin, 'history', 'nope'], { encoding: 'utf8', env: { ...process.env, PLASTICITY_LAB_DB: join(dir, 'c.sqlite') } });
    expect(failed.status).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toMatch(/unknown history command "nope"/);
  });
});
