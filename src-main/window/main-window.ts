import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { lockNavigation } from './security';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
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
  const ownUrl = (url: string) =>
    paths.devServerUrl ? url.startsWith(paths.devServerUrl) : url.split(/[?#]/)[0] === new URL(`file://${paths.rendererIndex}`).href;
  lockNavigation(window.webContents, ownUrl);
  window.once('ready-to-show', () => window.show());
  if (paths.devServerUrl) void window.loadURL(paths.devServerUrl);
  else void window.loadFile(paths.rendererIndex);
  return window;
}

export function defaultWindowPaths(mainDir: string): WindowPaths {
  return {
    preload: join(mainDir, '../preload/index.cjs'),
    rendererIndex: join(mainDir, '../renderer/index.html'),
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
  };
}
