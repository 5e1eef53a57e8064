import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { dispatch, isCallName } from '@core/contract/dispatch';
import { errorData, type Envelope } from '@core/contract/envelope';
import { toWire } from '@core/contract/wire';
import { fromWireBytes } from '@core/contract/wire-bytes';
import type { AppContext } from '../app-context';
import { contentSecurityPolicy } from '../csp';
import { checkOrigin, presentedToken, tokenCookie, tokenMatches } from './guards';
import { BodyError, readBody } from './body';
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

export interface LoopbackOptions {
  context: AppContext;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest request body (default body.ts's MAX_BODY_BYTES; tests lower it). */
  maxBodyBytes?: number;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** HTTP status of an API answer: what went wrong decides, the envelope says it in words. */
function statusOf(envelope: Envelope): number {
  if (envelope.ok) return 200;
  const byCode: Record<string, number> = { 'invalid-input': 400, 'not-found': 404, 'unknown-call': 404, conflict: 409, forbidden: 403 };
  return byCode[envelope.error.code] ?? 422;
}

export async function startLoopbackServer(options: LoopbackOptions): Promise<LoopbackServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  let port = 0;

  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, TEXT, `Internal error: ${String(error)}`);
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = requestUrl(request);
    if (!url) return send(response, 400, TEXT, 'Bad request: the path is not a valid URL.');
    const refusal = checkOrigin(request, port);
    if (refusal) return send(response, 403, TEXT, `Forbidden: ${refusal}`);
    if (!tokenMatches(presentedToken(request, url, port), token)) {
      return send(response, 401, TEXT, 'Unauthorized: open the URL with the token that `plasticity-lab serve` printed.');
    }
    if (url.pathname.startsWith('/api/')) return answerCall(request, response, url.pathname.slice('/api/'.length));
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, TEXT, 'Method not allowed');
    const file = await readStatic(options.rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (file === 'bad-path') return send(response, 400, TEXT, 'Bad request: the path is not valid percent-encoding.');
    if (!file) return send(response, 404, TEXT, 'Not found');
    const headers: Record<string, string> = {};
    // The first page load carries the token in the query; from then on the browser sends it as a cookie that no
    // script can read and no other site can send, named for this port (cookies ignore ports: another loopback
    // server's cookie must not be sent here, nor ours there).
    if (url.searchParams.has('token')) headers['Set-Cookie'] = `${tokenCookie(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    if (file.type.startsWith('text/html')) headers['Content-Security-Policy'] = contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`] });
    send(response, 200, file.type, file.body, headers);
  }

  /** POST /api/<call>: the body (within the limit) decoded from the wire format, then the same dispatch as IPC. */
  async function answerCall(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    const answer = (envelope: Envelope, headers: Record<string, string> = {}) => send(response, statusOf(envelope), JSON_TYPE, toWire(envelope), headers);
    if (request.method !== 'POST') return send(response, 405, TEXT, 'Use POST for API calls.');
    if (!isCallName(name)) {
      request.resume();
      return answer({ ok: false, error: { code: 'unknown-call', message: `Unknown call "${name}"` } });
    }
    // A client that goes away before its answer aborts the call (an import preview stops its worker).
    const controller = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    let input: unknown;
    try {
      const body = await readBody(request, options.maxBodyBytes);
      input = body.length ? fromWireBytes(body) : {};
    } catch (error) {
      const message = error instanceof BodyError ? error.message : `The request body is not valid JSON of this API: ${(error as Error).message}`;
      const envelope: Envelope = { ok: false, error: { code: 'invalid-input', message } };
      return send(response, error instanceof BodyError ? error.status : 400, JSON_TYPE, toWire(envelope), { Connection: 'close' });
    }
    let envelope: Envelope;
    try {
      envelope = { ok: true, value: await dispatch(options.context.handlers, name, input, { signal: controller.signal }) };
    } catch (error) {
      envelope = { ok: false, error: errorData(error) };
    }
    answer(envelope);
  }

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const url = requestUrl(request);
    const refusal = url ? checkOrigin(request, port) : 'bad URL';
    const status = !url ? '400 Bad Request' : refusal ? '403 Forbidden' : !tokenMatches(presentedToken(request, url, port), token) ? '401 Unauthorized' : url.pathname !== '/events' ? '404 Not Found' : null;
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

/** The request's URL, or null when the request line holds something no URL parser accepts. */
function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}
