import { parseArgs } from 'node:util';
import { dispatch } from '@core/contract/dispatch';
import type { EntrySummary } from '@core/contract/entries';
import type { Command } from '../command';
import { CliError, toJson } from '../io';
import { withContext } from '../context';
import { backupCommand, bundleCommand, restoreBackupCommand } from './backup';
import { emptyTrashAction, exportAction, rerunAction } from './history-actions';
import { checkCommand } from './history-check';

const USAGE = `Usage:
  plasticity-lab history list [--query TEXT] [--kind KIND] [--status STATUS] [--tag TAG] [--since DATE] [--until DATE] [--trash] [--limit N] [--json]
                       (DATE: YYYY-MM-DD, a local day, both ends included; or an ISO 8601 instant)
  plasticity-lab history show ID [--json]
  plasticity-lab history delete ID [--json]      (moves it to the trash)
  plasticity-lab history restore ID [--json]
  plasticity-lab history empty-trash [--json]    (deletes trashed entries and their arrays for good)
  plasticity-lab history rerun ID [--json]       (same kind, configuration and seed; says if the numbers match)
  plasticity-lab history export ID [--out DIR] [--force] [--json]   (entry.json + one CSV per array)
  plasticity-lab history backup PATH [--force] [--json]            (the whole history as one SQLite file)
  plasticity-lab history restore-backup PATH [--json]  (merges a backup or bundle; entries already here are skipped)
  plasticity-lab history bundle ID [ID ...] --out FILE [--force] [--json]  (chosen entries and their inputs, to share)
  plasticity-lab history check [--json]          (SQLite's integrity check of the history file; exit 1 when damaged)
Options: --db PATH  the history database (default: the desktop app's)`;

export const historyCommand: Command = {
  name: 'history',
  summary: 'List, show, delete, restore, re-run, export and back up history entries',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        query: { type: 'string' },
        kind: { type: 'string', multiple: true },
        status: { type: 'string', multiple: true },
        tag: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        trash: { type: 'boolean', default: false },
        limit: { type: 'string' },
        out: { type: 'string' },
        force: { type: 'boolean', default: false },
      },
    });
    const [sub, id] = positionals;
    if (sub === undefined) throw new CliError(`history needs a command (list, show, delete, restore, ...)\n${USAGE}`, 2);
    const needId = () => {
      if (!id) throw new CliError(`history ${sub} needs an entry ID\n${USAGE}`, 2);
      return id;
    };
    // These need the database only, or more than one worker: each opens what it needs.
    if (sub === 'backup') return backupCommand(id, values, io);
    if (sub === 'restore-backup') return restoreBackupCommand(id, values, io);
    if (sub === 'bundle') return bundleCommand(positionals.slice(1), values, io);
    if (sub === 'check') return checkCommand(values, io);
    if (sub === 'rerun') return withContext(values.db, {}, (context) => rerunAction(context, needId(), values, io));
    return withContext(values.db, { workers: 1 }, async (context) => {
      const call = (name: string, input: unknown) => dispatch(context.handlers, name, input);
      switch (sub) {
        case 'list': {
          const page = (await call('listHistory', {
            query: values.query, kinds: values.kind, statuses: values.status, tag: values.tag, trash: values.trash,
            createdFrom: values.since === undefined ? undefined : dateBound(values.since, 'since'),
            createdBefore: values.until === undefined ? undefined : dateBound(values.until, 'until'),
            limit: values.limit === undefined ? undefined : Number(values.limit),
          })) as { entries: EntrySummary[]; total: number };
          if (values.json) io.out(toJson(page));
          else io.out(formatTable(page.entries, page.total));
          return 0;
        }
        case 'show':
        case 'delete':
        case 'restore': {
          if (!id) throw new CliError(`history ${sub} needs an entry ID\n${USAGE}`, 2);
          const name = sub === 'show' ? 'getEntry' : sub === 'delete' ? 'deleteEntry' : 'restoreEntry';
          const result = await call(name, { id });
          io.out(values.json || sub === 'show' ? toJson(result) : `${sub === 'delete' ? 'moved to trash' : 'restored'}: ${id}`);
          return 0;
        }
        case 'export':
          return exportAction(context, needId(), values, io);
        case 'empty-trash':
          return emptyTrashAction(context, values, io);
        default:
          throw new CliError(`unknown history command "${sub}"\n${USAGE}`, 2);
      }
    });
  },
};

function formatTable(entries: EntrySummary[], total: number): string {
  if (entries.length === 0) return 'No entries.';
  const rows = entries.map((e) => [e.createdAt.slice(0, 19).replace('T', ' '), e.kind, e.status, e.name, e.id]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const lines = rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  '));
  return `${lines.join('\n')}\n${entries.length} of ${total} entries`;
}

/**
 * --since/--until as the instant the API filters on. A plain day is the user's local day and both ends include it
 * (--until 2026-11-27 means before the next local midnight); anything else must be an ISO 8601 instant.
 */
function dateBound(text: string, option: 'since' | 'until'): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (option === 'until' ? 1 : 0)) : new Date(text);
  if (Number.isNaN(date.getTime())) throw new CliError(`--${option} ${text}: not a date (use YYYY-MM-DD or an ISO 8601 time)`, 2);
  return date.toISOString();
}
