import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ensureElectron, ensureElectronCommand, gistOf, installedExecutable, runElectronInstaller } from '../../src-main/launch/electron-binary';

/** `npm start`'s first step against fake node_modules/electron folders: present, downloaded, impossible to download. */
const root = mkdtempSync(join(tmpdir(), 'pl-electron-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;

/** A fake electron package: package.json, and optionally the binary with its path.txt, and an install.js. */
function fakeElectron(options: { binary?: boolean; installScript?: string } = {}): string {
  const dir = join(root, `electron-${++count}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  if (options.binary) placeBinary(dir);
  if (options.installScript) writeFileSync(join(dir, 'install.js'), options.installScript);
  return dir;
}
function placeBinary(dir: string): void {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'dist', 'electron'), '#!/bin/sh\n');
  chmodSync(join(dir, 'dist', 'electron'), 0o755);
  writeFileSync(join(dir, 'path.txt'), 'electron');
}

const OFFLINE_OUTPUT = `TypeError: fetch failed
    at node:internal/deps/undici/undici:15456:13
    at async FetchDownloader.download (file:///x/node_modules/@electron/get/dist/FetchDownloader.js:46:30)
    at async downloadArtifact (file:///x/node_modules/@electron/get/dist/index.js:154:12)`;

const noEnv = {} as NodeJS.ProcessEnv;

describe('the Electron binary before npm start launches', () => {
  it('launches at once when the binary is there, without downloading', () => {
    const dir = fakeElectron({ binary: true });
    const result = ensureElectron({ electronDir: dir, env: noEnv, download: () => { throw new Error('must not download'); } });
    expect(result).toEqual({ status: 'present', executable: join(dir, 'dist', 'electron') });
  });

  it('downloads a missing binary with the installer, then launches', () => {
    const dir = fakeElectron();
    const logged: string[] = [];
    const result = ensureElectron({
      electronDir: dir, env: noEnv, log: (l) => logged.push(l),
      download: (electronDir) => { placeBinary(electronDir); return { ok: true, output: '' }; },
    });
    expect(result).toEqual({ status: 'installed', executable: join(dir, 'dist', 'electron') });
    expect(logged[0]).toMatch(/^Downloading the Electron 45\.4\.1 binary/);
  });

  it('a path.txt whose binary is gone counts as missing (a half-deleted dist)', () => {
    const dir = fakeElectron();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(installedExecutable(dir, noEnv)).toBeNull();
  });

  it('without network: a short message naming npm run serve, no stack trace', () => {
    const dir = fakeElectron();
    const result = ensureElectron({ electronDir: dir, env: noEnv, download: () => ({ ok: false, output: OFFLINE_OUTPUT }) });
    expect(result.status).toBe('unavailable');
    const message = (result as { message: string }).message;
    expect(message).toContain('could not be downloaded: there is no network connection');
    expect(message).toContain('npm run serve');
    expect(message).not.toMatch(/^\s*at /m);
    expect(message.split('\n').length).toBeLessThanOrEqual(8);
  });

  it('another failure is named by its first line, also without a stack trace', () => {
    const dir = fakeElectron();
    const result = ensureElectron({ electronDir: dir, env: noEnv, download: () => ({ ok: false, output: 'Error: checksum mismatch for electron-v45.4.1-linux-x64.zip\n    at verify (x.js:1:1)' }) });
    const message = (result as { message: string }).message;
    expect(message).toContain('its download failed: Error: checksum mismatch for electron-v45.4.1-linux-x64.zip');
    expect(message).toContain('npm run serve');
    expect(message).not.toMatch(/^\s*at /m);
  });

  it('a download that says ok but leaves no binary is a failure too', () => {
    const dir = fakeElectron();
    expect(ensureElectron({ electronDir: dir, env: noEnv, download: () => ({ ok: true, output: '' }) }).status).toBe('unavailable');
  });

  it('respects ELECTRON_SKIP_BINARY_DOWNLOAD (CI sets it): no download is tried', () => {
    const dir = fakeElectron();
    const result = ensureElectron({
      electronDir: dir, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } as NodeJS.ProcessEnv, download: () => { throw new Error('must not download'); },
    });
    expect((result as { message: string }).message).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set[\s\S]*npm run serve/);
  });

  it('says so when the electron package itself is missing', () => {
    const result = ensureElectron({ electronDir: join(root, 'nowhere'), env: noEnv });
    expect((result as { message: string }).message).toMatch(/electron package itself is missing[\s\S]*npm run serve/);
  });

  it('runs the package\'s own install.js in a child process and captures what it prints', () => {
    const failing = fakeElectron({ installScript: `console.error(${JSON.stringify(OFFLINE_OUTPUT)}); process.exit(1);` });
    const outcome = runElectronInstaller(failing);
    expect(outcome.ok).toBe(false);
    expect(outcome.output).toContain('TypeError: fetch failed');
    const working = fakeElectron({
      installScript: "const fs = require('fs'); fs.mkdirSync('dist'); fs.writeFileSync('dist/electron', ''); fs.writeFileSync('path.txt', 'electron');",
    });
    expect(runElectronInstaller(working).ok).toBe(true);
    expect(installedExecutable(working, noEnv)).toBe(join(working, 'dist', 'electron'));
  });

  it('as a command: exit 1 with the message on stderr, exit 0 when the binary is there', () => {
    const lines = { out: [] as string[], err: [] as string[] };
    const io = { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) };
    const offline = fakeElectron({ installScript: `console.error(${JSON.stringify(OFFLINE_OUTPUT)}); process.exit(1);` });
    expect(ensureElectronCommand(offline, io, noEnv)).toBe(1);
    expect(lines.err.join('\n')).toContain('npm run serve');
    expect(ensureElectronCommand(fakeElectron({ binary: true }), io, noEnv)).toBe(0);
  });

  it('keeps the gist of the installer output to one line', () => {
    expect(gistOf(OFFLINE_OUTPUT)).toBe('TypeError: fetch failed');
    expect(gistOf('\n\n    at x\n')).toBe('');
  });

  it('the npm script runs this step before electron-vite (a real process, as npm start does)', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe('node scripts/ensure-electron.mjs && electron-vite build && electron-vite preview');
    expect(scripts.dev).toMatch(/^node scripts\/ensure-electron\.mjs && /);
    // The step alone, against this checkout, with downloads switched off as on CI: it must end in the short message.
    const run = spawnSync(process.execPath, ['scripts/ensure-electron.mjs'], { encoding: 'utf8', env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } });
    if (installedExecutable('node_modules/electron')) {
      expect(run.status).toBe(0);
    } else {
      expect(run.status).toBe(1);
      expect(run.stderr).toContain('npm run serve');
      expect(run.stderr).not.toMatch(/^\s*at /m);
    }
  });
});
