import type { Session, WebContents } from 'electron';
import { contentSecurityPolicy } from '../csp';

/** Session-wide: CSP header on every response, and every permission request refused. */
export function hardenSession(session: Session, devServerUrl?: string): void {
  const dev = devServerUrl ? new URL(devServerUrl) : null;
  const csp = contentSecurityPolicy(dev ? { extraOrigins: [dev.origin], connect: [`ws://${dev.host}`] } : {});
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
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
