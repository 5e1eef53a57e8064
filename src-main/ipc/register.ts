import type { IpcMain, WebFrameMain } from 'electron';
import { callNames, ipcChannel, type ApiHandlers } from '@core/contract/api';
import { dispatch } from '@core/contract/dispatch';
import { errorData, type Envelope } from '@core/contract/envelope';
import { ApiError } from '@core/contract/errors';

/**
 * Registers every call of the contract on ipcMain, one channel per call. Before any handler runs, the sender frame
 * must be our own page (main frame, our origin) and the input must satisfy the call's schema.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: ApiHandlers,
  isTrustedFrame: (frame: Pick<WebFrameMain, 'url' | 'parent'> | null) => boolean,
): void {
  for (const name of callNames) {
    ipcMain.handle(ipcChannel(name), async (event, input: unknown): Promise<Envelope> => {
      try {
        if (!isTrustedFrame(event.senderFrame)) {
          throw new ApiError({ code: 'forbidden', message: `Call ${name} refused: it did not come from the app's own page.` });
        }
        return { ok: true, value: await dispatch(handlers, name, input) };
      } catch (error) {
        return { ok: false, error: errorData(error) };
      }
    });
  }
}

/**
 * A frame is trusted when it is a top-level frame showing the app's own page: the built file in production, the
 * electron-vite dev server in development.
 */
export function createFrameCheck(rendererIndexPath: string, devServerUrl: string | undefined) {
  const fileUrl = new URL(`file://${rendererIndexPath}`).href;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (frame: Pick<WebFrameMain, 'url' | 'parent'> | null): boolean => {
    if (!frame || frame.parent) return false;
    let url: URL;
    try {
      url = new URL(frame.url);
    } catch {
      return false;
    }
    if (url.protocol === 'file:') return url.href.split(/[?#]/)[0] === fileUrl;
    return devOrigin !== null && url.origin === devOrigin;
  };
}
