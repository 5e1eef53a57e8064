import { describe, expect, it } from 'vitest';
import { importMappingSchema } from '@core/io/mapping';
import { validateImport } from '@core/io/validation';
import { applyDecisions } from '@core/io/apply-decisions';
import { CellStatus } from '@core/io/table';
import { readTable } from '@core/io/read-table';
import { col, textBytes } from './fixture-files';

describe('numbers beyond the range of a double', () => {
  it('are non-numeric cells named by row, never stored as infinity', async () => {
    const { table } = await readTable(textBytes('id;amp\na;0,5\nb;1e309\nc;-2,5e400\nd;<1e999\ne;1,7e308\n'), 'huge.csv');
    const amp = col(table, 'amp');
    expect([...amp.status]).toEqual([CellStatus.ok, CellStatus.nonNumeric, CellStatus.nonNumeric, CellStatus.nonNumeric, CellStatus.ok]);
    expect(amp.values.every((v) => !Number.isFinite(v) ? Number.isNaN(v) : true)).toBe(true);
    expect(amp.values[4]).toBe(1.7e308);
    const mapping = importMappingSchema.parse({ valueColumns: ['amp'] });
    const report = validateImport(table, mapping);
    const nonNumeric = report.classes.find((k) => k.class === 'non-numeric')!;
    expect(nonNumeric.problems.map((p) => [p.row, p.message])).toEqual([
      [3, '"1e309" is beyond the largest number a double holds (about 1.8e308)'],
      [4, '"-2,5e400" is beyond the largest number a double holds (about 1.8e308)'],
      [5, '"<1e999" is beyond the largest number a double holds (about 1.8e308)'],
    ]);
    expect(report.clean).toBe(false);
    const clean = applyDecisions(table, mapping, report, { dropClasses: ['non-numeric'] });
    expect([...clean.values[0].values]).toEqual([0.5, 1.7e308]);
  });
});
