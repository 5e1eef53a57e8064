import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../csp';

/**
/**
 * The one permission granted: writing text to the clipboard (sanitized, on a click), so result tables can be copied
 * into a spreadsheet. Reading the clipboard, media, notifications and everything else stay refused.
 */
export const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

/**
 * Session-wide: CSP header on every response (the dev server's; app:// responses carry it themselves), and every
 * permission request refused but ALLOWED_PERMISSIONS.
 */
export function hardenSession(session: Session, devServerUrl?: string): void {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  const csp = contentSecurityPolicy(dev ? { extraOrigins: [dev.origin], connect: [`ws://${dev.host}`] } : {});
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_webContents, permission, callback) => callback(ALLOWED_PERMISSIONS.includes(permission)));
  session.setPermissionCheckHandler((_webContents, permission) => ALLOWED_PERMISSIONS.includes(permission));
}

/** Per window: no navigation away from the app, no new windows (links open nowhere, not in the app). */
export function lockNavigation(contents: WebContents, isOwnUrl: (url: string) => boolean): void {
  contents.on('will-navigate', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isOwnUrl(url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
