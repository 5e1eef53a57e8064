/**
 * Which URLs are the app's own page: the renderer served from the privileged app:// scheme (app-protocol.ts) in the
 * packaged app, or the electron-vite dev server in development. Compared as parsed URLs (scheme, host and port),
 * never as string prefixes: `http://localhost:5173.evil.example` starts with `http://localhost:5173` but is not it.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for app://renderer/... (the only host the app scheme serves). */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** True when `url` is the app's page: app:// in production, the dev server's exact origin in development. */
export function isOwnPageUrl(url: string, devServerUrl?: string): boolean {
  if (!devServerUrl) return isAppUrl(url);
  const page = parse(url);
  const dev = parse(devServerUrl);
  return page !== null && dev !== null && (page.protocol === 'http:' || page.protocol === 'https:') && page.origin === dev.origin
    && page.username === '' && page.password === '';
}
