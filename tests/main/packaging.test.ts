import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveAppRequest } from '../../src-main/window/app-protocol';
import { APP_INDEX_URL, isAppUrl, isOwnPageUrl } from '../../src-main/window/origins';
import { META_CSP, contentSecurityPolicy, withCspMeta } from '../../src-main/csp';

/**
 * The packaged window's security that can be checked without Electron (its binary cannot be downloaded here): the
 * fuses in the packaging config, the app:// handler's request -> response function, the origin checks the window and
 * the IPC frame check use, and the CSP <meta> the build writes into index.html (issue 15).
 */
const require = createRequire(import.meta.url);

describe('packaging config (electron-builder)', () => {
  it('flips the fuses of the Electron security checklist', () => {
    const config = require('../../electron-builder.config.cjs') as { asar: boolean; electronFuses: Record<string, boolean>; files: string[] };
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // onlyLoadAppFromAsar and the integrity check need the app in an asar archive.
    expect(config.asar).toBe(true);
    expect(config.files).toContain('out/**');
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toMatch(/electron-builder@[\d.]+ --config electron-builder\.config\.cjs$/);
  });
});

describe('the app:// scheme that serves the renderer to the window', () => {
  let dir: string;
  let renderer: string;
  const csp = contentSecurityPolicy();
  const get = (url: string, method = 'GET') => serveAppRequest(new Request(url, { method }), renderer, csp);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pl-app-protocol-'));
    renderer = join(dir, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(renderer, 'assets', 'main.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the page and its files with the CSP header and nosniff', async () => {
    const page = await get(APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(csp);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>app</title>');
    expect((await get('app://renderer/')).status).toBe(200);
    const script = await get('app://renderer/assets/main.js');
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it('serves nothing outside the renderer folder, no other host, no other method, no broken path', async () => {
    for (const url of ['app://renderer/../secret.txt', 'app://renderer/%2e%2e/secret.txt', 'app://renderer/..%2fsecret.txt', 'app://renderer/missing.js']) {
      const answer = await get(url);
      expect([url, answer.status]).toEqual([url, 404]);
      expect(await answer.text()).not.toContain('outside the renderer folder');
    }
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get(APP_INDEX_URL, 'POST')).status).toBe(405);
    expect((await get('app://renderer/%')).status).toBe(400);
  });
});

describe('the app\'s own page', () => {
  it('is app://renderer in the packaged app, and exactly the dev server\'s origin in development', () => {
    expect(isOwnPageUrl('app://renderer/index.html#/fit')).toBe(true);
    for (const url of ['app://renderer.evil/index.html', 'app://evil/index.html', 'file:///opt/app/out/renderer/index.html', 'http://localhost:5173/', 'app://x@renderer/']) {
      expect([url, isOwnPageUrl(url)]).toEqual([url, false]);
    }
    const dev = 'http://localhost:5173';
    expect(isOwnPageUrl('http://localhost:5173/#/history', dev)).toBe(true);
    // What a prefix comparison (startsWith) let through:
    for (const url of ['http://localhost:5173.evil.example/', 'http://localhost:51730/', 'http://localhost:5173@evil.example/', 'https://localhost:5173/', 'app://renderer/index.html']) {
      expect([url, isOwnPageUrl(url, dev)]).toEqual([url, false]);
    }
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('the CSP <meta> of the built index.html', () => {
  it('goes first into <head>: only own scripts, no eval, no remote content, no frame-ancestors (ignored in a meta)', () => {
    const source = readFileSync(new URL('../../src-renderer/index.html', import.meta.url), 'utf8');
    const built = withCspMeta(source);
    expect(built).toMatch(/<head>\s*<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; /);
    expect(META_CSP).toContain("object-src 'none'");
    expect(META_CSP).toContain('connect-src \'self\' ws://127.0.0.1:* ws://localhost:*');
    expect(META_CSP).not.toMatch(/frame-ancestors|unsafe-eval/);
    expect(() => withCspMeta('<html><body></body></html>')).toThrow(/no <head>/);
  });
});
