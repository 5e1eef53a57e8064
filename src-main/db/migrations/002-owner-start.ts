import type { Migration } from './types';

/**
 * Version 2: the start time of the process that owns a running entry (`owner_started`, db/owner-process.ts), next to
 * its PID, so an entry left running by a crashed app is marked interrupted even when a new process has the same PID.
 * Rows written before have NULL there and are judged by the PID alone, as before.
 */
export const migration002: Migration = {
  version: 2,
  name: 'owner process start time',
  up(db) {
    db.exec('ALTER TABLE entries ADD COLUMN owner_started TEXT');
  },
};
