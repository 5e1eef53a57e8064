import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dispatch } from '@core/contract/dispatch';
import type { EntryDetail } from '@core/contract/entries';
import type { EmptyTrashResult, EntryExport } from '@core/contract/history';
import type { AppContext } from '../../app-context';
import { compareRerun } from '../../history/rerun';
import { CliError, toJson, type CliIo } from '../io';

/** `history export`, `history rerun` and `history empty-trash`, through the same API calls the interface makes. */

export async function exportAction(context: AppContext, id: string, options: { out?: string; json: boolean; force: boolean }, io: CliIo): Promise<number> {
  const exported = (await dispatch(context.handlers, 'exportEntry', { id })) as EntryExport;
  const dir = resolve(options.out ?? `entry-${id.slice(0, 8)}`);
  const files = [{ name: 'entry.json', text: exported.json }, ...exported.csv];
  const clashes = files.filter((f) => existsSync(join(dir, f.name)));
  if (clashes.length && !options.force) {
    throw new CliError(`${dir} already holds ${clashes.map((f) => f.name).join(', ')}; choose another --out or pass --force`, 2);
  }
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file.name), file.text);
  io.out(options.json ? toJson({ dir, files: files.map((f) => f.name) }) : `wrote ${files.length} files to ${dir}`);
  return 0;
}

export async function rerunAction(context: AppContext, id: string, options: { json: boolean }, io: CliIo): Promise<number> {
  const original = (await dispatch(context.handlers, 'getEntry', { id })) as EntryDetail;
  const { jobId } = (await dispatch(context.handlers, 'rerunEntry', { id })) as { jobId: string };
  const live = process.stderr.isTTY === true;
  const unsubscribe = context.subscribe((m) => {
    if (!live || m.event !== 'jobProgress' || (m.payload as { jobId: string }).jobId !== jobId) return;
    process.stderr.write(`\rre-running ${id}: ${Math.round((m.payload as { fraction: number }).fraction * 100)} %\x1b[K`);
  });
  const interrupt = () => context.jobs.cancel(jobId);
  process.once('SIGINT', interrupt);
  // The pool's workers are unref'd so an idle process can exit; hold the event loop open while the job runs.
  const keepAlive = setInterval(() => undefined, 60_000);
  let status;
  try {
    status = await context.jobs.waitFor(jobId);
  } finally {
    clearInterval(keepAlive);
    process.removeListener('SIGINT', interrupt);
    unsubscribe();
  }
  if (live) process.stderr.write('\r\x1b[K');
  const entry = context.entries.get(jobId)!;
  // Only a completed original can be reproduced; anything else is reported as null (nothing to compare).
  const comparison = original.status === 'done' && status === 'done' ? compareRerun(original.result, entry.result) : null;
  const reproduced = comparison?.reproduced ?? null;
  const addedFields = comparison?.addedFields ?? [];
  if (options.json) {
    io.out(toJson({ jobId, status, reproduced, addedFields, originalId: id, headline: entry.headline }));
  } else {
    const added = addedFields.length ? ` (this version also stores ${addedFields.join(', ')})` : '';
    io.out(`re-ran ${id} as ${jobId}: ${status}${reproduced === null ? '' : reproduced ? `, same numbers bit for bit${added}` : ', numbers DIFFER from the original'}`);
    if (entry.error) io.err(entry.error);
  }
  return status === 'done' ? 0 : 1;
}

export async function emptyTrashAction(context: AppContext, options: { json: boolean }, io: CliIo): Promise<number> {
  const result = (await dispatch(context.handlers, 'emptyTrash', {})) as EmptyTrashResult;
  if (options.json) {
    io.out(toJson(result));
    return 0;
  }
  io.out(`deleted ${result.deleted} entries for good`);
  for (const k of result.kept) io.out(`kept ${k.id}: entries outside the trash were computed from it (${k.usedBy.join(', ')})`);
  return 0;
}
