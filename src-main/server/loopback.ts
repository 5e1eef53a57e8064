import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch } from '@core/contract/dispatch';
import { errorData, type Envelope } from '@core/contract/envelope';
import { fromWire, toWire } from '@core/contract/wire';
import type { AppContext } from '../app-context';
import { contentSecurityPolicy } from '../csp';
import { TOKEN_COOKIE, checkOrigin, presentedToken, tokenMatches } from './guards';
import { readStatic } from './static-files';

/**
 * The second transport: the same API over HTTP (POST /api/<call>) and WebSocket events (/events), bound to 127.0.0.1
 * only, serving the built renderer, every request checked by guards.ts. It lets the whole app run in a browser
 * (end-to-end tests, headless lab workstations).
 */
export interface LoopbackServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024 * 1024;

export async function startLoopbackServer(options: { context: AppContext; rendererDir: string; port?: number; token?: string }): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', `Internal error: ${String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal = checkOrigin(request, port);
    if (refusal) return send(response, 403, 'text/plain; charset=utf-8', `Forbidden: ${refusal}`);
    const presented = presentedToken(request, url);
    if (!tokenMatches(presented, token)) {
      return send(response, 401, 'text/plain; charset=utf-8', 'Unauthorized: open the URL with the token that `plasticity-lab serve` printed.');
    }
    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') return send(response, 405, 'text/plain; charset=utf-8', 'Use POST for API calls.');
      const name = url.pathname.slice('/api/'.length);
      // A client that goes away before its answer aborts the call (an import preview stops its worker).
      const controller = new AbortController();
      response.once('close', () => {
        if (!response.writableFinished) controller.abort();
      });
      let envelope: Envelope;
      try {
        const body = await readBody(request);
        envelope = { ok: true, value: await dispatch(options.context.handlers, name, body.length ? fromWire(body) : {}, { signal: controller.signal }) };
      } catch (error) {
        envelope = { ok: false, error: errorData(error) };
      }
      const status = envelope.ok ? 200 : envelope.error.code === 'invalid-input' ? 400 : envelope.error.code === 'not-found' ? 404 : envelope.error.code === 'unknown-call' ? 404 : 422;
      return send(response, status, 'application/json; charset=utf-8', toWire(envelope));
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    const file = await readStatic(options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return send(response, 404, 'text/plain; charset=utf-8', 'Not found');
    const headers: Record<string, string> = {};
    // The first page load carries the token in the query; from then on the browser sends it as a cookie that no
    // script can read and no other site can send.
    if (url.searchParams.has('token')) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    if (file.type.startsWith('text/html')) headers['Content-Security-Policy'] = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
    send(response, 200, file.type, file.body, headers);
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const refusal = checkOrigin(request, port);
    const status = refusal ? '403 Forbidden' : !tokenMatches(presentedToken(request, url), token) ? '401 Unauthorized' : url.pathname !== '/events' ? '404 Not Found' : null;
    if (status) {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });
  const unsubscribe = options.context.subscribe((message) => {
    const text = toWire(message);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`Request body larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
