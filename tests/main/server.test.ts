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
const cookie = () => `plasticity_token_${server.port}=${server.token}`;

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
    await expect(openSocket({ Origin: 'http://evil.example', Cookie: cookie() })).rejects.toThrow(/403/);
  });

  it('serves the page with the token, sets an HttpOnly cookie and a strict CSP', async () => {
    const page = await raw(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('test page');
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^plasticity_token_${server.port}=.*HttpOnly; SameSite=Strict`));
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    const withCookie = await raw('/index.html', { headers: { Cookie: cookie() } });
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
    const ws = await openSocket({ Cookie: cookie(), Origin: `http://127.0.0.1:${server.port}` });
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

describe('HTTP edges (issue 15)', () => {
  it('answers a body that is not this API\'s JSON with 400, naming the problem', async () => {
    const post = (body: string) => raw('/api/getAppInfo', { method: 'POST', headers: bearer(), body });
    for (const body of ['{"unclosed": ', '{"x": {"$typed": "Float64Array", "b64": "AAAA"}}', '{"x": {"$typed": "Function", "b64": ""}}']) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(fromWire(answer.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/^The request body is not valid JSON of this API/) } });
    }
  });

  it('answers a path that is not valid percent-encoding with 400, not 500', async () => {
    for (const path of ['/%', '/%E0%A4%A', '/assets/%zz.js']) {
      const answer = await raw(path, { headers: bearer() });
      expect([path, answer.status]).toEqual([path, 400]);
    }
  });

  it('refuses a body over the limit with 413: at once from its Content-Length, or when a chunked body passes it', async () => {
    const small = await startLoopbackServer({ context, rendererDir: join(dir, 'renderer'), maxBodyBytes: 64 * 1024 });
    try {
      const send = (headers: Record<string, string>, chunks: Buffer[]) => new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: small.port, path: '/api/getAppInfo', method: 'POST', headers: { Authorization: `Bearer ${small.token}`, ...headers } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
        });
        req.on('error', reject);
        for (const chunk of chunks) req.write(chunk);
        // With a declared length far beyond what is sent, the answer must come before the body does.
        if (headers['Content-Length'] === undefined) req.end();
      });
      const declared = await send({ 'Content-Length': String(250 * 1024 * 1024) }, [Buffer.from('{"pad":"')]);
      expect(declared.status).toBe(413);
      expect(fromWire(declared.body)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^The request is larger than/) } });
      const chunked = await send({ 'Transfer-Encoding': 'chunked' }, Array.from({ length: 20 }, () => Buffer.alloc(8 * 1024, 0x61)));
      expect(chunked.status).toBe(413);
      const fits = await send({ 'Transfer-Encoding': 'chunked' }, [Buffer.from('{}')]);
      expect(fits.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('names its cookie for its port and takes the token from the URL only when the page is loaded', async () => {
    const page = await raw(`/?token=${server.token}`);
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^plasticity_token_${server.port}=`));
    // Another loopback server's cookie (another port, or the old unported name) opens nothing here.
    expect((await raw('/index.html', { headers: { Cookie: `plasticity_token_${server.port + 1}=${server.token}` } })).status).toBe(401);
    expect((await raw('/index.html', { headers: { Cookie: `plasticity_token=${server.token}` } })).status).toBe(401);
    // ?token= on anything but the page load is refused.
    expect((await raw(`/api/getAppInfo?token=${server.token}`, { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await raw(`/index.html?token=${server.token}`)).status).toBe(401);
    await expect(openSocket({ Origin: `http://127.0.0.1:${server.port}` }, `?token=${server.token}`)).rejects.toThrow(/401/);
    expect((await raw('/index.html', { headers: { Cookie: cookie() } })).status).toBe(200);
  });
});

function openSocket(headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
