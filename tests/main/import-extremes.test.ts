import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import type { DatasetDetail, ImportPreview } from '../../src-core/contract/datasets';
import type { EntryExport } from '../../src-core/contract/history';

/** Extreme values at the import boundary (issue 15): what a file holds must never make a data set unreadable. */
let dir: string;
let context: AppContext;
const call = <T>(name: string, input: unknown) => dispatch(context.handlers, name, input) as Promise<T>;
const bytes = (text: string) => new TextEncoder().encode(text);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pl-import-extremes-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 1 });
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a cell beyond the range of a double (1e309)', () => {
  const file = bytes('id,amp\na,0.5\nb,1e309\nc,0.8\nd,1.2\n');
  const mapping = { valueColumns: ['amp'] };

  it('is a problem named by row: nothing is stored until it is dropped, and the data set then opens and exports', async () => {
    const preview = await call<ImportPreview>('previewImport', { fileName: 'huge.csv', bytes: file, mapping });
    expect(preview.report?.classes.map((k) => [k.class, k.problems.map((p) => p.row)])).toEqual([['non-numeric', [3]]]);
    await expect(call('importDataset', { fileName: 'huge.csv', bytes: file, mapping, dropClasses: [] })).rejects.toThrow(/Text where a number is expected \(1 row/);
    const { datasetId } = await call<{ datasetId: string }>('importDataset', { fileName: 'huge.csv', bytes: file, mapping, dropClasses: ['non-numeric'] });
    const detail = await call<DatasetDetail>('getDataset', { id: datasetId });
    expect(detail.report.dropped).toEqual([{ row: 3, reasons: ['non-numeric'] }]);
    expect(detail.columns[0].descriptives?.n).toBe(3);
    const exported = await call<EntryExport>('exportEntry', { id: datasetId });
    expect(exported.csv[0].text).toBe('source_row,amp\n2,0.5\n4,0.8\n5,1.2\n');
  });

  it('stored by an earlier version as infinity, still leaves the data set readable', async () => {
    const { datasetId } = await call<{ datasetId: string }>('importDataset', { fileName: 'ok.csv', bytes: bytes('amp\n0.5\n0.7\n0.9\n1.1\n'), mapping, dropClasses: [] });
    // What versions before issue 15 stored for "1e309": the number +Infinity in the column's BLOB.
    const stored = context.db.prepare(`SELECT data FROM entry_arrays WHERE entry_id = ? AND name = 'result:columns[0].values'`).get(datasetId) as { data: Buffer };
    const values = new Float64Array(stored.data.buffer.slice(stored.data.byteOffset, stored.data.byteOffset + stored.data.byteLength));
    values[1] = Infinity;
    context.db.prepare(`UPDATE entry_arrays SET data = ? WHERE entry_id = ? AND name = 'result:columns[0].values'`).run(Buffer.from(values.buffer), datasetId);
    const detail = await call<DatasetDetail>('getDataset', { id: datasetId });
    expect(detail.columns[0].descriptives?.n).toBe(3);
    expect(detail.columns[0].descriptives?.max).toBe(1.1);
  });
});

describe('two imports of the same file at the same time', () => {
  it('store one data set: the duplicate check runs inside the write transaction', async () => {
    const file = bytes('amp\n0.31\n0.42\n0.53\n0.64\n');
    const input = { fileName: 'twice.csv', bytes: file, mapping: { valueColumns: ['amp'] }, dropClasses: [] };
    const outcomes = await Promise.all([call('importDataset', input), call('importDataset', input)].map((p) => p.then(() => 'stored', (e: Error) => e.message)));
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.find((o) => o !== 'stored')).toMatch(/^twice\.csv was imported before, with the same SHA-256: "twice" \(/);
    const sha = (context.datasets.list(true).find((d) => d.sourceFileName === 'twice.csv'))!.sha256;
    expect(context.datasets.findBySha256(sha)).toHaveLength(1);
    // Asked for, a second copy is still allowed.
    await expect(call('importDataset', { ...input, allowDuplicate: true })).resolves.toMatchObject({ duplicateOf: [expect.any(String)] });
  });
});
