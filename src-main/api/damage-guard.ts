import type { ApiHandlers, CallContext } from '@core/contract/api';
import { ApiError } from '@core/contract/errors';
import type { HistoryDb } from '../db/connection';
import { DatabaseDamagedError, isDamage } from '../db/integrity';

/**
 * Damage found while the app runs (SQLite reports a malformed page in the middle of a call): from then on the
 * connection is query-only, so no later write can spread the damage, and the caller is told what to do (the same
 * message as at start-up, naming `history restore-backup`). The file was sound when it was opened (quick_check).
 */
export function refuseWritesAfterDamage(handlers: ApiHandlers, db: HistoryDb, path: string): ApiHandlers {
  const refuse = (error: unknown): never => {
    if (!isDamage(error)) throw error;
    if (db.open) db.pragma('query_only = ON');
    throw new ApiError({ code: 'failed', message: new DatabaseDamagedError(path, [(error as Error).message]).message });
  };
  const guarded: Record<string, (input: never, call?: CallContext) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: never, call?: CallContext) => unknown][]) {
    // A synchronous handler stays synchronous (callers in main use some directly), an asynchronous one is awaited.
    guarded[name] = (input: never, call?: CallContext) => {
      try {
        const result = handler(input, call);
        return result instanceof Promise ? result.catch(refuse) : result;
      } catch (error) {
        return refuse(error);
      }
    };
  }
  return guarded as ApiHandlers;
}
