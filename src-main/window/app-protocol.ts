import { readStatic } from '../server/static-files';
import { APP_HOST } from './origins';

/**
 * The renderer served to the Electron window from the privileged app:// scheme (protocol.handle in index.ts) instead
 * of file://: responses carry the Content-Security-Policy header (file:// pages get no headers at all), the page has
 * an origin of its own (no file:// privileges over the disk), and only files inside the built renderer folder are
 * served. A plain Request -> Response function, so it is tested in Node without Electron.
 */
export async function serveAppRequest(request: Request, rendererDir: string, csp: string): Promise<Response> {
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'text/plain; charset=utf-8' };
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response('Method not allowed', { status: 405, headers });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return new Response('Bad request', { status: 400, headers });
  }
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404, headers });
  const file = await readStatic(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
  if (file === 'bad-path') return new Response('Bad request: the path is not valid percent-encoding.', { status: 400, headers });
  if (!file) return new Response('Not found', { status: 404, headers });
  const body = request.method === 'HEAD' ? null : new Uint8Array(file.body.buffer, file.body.byteOffset, file.body.byteLength);
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': file.type, 'Content-Security-Policy': csp } });
}
