import { parseArgs } from 'node:util';
import type { DatasetDetail, ImportPreview } from '@core/contract/datasets';
import type { JobProgressEvent } from '@core/contract/events';
import { PROBLEM_CLASSES, PROBLEM_CLASS_ORDER, formatLocation, importMappingSchema, nameList, type ImportMapping, type ImportMappingInput, type ProblemClass, type ValidationReport } from '@core/io/index';
import type { Command } from '../command';
import { CliError, toJson, type CliIo } from '../io';
import { withContext } from '../context';
import { readImportFile, sha256Hex } from '../../import/file';
import { toApiError } from '../../import/importer';

/** Classes whose rows may be kept (PROBLEM_CLASSES[...].keep); duplicate ids only in the columns layout. */
const KEEPABLE = PROBLEM_CLASS_ORDER.filter((c) => PROBLEM_CLASSES[c].keep !== null);

const USAGE = `Usage:
  plasticity-lab import FILE [--name NAME] [--column COL ...] [--group COL ...] [--unit UNIT] [--drop CLASS ...]
                        [--keep CLASS ...] [--sheet NAME|N] [--npy-layout columns|flatten] [--allow-non-positive]
                        [--again] [--json]
Reads FILE (.csv/.tsv/.txt, .xlsx, .npy; up to 200 MiB), validates it and stores it in the history as a data set.
  --column COL   a value column (repeat for several); guessed when only one column is numeric
  --group COL    a grouping column such as animal or area (repeat); guessed when no --column is given
  --drop CLASS   drop the rows of a problem class (repeat): ${PROBLEM_CLASS_ORDER.join(', ')}
  --keep CLASS   keep the rows of a class that can be real data (repeat): ${KEEPABLE.join(', ')}
                 Without a decision for every class found, nothing is imported and the problems are listed.
  --sheet NAME|N the .xlsx sheet to read (default the first)
  --npy-layout   a 2-D .npy array as one column per array column, or flattened into one "weight" column
                 (default: columns up to 32 of them, flattened above)
  --allow-non-positive  the same as --keep non-positive: zeros and negatives (e.g. signed weights) are kept;
                 log-normal and other positive-only fits will refuse such a column
  --again        import even though the same file (same SHA-256) was imported before
Options: --db PATH  the history database (default: the desktop app's)
Exit codes: 0 imported; 1 the file cannot be imported as it is (unreadable, problems without a decision, imported
before); 2 the command line is wrong (unknown option or column, no value column chosen where several are numeric).`;

function problemsText(report: ValidationReport): string {
  const lines: string[] = [];
  for (const k of report.classes) {
    const choice = k.needsDecision ? (k.keep ? ' (--drop or --keep)' : ' (--drop)') : ' (kept unless dropped)';
    lines.push(`${k.class}: ${k.title} - ${k.rowIndices.length} row(s)${choice}`);
    for (const p of k.problems.slice(0, 5)) lines.push(`    ${formatLocation({ file: p.file, sheet: p.sheet, row: p.row, column: p.column, columnName: p.columnName })}: ${p.message}`);
    if (k.cellCount > 5) lines.push(`    ... ${k.cellCount - 5} more`);
  }
  return lines.join('\n');
}

function progressPrinter(io: CliIo): ((fraction: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let shown = -1;
  return (fraction) => {
    const percent = Math.floor(fraction * 100);
    if (percent === shown) return;
    shown = percent;
    process.stderr.write(`\rimporting ${percent}%`);
    if (fraction >= 1) io.err('');
  };
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import a data file (CSV/TSV, .xlsx, .npy) into the history as a data set',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        db: { type: 'string' },
        name: { type: 'string' },
        column: { type: 'string', multiple: true },
        group: { type: 'string', multiple: true },
        unit: { type: 'string' },
        drop: { type: 'string', multiple: true },
        keep: { type: 'string', multiple: true },
        sheet: { type: 'string' },
        'npy-layout': { type: 'string' },
        'allow-non-positive': { type: 'boolean', default: false },
        again: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new CliError(`import needs exactly one FILE\n${USAGE}`, 2);
    const drop = (values.drop ?? []) as ProblemClass[];
    const unknown = drop.filter((c) => !PROBLEM_CLASS_ORDER.includes(c));
    if (unknown.length > 0) throw new CliError(`unknown problem class ${unknown.map((c) => `"${c}"`).join(', ')}; classes: ${PROBLEM_CLASS_ORDER.join(', ')}`, 2);
    // --allow-non-positive is the older spelling of --keep non-positive: one mechanism (io's keepClasses) for both.
    const keep = [...new Set([...(values.keep ?? []), ...(values['allow-non-positive'] ? ['non-positive'] : [])])] as ProblemClass[];
    const unkeepable = keep.filter((c) => !KEEPABLE.includes(c));
    if (unkeepable.length > 0) throw new CliError(`--keep ${unkeepable.map((c) => `"${c}"`).join(', ')}: only these classes can be kept: ${KEEPABLE.join(', ')}`, 2);
    const both = keep.filter((c) => drop.includes(c));
    if (both.length > 0) throw new CliError(`${both.map((c) => `"${c}"`).join(', ')} cannot be both dropped and kept`, 2);
    let file: { fileName: string; bytes: Uint8Array<ArrayBuffer> };
    try {
      file = await readImportFile(positionals[0]);
    } catch (error) {
      // Node's own wording ("ENOENT: no such file or directory, stat ...") is for programmers; say it as fit does.
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? `no such file: ${positionals[0]}` : code ? `cannot read ${positionals[0]}: ${(error as Error).message}` : (error as Error).message;
      throw new CliError(message, 1);
    }
    const sheet = values.sheet === undefined ? undefined : /^\d+$/.test(values.sheet) ? Number(values.sheet) : values.sheet;
    const layoutText = values['npy-layout'];
    if (layoutText !== undefined && layoutText !== 'columns' && layoutText !== 'flatten') {
      throw new CliError(`--npy-layout must be columns or flatten, got "${layoutText}"`, 2);
    }
    const npyLayout = layoutText as 'columns' | 'flatten' | undefined;

    return withContext(values.db, { workers: 1 }, async (context) => {
      // The mapping was checked here before (parse, exit 2), so what the importer refuses is the file itself
      // (unreadable, damaged, a duplicate): exit 1, like fit's refusals.
      const run = async <T>(body: () => Promise<T>): Promise<T> => {
        try {
          return await body();
        } catch (error) {
          throw new CliError(toApiError(error).message, 1);
        }
      };
      // Said first, before any reading: the same bytes were imported before.
      const earlier = context.datasets.findBySha256(sha256Hex(file.bytes));
      if (earlier.length > 0 && !values.again) {
        const list = earlier.map((d) => `"${d.name}" (${d.id}, imported ${d.importedAt})`).join(', ');
        throw new CliError(`${file.fileName} was imported before (same SHA-256): ${list}. Use --again to import it once more.`, 1);
      }
      const read = sheet === undefined && npyLayout === undefined ? undefined : { sheet, npyLayout };
      const parse = (draft: ImportMappingInput): ImportMapping => {
        const parsed = importMappingSchema.safeParse(draft);
        if (parsed.success) return parsed.data;
        throw new CliError(`${file.fileName}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'mapping'}: ${i.message}`).join('; ')}`, 2);
      };
      const preview = (mapping?: ImportMapping) =>
        run(() => context.importer.preview({ fileName: file.fileName, bytes: file.bytes, read, mapping, positiveOnly: true, previewRows: 5 }));
      // With --column the user's mapping is validated at once; otherwise a first pass guesses what the user did not say.
      const given = values.column ? parse({ valueColumns: values.column, unit: values.unit ?? '', groupColumns: values.group ?? [], read }) : undefined;
      const first: ImportPreview = await preview(given);
      let mapping = given;
      let checked = first;
      if (!mapping) {
        const draft: ImportMappingInput = { ...first.mapping, ...(values.unit !== undefined ? { unit: values.unit } : {}), ...(values.group ? { groupColumns: values.group } : {}), read };
        if (draft.valueColumns.length === 0) {
          const numeric = first.preview.columns.filter((c) => c.kind === 'numeric').map((c) => c.name);
          if (numeric.length === 0) throw new CliError(`${file.fileName} has no numeric column (columns: ${nameList(first.preview.columns.map((c) => c.name))})`, 1);
          throw new CliError(`${file.fileName}: choose the value column(s) with --column (numeric columns: ${nameList(numeric)})`, 2);
        }
        mapping = parse(draft);
        if (!values.json) for (const note of first.notes) io.err(`note: ${note}`);
        if (values.group || values.unit !== undefined) checked = await preview(mapping);
      }
      for (const w of first.warnings) io.err(`warning: ${w.message}`);
      const report = checked.report;
      if (!report) throw new CliError(`${file.fileName}: the mapping is not valid`, 2);
      if (report.blocking.length > 0) {
        throw new CliError(`${file.fileName} cannot be imported with this mapping:\n${report.blocking.map((b) => `  ${formatLocation(b)}: ${b.message}`).join('\n')}`, 2);
      }
      const undecided = report.classes.filter((k) => k.needsDecision && !drop.includes(k.class) && !(keep.includes(k.class) && k.keep));
      if (undecided.length > 0) {
        io.err(problemsText(report));
        throw new CliError(`nothing imported: decide for each problem class with --drop CLASS or --keep CLASS (${undecided.map((k) => k.class).join(', ')}), or fix the file`, 1);
      }
      if (!values.json) for (const k of report.classes) if (keep.includes(k.class) && k.keep) io.err(`kept: ${k.class} - ${k.rowIndices.length} row(s). ${k.keep}`);
      const onProgress = progressPrinter(io);
      const unsubscribe = context.subscribe((m) => {
        if (onProgress && m.event === 'jobProgress' && m.payload.kind === 'import-dataset') onProgress((m.payload as JobProgressEvent).fraction);
      });
      let result: { datasetId: string };
      try {
        result = await run(() => context.importer.importDataset({
          fileName: file.fileName, bytes: file.bytes, mapping, dropClasses: drop, keepClasses: keep, positiveOnly: true,
          name: values.name, allowDuplicate: values.again,
        }));
      } finally {
        unsubscribe();
      }
      const detail = context.importer.get(result.datasetId) as DatasetDetail;
      if (values.json) {
        io.out(toJson(detail));
        return 0;
      }
      const dropped = detail.report.dropped.length;
      io.out([
        `imported ${detail.sourceFileName} as "${detail.name}" (${detail.id})`,
        `  ${detail.rowCount} rows; ${dropped} dropped${dropped ? ` (${Object.entries(detail.report.droppedCounts).map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
        // n counts the exactly known values (descriptives need 3, so with 1 or 2 they are counted from the rows).
        ...detail.columns.map((c) => `  ${c.name}${c.unit ? ` [${c.unit}]` : ''}: n=${c.descriptives?.n ?? detail.rowCount - c.censoredCount}${c.censoredCount ? `, ${c.censoredCount} below limit` : ''}${c.descriptives ? `, median ${c.descriptives.median.toPrecision(4)}` : ''}`),
        ...detail.groups.map((g) => `  group ${g.column}: ${g.levels.map((l, i) => `${l} (${g.counts[i]})`).join(', ')}`),
        ...(detail.pairs ? [`  pairs: ${detail.pairs.count} (${detail.pairs.timePoints.join(' -> ')})`] : []),
        `  sha256 ${detail.sha256}`,
      ].join('\n'));
      return 0;
    });
  },
};
