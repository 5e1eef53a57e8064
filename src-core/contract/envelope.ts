import { ApiError, type ApiErrorData } from './errors';

/**
 * What every transport carries back for a call: a value or an error's data. Errors travel as data because neither
 * Electron's IPC nor contextBridge keeps an Error's fields; the renderer's client turns them back into ApiError.
 */
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorData };

export function errorData(error: unknown): ApiErrorData {
  if (error instanceof ApiError) return error.toData();
  if (error instanceof Error) return { code: 'failed', message: error.message };
  return { code: 'failed', message: String(error) };
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new ApiError(envelope.error);
}
