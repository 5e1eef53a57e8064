import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may talk to the loopback server: requests addressed to the loopback host we serve (a DNS-rebinding page has
 * another Host), from our own origin if a browser says where it comes from (another local web page has another
 * Origin), carrying the session token (in the query of the first page load only, then an HttpOnly cookie, or a
 * Bearer header for scripts).
 */

/** The token cookie's name for one port: cookies ignore ports, so each server has its own name on 127.0.0.1. */
export function tokenCookie(port: number): string {
  return `plasticity_token_${port}`;
}

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function checkOrigin(request: IncomingMessage, port: number): string | null {
  const hosts = allowedHosts(port);
  const host = request.headers.host ?? '';
  if (!hosts.has(host)) return `Host "${host}" is not this server's loopback address`;
  const origin = request.headers.origin;
  if (origin !== undefined && !(origin.startsWith('http://') && hosts.has(origin.slice('http://'.length)))) {
    return `Origin "${origin}" may not use this server`;
  }
  return null;
}

/**
 * The token a request carries. The query (`/?token=`, the URL `serve` prints) counts only for loading the page
 * (GET / or HEAD /), which exchanges it for the cookie; on API calls, assets and the socket a token in the URL would
 * end up in logs and histories, so there it is not accepted.
 */
export function presentedToken(request: IncomingMessage, url: URL, port: number): string | null {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  if (url.pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
    const query = url.searchParams.get('token');
    if (query) return query;
  }
  const name = tokenCookie(port);
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(value.join('='));
    } catch {
      return null;
    }
  }
  return null;
}

export function tokenMatches(presented: string | null, expected: string): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
