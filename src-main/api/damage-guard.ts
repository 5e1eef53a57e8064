import type { ApiHandlers } from '@core/contract/api';
import { ApiError } from '@core/contract/errors';
import type { HistoryDb } from '../db/connection';
import { DatabaseDamagedError, isDamage } from '../db/integrity';

/**
 * Damage found while the app runs (SQLite reports a malformed page in the middle of a call): from then on the
 * connection is query-only, so no later write can spread the damage, and the caller is told what to do (the same
 * message as at start-up, naming `history restore-backup`). The file was sound when it was opened (quick_check).
 */
export function refuseWritesAfterDamage(handlers: ApiHandlers, db: HistoryDb, path: string): ApiHandlers {
  const guarded: Record<string, (input: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers) as [string, (input: never) => unknown][]) {
    guarded[name] = async (input: never) => {
      try {
        return await handler(input);
      } catch (error) {
        if (!isDamage(error)) throw error;
        if (db.open) db.pragma('query_only = ON');
        throw new ApiError({ code: 'failed', message: new DatabaseDamagedError(path, [(error as Error).message]).message });
      }
    };
  }
  return guarded as ApiHandlers;
}
