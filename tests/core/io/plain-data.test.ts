import { expect, it } from 'vitest';
import { applyDecisions } from '@core/io/apply-decisions';
import { ImportError } from '@core/io/errors';
import { importMappingSchema } from '@core/io/mapping';
import type { ProgressSink } from '@core/io/progress';
import { validateImport } from '@core/io/validation';
import type { JobContext } from '@core/runtime/context';
import { readFixture } from './fixture-files';

// An import job passes its JobContext straight to readTable as the progress sink.
const asSink = (context: JobContext): ProgressSink => context;

it('tables, reports and clean data survive structured clone (worker / IPC boundary) unchanged', async () => {
  expect(asSink).toBeTypeOf('function');
  const { table } = await readFixture('epsp-semicolon-bom.csv');
  const mapping = importMappingSchema.parse({ valueColumns: ['amplitude (mV)'], groupColumns: ['animal'] });
  const report = validateImport(table, mapping, { positiveOnly: true });
  const clean = applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'empty', 'non-positive'] });
  for (const value of [table, report, clean, mapping]) expect(structuredClone(value)).toEqual(value);
});

it('an ImportError keeps its located problems across the boundary through toPlain()', async () => {
  const error = (await readFixture('ragged.csv').catch((e: unknown) => e)) as ImportError;
  const plain = structuredClone(error.toPlain());
  expect(plain.code).toBe('ragged-rows');
  expect(plain.problems[0]).toMatchObject({ file: 'ragged.csv', row: 3, column: 'C' });
});
