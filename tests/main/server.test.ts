import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { startLoopbackServer, type LoopbackServer } from '../../src-main/server/loopback';
import { fromWire, toWire } from '../../src-core/contract/wire';

let dir: string;
let context: AppContext;
let server: LoopbackServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pl-server-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>test page</title>');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer folder');
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 1 });
  server = await startLoopbackServer({ context, rendererDir: renderer });
});
afterAll(async () => {
  await server.close();
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw HTTP request with full control over Host and Origin (fetch would not let us forge them). */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
const bearer = () => ({ Authorization: `Bearer ${server.token}` });

describe('loopback server', () => {
  it('listens on 127.0.0.1 only, on a random port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('refuses requests without the token (401), for pages, calls and sockets', async () => {
    expect((await raw('/')).status).toBe(401);
    expect((await raw('/api/getAppInfo', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await raw('/?token=wrong')).status).toBe(401);
    await expect(openSocket({})).rejects.toThrow(/401/);
  });

  it('refuses a foreign Origin or Host with 403, even with the token', async () => {
    const foreign = await raw('/api/getAppInfo', { method: 'POST', headers: { ...bearer(), Origin: 'http://evil.example' }, body: '{}' });
    expect(foreign.status).toBe(403);
    const rebinding = await raw('/api/getAppInfo', { method: 'POST', headers: { ...bearer(), Host: `attacker.example:${server.port}` }, body: '{}' });
    expect(rebinding.status).toBe(403);
    await expect(openSocket({ Origin: 'http://evil.example', Cookie: `plasticity_token=${server.token}` })).rejects.toThrow(/403/);
  });

  it('serves the page with the token, sets an HttpOnly cookie and a strict CSP', async () => {
    const page = await raw(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('test page');
    expect(String(page.headers['set-cookie'])).toMatch(/plasticity_token=.*HttpOnly; SameSite=Strict/);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    const withCookie = await raw('/index.html', { headers: { Cookie: `plasticity_token=${server.token}` } });
    expect(withCookie.status).toBe(200);
  });

  it('never serves files outside the renderer folder', async () => {
    const escape = await raw('/../secret.txt', { headers: bearer() });
    expect(escape.body).not.toContain('outside the renderer folder');
    const encoded = await raw('/%2e%2e/secret.txt', { headers: bearer() });
    expect(encoded.body).not.toContain('outside the renderer folder');
  });

  it('dispatches calls to the same handlers and names invalid fields (400)', async () => {
    const ok = await raw('/api/getAppInfo', { method: 'POST', headers: { ...bearer(), Origin: `http://127.0.0.1:${server.port}` }, body: '{}' });
    expect(ok.status).toBe(200);
    const info = fromWire(ok.body) as { ok: true; value: { name: string; databasePath: string } };
    expect(info.value.name).toBe('plasticity-lab');
    expect(info.value.databasePath).toBe(context.databasePath);

    const bad = await raw('/api/startJob', {
      method: 'POST', headers: bearer(),
      body: toWire({ kind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 100, mu: 0, sigma: -1 }, resamples: 5 } }),
    });
    expect(bad.status).toBe(400);
    const envelope = fromWire(bad.body) as { ok: false; error: { code: string; message: string; issues: { path: string }[] } };
    expect(envelope.error.code).toBe('invalid-input');
    expect(envelope.error.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['config.source.sigma', 'config.resamples']));
    expect(envelope.error.message).toContain('config.source.sigma');

    const unknown = await raw('/api/dropAllTables', { method: 'POST', headers: bearer(), body: '{}' });
    expect(unknown.status).toBe(404);
  });

  it('pushes job events over the WebSocket', async () => {
    const ws = await openSocket({ Cookie: `plasticity_token=${server.token}`, Origin: `http://127.0.0.1:${server.port}` });
    const finished = new Promise<unknown>((resolve) => {
      ws.on('message', (data) => {
        const message = fromWire(String(data)) as { event: string; payload: unknown };
        if (message.event === 'jobFinished') resolve(message.payload);
      });
    });
    const start = await raw('/api/startJob', {
      method: 'POST', headers: bearer(),
      body: toWire({ kind: 'lognormal-bootstrap', config: { source: { type: 'synthetic', n: 100, mu: 0, sigma: 1 }, resamples: 50 }, seed: 5 }),
    });
    const { value } = fromWire(start.body) as { value: { jobId: string } };
    expect(await finished).toMatchObject({ jobId: value.jobId, status: 'done' });
    ws.close();
  });
});

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
