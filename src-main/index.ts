// Electron main process: app lifecycle only. Everything behind the API lives in app-context.ts.
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_EVENT_CHANNEL } from '@core/contract/api';
import { createAppContext, type AppContext } from './app-context';
import { createFrameCheck, registerIpc } from './ipc/register';
import { createMainWindow, defaultWindowPaths } from './window/main-window';
import { hardenSession } from './window/security';
import { serveAppRequest } from './window/app-protocol';
import { APP_SCHEME } from './window/origins';
import { contentSecurityPolicy } from './csp';

const mainDir = dirname(fileURLToPath(import.meta.url));
let context: AppContext | null = null;

app.enableSandbox();
// The renderer is served from app:// (not file://): a standard, secure scheme with an origin of its own, whose
// responses carry the CSP header. It must be declared before the app is ready.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  void app.whenReady().then(start);
}

function start(): void {
  const paths = defaultWindowPaths(mainDir);
  try {
    context = createAppContext({
      databasePath: join(app.getPath('userData'), 'history.sqlite'),
      versions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
    });
  } catch (error) {
    // A database from a newer app version, or one that cannot be opened: say so and leave it untouched.
    dialog.showErrorBox('Plasticity Lab cannot open its history', error instanceof Error ? error.message : String(error));
    app.quit();
    return;
  }
  hardenSession(session.defaultSession, paths.devServerUrl);
  const csp = contentSecurityPolicy();
  session.defaultSession.protocol.handle(APP_SCHEME, (request) => serveAppRequest(request, paths.rendererDir, csp));
  registerIpc(ipcMain, context.handlers, createFrameCheck(paths.devServerUrl));
  context.subscribe((message) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT_CHANNEL, message);
  });
  createMainWindow(paths);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(paths);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void context?.close();
});
