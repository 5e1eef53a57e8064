import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext, type AppContext } from '../../src-main/app-context';
import { dispatch } from '../../src-core/contract/dispatch';
import { startJobSchema, type StartJobInput } from '../../src-core/jobs/schemas';

// Entries started from the interface are named from their inputs, as the CLI names its entries: data set, column,
// group, model and key settings. Names are set when the job starts, so each job is cancelled right after.
let dir: string;
let context: AppContext;
let datasetId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pl-names-'));
  context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 1 });
  const rows = Array.from({ length: 40 }, (_, i) => `${i % 2 ? 'V1' : 'S1'},${(0.2 + (i % 7) * 0.13).toFixed(2)},${(0.3 + (i % 5) * 0.11).toFixed(2)}`);
  ({ datasetId } = (await dispatch(context.handlers, 'importDataset', {
    fileName: 'epsp.csv', name: 'EPSPs March', bytes: new TextEncoder().encode(`area,before,after\n${rows.join('\n')}\n`),
    mapping: { valueColumns: ['before', 'after'], groupColumns: ['area'], unit: 'mV', paired: { layout: 'columns', before: 'before', after: 'after' } },
  })) as { datasetId: string });
});
afterAll(async () => {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
});

function nameOf(input: StartJobInput): string {
  const { jobId } = context.jobs.start(startJobSchema.parse(input));
  context.jobs.cancel(jobId);
  return context.entries.summary(jobId)!.name;
}
const column = (name: string, group?: Record<string, string>) => ({ type: 'dataset' as const, datasetId, column: name, ...(group ? { group } : {}) });

describe('entry names from the inputs', () => {
  it('a fit names data set, column, group and families', () => {
    expect(nameOf({ kind: 'fit', config: { source: column('before', { area: 'V1' }), families: ['lognormal', 'gamma'], resamples: 0 } }))
      .toBe('Fit of "before" in EPSPs March (area = V1): Log-normal, Gamma');
    expect(nameOf({ kind: 'fit', config: { source: column('after'), families: ['lognormal', 'gamma', 'weibull', 'normal', 'exponential'], resamples: 0 } }))
      .toBe('Fit of "after" in EPSPs March: Log-normal, Gamma, Weibull and 2 more');
    expect(nameOf({ kind: 'fit', config: { source: { type: 'values', values: [1, 2, 3, 4] }, families: ['normal'], resamples: 0, observation: { kind: 'censored', limit: 0.5 } } }))
      .toBe('Fit of 4 values: Normal, censored at 0.5');
  });

  it('a comparison names both samples and the scaling', () => {
    expect(nameOf({ kind: 'compare', config: { a: { type: 'values', values: [1, 2, 3, 4] }, b: column('after', { area: 'S1' }), scale: 'median', resamples: 0 } }))
      .toBe('Two-sample comparison (4 values vs "after" in EPSPs March (area = S1), scaled by the median)');
  });

  it('the geometry test names the paired data set and its columns; the final-distribution fit its column', () => {
    expect(nameOf({ kind: 'geometry-test', config: { before: column('before'), after: column('after'), bootstrap: 0, powerReplicates: 0 } }))
      .toBe('Geometry test of EPSPs March ("before" → "after")');
    expect(nameOf({ kind: 'md-final-fit', config: { sample: column('after', { area: 'V1' }) } }))
      .toBe('Final-distribution fit of "after" in EPSPs March (area = V1)');
  });

  it('a renamed data set names the entries started after the renaming', async () => {
    await dispatch(context.handlers, 'updateEntry', { id: datasetId, name: 'EPSPs, slice 3' });
    expect(nameOf({ kind: 'md-final-fit', config: { sample: column('before') } })).toBe('Final-distribution fit of "before" in EPSPs, slice 3');
  });
});
