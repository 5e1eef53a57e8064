import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import { ApiError } from '../../src-core/contract/errors';
import type { DatasetDetail, ImportPreview } from '../../src-core/contract/datasets';
import type { ApiEventMessage } from '../../src-core/contract/events';
import type { DatasetContent } from '../../src-main/db/datasets-repo';

const FIXTURES = fileURLToPath(new URL('../fixtures/io/', import.meta.url));
const fixture = (name: string) => new Uint8Array(readFileSync(FIXTURES + name));

let dir: string;
let context: AppContext;
const events: ApiEventMessage[] = [];
const call = <T>(name: string, input: unknown) => dispatch(context.handlers, name, input) as Promise<T>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-import-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 1 });
  context.subscribe((m) => events.push(m));
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a rejection');
}

const epspMapping = { valueColumns: ['amplitude (mV)'], unit: 'mV', groupColumns: ['animal', 'condition'] };

describe('previewImport', () => {
  it('shows the first rows, a guessed mapping and the validation report of the semicolon/BOM file', async () => {
    const p = await call<ImportPreview>('previewImport', { fileName: 'epsp-semicolon-bom.csv', bytes: fixture('epsp-semicolon-bom.csv') });
    expect(p.format).toBe('csv');
    expect(p.text).toEqual({ encoding: 'utf-8', delimiter: ';', decimal: ',' });
    expect(p.sha256).toBe(createHash('sha256').update(fixture('epsp-semicolon-bom.csv')).digest('hex'));
    expect(p.preview.columns.map((c) => c.name)).toEqual(['animal', 'condition', 'amplitude (mV)', 'spare', 'note']);
    expect(p.preview.rows[0]).toMatchObject({ row: 4, cells: ['m1', 'control', '1,25', '', ''] });
    expect(p.mapping.valueColumns).toEqual(['amplitude (mV)']);
    expect(p.mapping.unit).toBe('mV');
    expect(p.report?.classes.map((k) => [k.class, k.problems.map((q) => q.row)])).toEqual([
      ['non-numeric', [9]], ['empty', [7]], ['non-positive', [10]], ['below-limit', [6]],
    ]);
    expect(p.duplicates).toEqual([]);
  });

  it('lists the sheets of a workbook and reads the chosen one', async () => {
    const p = await call<ImportPreview>('previewImport', { fileName: 'two-sheets.xlsx', bytes: fixture('two-sheets.xlsx'), read: { sheet: 'epsp' } });
    expect(p.sheets).toEqual(['spines', 'epsp']);
    expect(p.preview.sheet).toBe('epsp');
    expect(p.mapping.paired).toMatchObject({ layout: 'columns', before: 'before', after: 'after', idColumn: 'synapse' });
    expect(p.report?.clean).toBe(true);
  });

  it('refuses a malformed file with a message naming its row and column', async () => {
    const error = await rejection(call('previewImport', { fileName: 'ragged.csv', bytes: fixture('ragged.csv') }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/ragged\.csv, row 3/);
    expect(error.message).toMatch(/ragged\.csv, row 4, column D/);
    expect(error.issues?.map((i) => i.path)).toContain('ragged.csv, row 3, column C');
    const quote = await rejection(call('previewImport', { fileName: 'unbalanced-quote.csv', bytes: fixture('unbalanced-quote.csv') }));
    expect(quote.message).toMatch(/unbalanced-quote\.csv, row \d+/);
  });

  it('validates input: bytes must be a Uint8Array', async () => {
    const error = await rejection(call('previewImport', { fileName: 'x.csv', bytes: 'a,b' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/bytes/);
  });
});

describe('importDataset', () => {
  let epspId = '';

  it('refuses to import while a problem class is undecided, and stores nothing', async () => {
    const before = context.datasets.list(true).length;
    const error = await rejection(call('importDataset', { fileName: 'epsp-semicolon-bom.csv', bytes: fixture('epsp-semicolon-bom.csv'), mapping: epspMapping, dropClasses: ['non-numeric'] }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/decide for each problem class/);
    expect(error.issues?.map((i) => i.message)).toEqual(['no decision for "empty"', 'no decision for "non-positive"']);
    expect(context.datasets.list(true).length).toBe(before);
  });

  it('stores values, censored limits, groups, the report with every dropped row, the mapping and the original bytes', async () => {
    const bytes = fixture('epsp-semicolon-bom.csv');
    const { datasetId } = await call<{ datasetId: string }>('importDataset', {
      fileName: 'epsp-semicolon-bom.csv', bytes, mapping: epspMapping, dropClasses: ['non-numeric', 'empty', 'non-positive'], name: 'EPSPs rig 2',
    });
    epspId = datasetId;
    const detail = await call<DatasetDetail>('getDataset', { id: datasetId });
    expect(detail).toMatchObject({
      id: datasetId, name: 'EPSPs rig 2', sourceFileName: 'epsp-semicolon-bom.csv', byteSize: bytes.byteLength, rowCount: 4,
      sha256: createHash('sha256').update(bytes).digest('hex'), originalKept: true, deletedAt: null,
    });
    expect(Date.parse(detail.importedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(detail.mapping).toMatchObject({ ...epspMapping, read: { encoding: 'utf-8', delimiter: ';', decimal: ',' } });
    expect(detail.report.dropped).toEqual([{ row: 7, reasons: ['empty'] }, { row: 9, reasons: ['non-numeric'] }, { row: 10, reasons: ['non-positive'] }]);
    expect(detail.report.droppedCounts).toEqual({ empty: 1, 'non-numeric': 1, 'non-positive': 1 });
    expect(detail.report.dropClasses).toEqual(['non-numeric', 'empty', 'non-positive']);
    expect(detail.columns).toEqual([expect.objectContaining({ name: 'amplitude (mV)', unit: 'mV', censoredCount: 1 })]);
    // Descriptives of the exactly known values only: 1.25, 0.75, 0.25.
    expect(detail.columns[0].descriptives?.n).toBe(3);
    expect(detail.columns[0].descriptives?.mean).toBeCloseTo(0.75, 15);
    expect(detail.groups).toEqual([
      { column: 'animal', levels: ['m1', 'm2', 'm3'], counts: [2, 1, 1] },
      { column: 'condition', levels: ['control', 'LTP'], counts: [3, 1] },
    ]);
    const content = context.datasets.content(datasetId) as DatasetContent;
    expect(content.columns[0].values).toEqual(Float64Array.from([1.25, 0.75, 0.1, 0.25]));
    expect(content.columns[0].censored).toEqual(Uint8Array.from([0, 0, 1, 0]));
    expect([...content.sourceRows]).toEqual([4, 5, 6, 11]);
    expect(context.datasets.originalBytes(datasetId)).toEqual(bytes);
    // The data set is a history entry like every other.
    const entry = context.entries.get(datasetId)!;
    expect(entry).toMatchObject({ kind: 'dataset', status: 'done', jobKind: null, headline: { rows: 4, columns: 1, dropped: 3, unit: 'mV' } });
    // The columns are BLOBs of raw typed-array bytes, not JSON text.
    const blob = context.db.prepare(`SELECT dtype, data FROM entry_arrays WHERE entry_id = ? AND name = 'result:columns[0].values'`).get(datasetId) as { dtype: string; data: Buffer };
    expect(blob.dtype).toBe('float64');
    expect(blob.data.byteLength).toBe(4 * 8);
  });

  it('serves one stored column, or the rows of one group, with censored flags', async () => {
    const all = await call<{ values: Float64Array; censored: Uint8Array; unit: string }>('getDatasetColumn', { datasetId: epspId, column: 'amplitude (mV)' });
    expect(all.values).toEqual(Float64Array.from([1.25, 0.75, 0.1, 0.25]));
    expect(all.censored).toEqual(Uint8Array.from([0, 0, 1, 0]));
    expect(all.unit).toBe('mV');
    const m1 = await call<{ values: Float64Array }>('getDatasetColumn', { datasetId: epspId, column: 'amplitude (mV)', group: { animal: 'm1' } });
    expect(m1.values).toEqual(Float64Array.from([1.25, 0.75]));
    const error = await rejection(call('getDatasetColumn', { datasetId: epspId, column: 'volume' }));
    expect(error.message).toMatch(/no value column "volume"/);
    expect((await rejection(call('getDataset', { id: 'nope' }))).code).toBe('not-found');
  });

  it('detects a re-import of the same file and imports it again only on request', async () => {
    const input = { fileName: 'renamed.csv', bytes: fixture('epsp-semicolon-bom.csv'), mapping: epspMapping, dropClasses: ['non-numeric', 'empty', 'non-positive'] };
    const preview = await call<ImportPreview>('previewImport', { fileName: 'renamed.csv', bytes: input.bytes });
    expect(preview.duplicates.map((d) => d.id)).toEqual([epspId]);
    const error = await rejection(call('importDataset', input));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`"EPSPs rig 2" (${epspId}`);
    const again = await call<{ datasetId: string; duplicateOf: string[] }>('importDataset', { ...input, allowDuplicate: true });
    expect(again.datasetId).not.toBe(epspId);
    expect(again.duplicateOf).toEqual([epspId]);
    expect((await call<{ id: string }[]>('listDatasets', {})).map((d) => d.id)).toContain(again.datasetId);
  });

  it('proposes the mapping of the last data set of the same layout for the next file, and guesses otherwise', async () => {
    // A second week's file: the same columns, other numbers.
    const week2 = new TextEncoder().encode('# week 2\nanimal;condition;amplitude (mV);spare;note\nm3;control;0,5;;\nm3;learned;1,5;;\n');
    const preview = await call<ImportPreview>('previewImport', { fileName: 'week2.csv', bytes: week2 });
    expect(preview.mapping).toMatchObject({ valueColumns: ['amplitude (mV)'], unit: 'mV', groupColumns: ['animal', 'condition'] });
    expect(preview.mapping.read).toBeUndefined();
    // The newest data set of that layout: the re-import of the test before.
    expect(preview.notes[0]).toMatch(/^Mapping reused from "renamed"/);
    expect(preview.report?.blocking).toEqual([]);
    const other = await call<ImportPreview>('previewImport', { fileName: 'x.csv', bytes: new TextEncoder().encode('size\n1\n2\n') });
    expect(other.mapping.valueColumns).toEqual(['size']);
    expect(other.notes.join(' ')).not.toMatch(/reused/);
    // The same mapped columns plus a new group column: another layout, so the mapping is guessed afresh, and said so.
    const grown = new TextEncoder().encode('animal;condition;amplitude (mV);spare;note;slice\nm3;control;0,5;;;s1\nm3;learned;1,5;;;s2\n');
    const third = await call<ImportPreview>('previewImport', { fileName: 'week3.csv', bytes: grown });
    expect(third.notes[0]).toMatch(/^Not the layout of "renamed" \(its file had other columns\), so its mapping was not reused/);
    expect(third.notes.join(' ')).not.toMatch(/Mapping reused from/);
  });

  it('imports the fixture files of every reader with the expected values', async () => {
    const imp = async (name: string, mapping: unknown, extra: Record<string, unknown> = {}) => {
      const { datasetId } = await call<{ datasetId: string }>('importDataset', { fileName: name, bytes: fixture(name), mapping, ...extra });
      return { detail: await call<DatasetDetail>('getDataset', { id: datasetId }), content: context.datasets.content(datasetId) as DatasetContent };
    };
    // Windows-1252 header with µ.
    const w = await imp('epsp-windows1252.csv', { valueColumns: ['amplitude (µV)'], unit: 'µV' });
    expect(w.content.columns[0].values).toEqual(Float64Array.from([120.5, 98.25]));
    expect(w.detail.report.warnings.some((x) => x.code === 'encoding-fallback')).toBe(true);
    // Paired wide: an empty after cell dropped, three pairs kept.
    const p = await imp('paired-wide.tsv', { valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after', idColumn: 'synapse' } }, { dropClasses: ['empty'] });
    expect(p.detail.pairs).toEqual({ timePoints: ['before', 'after'], count: 3, hasIds: true });
    expect(p.content.pairs?.ids).toEqual(['s1', 's2', 's3']);
    expect(p.content.pairs?.values).toEqual([Float64Array.from([1.5, 0.75, 2]), Float64Array.from([2.25, 0.5, 3])]);
    expect(p.detail.report.dropped).toEqual([{ row: 5, reasons: ['empty'] }]);
    // Second sheet of a workbook.
    const x = await imp('two-sheets.xlsx', { valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after' }, read: { sheet: 'epsp' } });
    expect(x.content.columns.map((c) => [...c.values])).toEqual([[1.5, 0.75, 2], [2.25, 0.5, 3]]);
    expect(x.detail.mapping.read?.sheet).toBe('epsp');
    // Fortran-ordered .npy, flattened row by row.
    const n = await imp('weights-fortran.npy', { valueColumns: ['weight'], read: { npyLayout: 'flatten' } });
    expect([...n.content.columns[0].values]).toEqual([1.1, 1.2, 1.3, 1.4, 2.1, 2.2, 2.3, 2.4, 3.1, 3.2, 3.3, 3.4]);
  });

  it('reports import progress as a job that finishes', async () => {
    const finished = events.filter((e) => e.event === 'jobFinished' && e.payload.kind === 'import-dataset');
    expect(finished.length).toBeGreaterThan(3);
    expect(finished.every((e) => ['done', 'failed'].includes((e.payload as { status: string }).status))).toBe(true);
    // The Jobs panel tells a preview (nothing stored) from an import.
    const names = finished.map((e) => (e.payload as { name: string }).name);
    expect(names).toContain('Preview of renamed.csv (not imported yet)');
    expect(names).toContain('Import of renamed.csv');
    expect(names.every((n) => /^(Preview|Import) of /.test(n))).toBe(true);
    expect(context.importer.list()).toEqual([]);
  });
});
