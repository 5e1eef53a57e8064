import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HistoryBundle } from '@core/contract/history';
import { openHistoryDb, type HistoryDb } from '../db/connection';
import { copyEntries, createHistoryRepo } from '../db/history-repo';

/**
 * A shareable bundle of selected entries. It has the same format as a backup (a history database of this schema
 * version), so `history restore-backup` merges it, and anyone can open it with any SQLite tool. Entries keep their
 * ids, arrays, tags, notes, inputs and data sets (original bytes included), byte for byte.
 */
export function createBundle(source: HistoryDb, ids: string[], now = new Date()): HistoryBundle {
  const repo = createHistoryRepo(source);
  const missing = repo.missing(ids);
  if (missing.length) throw new Error(`history entries not found: ${missing.join(', ')}`);
  const all = repo.withInputs(ids);
  const scratch = mkdtempSync(join(tmpdir(), 'plasticity-bundle-'));
  try {
    const path = join(scratch, 'bundle.sqlite');
    const bundle = openHistoryDb(path);
    try {
      copyEntries(source, bundle, all, { interruptRunning: false, now });
      bundle.pragma('journal_mode = DELETE');
    } finally {
      bundle.close();
    }
    const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    // A plain Uint8Array (not a Buffer) so IPC and the wire format carry it as bytes.
    return { fileName: `plasticity-lab-bundle-${stamp}.sqlite`, bytes: new Uint8Array(readFileSync(path)), entryIds: all };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
