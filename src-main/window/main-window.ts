import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_INDEX_URL, isOwnPageUrl } from './origins';
import { lockNavigation } from './security';

export interface WindowPaths {
  preload: string;
  /** The built renderer folder, served as app://renderer/ (app-protocol.ts). */
  rendererDir: string;
  devServerUrl?: string;
}

/** The app window with Electron's security settings on: isolated, sandboxed, no Node in the page. */
export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Plasticity Lab',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  lockNavigation(window.webContents, (url) => isOwnPageUrl(url, paths.devServerUrl));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(paths.devServerUrl ?? APP_INDEX_URL);
  return window;
}

export function defaultWindowPaths(mainDir: string): WindowPaths {
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    rendererDir: join(mainDir, '../renderer'),
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  };
}
