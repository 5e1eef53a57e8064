import type { IpcMain, WebFrameMain } from 'electron';
import { callNames, ipcChannel, type ApiHandlers } from '@core/contract/api';
import { dispatch } from '@core/contract/dispatch';
import { errorData, type Envelope } from '@core/contract/envelope';
import { ApiError } from '@core/contract/errors';
import { isOwnPageUrl } from '../window/origins';

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
      const controller = new AbortController();
      const unwatch = watchSender(event.sender as SenderEvents | undefined, () => controller.abort());
      try {
        if (!isTrustedFrame(event.senderFrame)) {
          throw new ApiError({ code: 'forbidden', message: `Call ${name} refused: it did not come from the app's own page.` });
        }
        return { ok: true, value: await dispatch(handlers, name, input, { signal: controller.signal }) };
      } catch (error) {
        return { ok: false, error: errorData(error) };
      } finally {
        unwatch();
      }
    });
  }
}

/** The part of WebContents a call watches: its page going away. */
export interface SenderEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * Calls `abort` when the page that made a call can no longer receive its answer: the window closed (destroyed), its
 * renderer crashed, or it loaded another document (a reload; moves between the app's routes stay in the document).
 */
export function watchSender(sender: SenderEvents | undefined, abort: () => void): () => void {
  if (!sender) return () => undefined;
  const navigated = (...args: unknown[]) => {
    // Electron passes a details object ({ isSameDocument, isMainFrame }); older versions passed them positionally.
    const details = args[0] as { isSameDocument?: boolean; isMainFrame?: boolean } | undefined;
    const sameDocument = details?.isSameDocument ?? (args[2] as boolean | undefined) ?? false;
    const mainFrame = details?.isMainFrame ?? (args[3] as boolean | undefined) ?? true;
    if (mainFrame && !sameDocument) abort();
  };
  sender.on('destroyed', abort);
  sender.on('render-process-gone', abort);
  sender.on('did-start-navigation', navigated);
  return () => {
    sender.removeListener('destroyed', abort);
    sender.removeListener('render-process-gone', abort);
    sender.removeListener('did-start-navigation', navigated);
  };
}

/**
 * A frame is trusted when it is a top-level frame showing the app's own page: app://renderer/ in production, the
 * electron-vite dev server's origin in development (window/origins.ts compares parsed URLs, not prefixes).
 */
export function createFrameCheck(devServerUrl: string | undefined) {
  return (frame: Pick<WebFrameMain, 'url' | 'parent'> | null): boolean => !!frame && !frame.parent && isOwnPageUrl(frame.url, devServerUrl);
}
