import { describe, expect, it } from 'vitest';
import { applyDecisions, UndecidedProblemsError } from '@core/io/apply-decisions';
import { importMappingSchema, type ImportMappingInput } from '@core/io/mapping';
import { PROBLEM_DETAIL_LIMIT } from '@core/io/problems';
import { readTable } from '@core/io/read-table';
import type { Table } from '@core/io/table';
import { validateImport, type ValidationReport } from '@core/io/validation';
import { readFixture, textBytes } from './fixture-files';

const map = (m: ImportMappingInput) => importMappingSchema.parse(m);

/** Class -> the source rows it names, for compact assertions. */
function rowsByClass(report: ValidationReport, table: Table): Record<string, number[]> {
  return Object.fromEntries(report.classes.map((k) => [k.class, [...k.rowIndices].map((i) => table.sourceRows[i])]));
}

describe('semicolon EPSP file: stray text, missing token, zero, below-limit', () => {
  const mapping = map({ valueColumns: ['amplitude (mV)'], unit: 'mV', groupColumns: ['animal', 'condition'] });

  it('lists every problem with file, row and column, grouped into classes', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const report = validateImport(table, mapping, { positiveOnly: true });
    expect(report.blocking).toEqual([]);
    expect(report.clean).toBe(false);
    expect(rowsByClass(report, table)).toEqual({ 'non-numeric': [9], empty: [7], 'non-positive': [10], 'below-limit': [6] });
    const stray = report.classes.find((k) => k.class === 'non-numeric')!.problems[0];
    expect(stray).toEqual({
      class: 'non-numeric', file: 'epsp-semicolon-bom.csv', row: 9, column: 'C', columnName: 'amplitude (mV)', text: 'x',
      message: '"x" is not a number',
    });
    expect(report.classes.find((k) => k.class === 'empty')!.problems[0].message).toBe('missing-value token "n/a"');
    expect(report.classes.find((k) => k.class === 'non-positive')!.problems[0].message).toBe('zero');
    expect(report.classes.find((k) => k.class === 'below-limit')!.needsDecision).toBe(false);
  });

  it('does not count zeros as problems when no log is needed', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const report = validateImport(table, mapping, { positiveOnly: false });
    expect(report.classes.map((k) => k.class)).toEqual(['non-numeric', 'empty', 'below-limit']);
  });

  it('refuses to go on while a class is undecided, naming the classes', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const report = validateImport(table, mapping, { positiveOnly: true });
    let error: unknown;
    try { applyDecisions(table, mapping, report, { dropClasses: ['non-numeric'] }); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(UndecidedProblemsError);
    expect((error as UndecidedProblemsError).undecided).toEqual(['empty', 'non-positive']);
    expect((error as Error).message).toMatch(/Empty or missing cells.*\(1 row\(s\)\).*Zeros or negative values/);
  });

  it('drops the decided rows, keeps below-limit values as censored, and records every dropped row', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const report = validateImport(table, mapping, { positiveOnly: true });
    const clean = applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'empty', 'non-positive'] });
    expect(clean.rowCount).toBe(4);
    expect([...clean.sourceRows]).toEqual([4, 5, 6, 11]);
    expect([...clean.values[0].values]).toEqual([1.25, 0.75, 0.1, 0.25]);
    expect([...clean.values[0].censored]).toEqual([0, 0, 1, 0]);
    expect(clean.unit).toBe('mV');
    expect(clean.groups[0]).toEqual({ column: 'animal', levels: ['m1', 'm2', 'm3'], codes: Uint32Array.from([0, 0, 1, 2]) });
    expect(clean.groups[1].levels).toEqual(['control', 'LTP']);
    expect(clean.dropped).toEqual([
      { row: 7, reasons: ['empty'] }, { row: 9, reasons: ['non-numeric'] }, { row: 10, reasons: ['non-positive'] },
    ]);
    expect(clean.droppedCounts).toEqual({ empty: 1, 'non-numeric': 1, 'non-positive': 1 });
    // Below-limit values may be dropped too when the user prefers.
    const strict = applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'empty', 'non-positive', 'below-limit'] });
    expect([...strict.sourceRows]).toEqual([4, 5, 11]);
  });

  it('blocks an empty value column and a column the file lacks', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const empty = validateImport(table, map({ valueColumns: ['spare'] }));
    expect(empty.blocking).toEqual([expect.objectContaining({ file: 'epsp-semicolon-bom.csv', column: 'D', columnName: 'spare' })]);
    expect(empty.blocking[0].message).toMatch(/holds no numbers/);
    expect(() => applyDecisions(table, map({ valueColumns: ['spare'] }), empty, { dropClasses: [] })).toThrow(/column D "spare"/);
    const missing = validateImport(table, map({ valueColumns: ['amplitude (µV)'] }));
    expect(missing.blocking[0].message).toMatch(/does not have/);
  });
});

describe('keeping the rows of a class that can be real data', () => {
  it('says which classes can be kept and what keeping means for later analyses', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const report = validateImport(table, map({ valueColumns: ['amplitude (mV)'] }), { positiveOnly: true });
    const keep = Object.fromEntries(report.classes.map((k) => [k.class, k.keep]));
    expect(keep['non-numeric']).toBeNull();
    expect(keep.empty).toBeNull();
    expect(keep['non-positive']).toMatch(/log-normal fits .* will refuse this column/);
    expect(keep['below-limit']).toMatch(/left-censored/);
  });

  it('signed before/after pairs import whole when the non-positive class is kept', async () => {
    const { table } = await readTable(textBytes('before,after\n0.5,-0.25\n-1.5,0.75\n0,2\n1,1.5\n'), 'signed.csv');
    const mapping = map({ valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after' } });
    const report = validateImport(table, mapping, { positiveOnly: true });
    expect(rowsByClass(report, table)).toEqual({ 'non-positive': [2, 3, 4] });
    const clean = applyDecisions(table, mapping, report, { dropClasses: [], keepClasses: ['non-positive'] });
    expect(clean.rowCount).toBe(4);
    expect(clean.dropped).toEqual([]);
    expect(clean.pairs?.values.map((v) => [...v])).toEqual([[0.5, -1.5, 0, 1], [-0.25, 0.75, 2, 1.5]]);
  });

  it('refuses to keep a class that cannot be kept, or to drop and keep the same class', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const mapping = map({ valueColumns: ['amplitude (mV)'] });
    const report = validateImport(table, mapping, { positiveOnly: true });
    expect(() => applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'non-positive'], keepClasses: ['empty'] }))
      .toThrow(/cannot be kept, drop them or cancel the import: Empty or missing cells/);
    expect(() => applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'empty', 'non-positive'], keepClasses: ['non-positive'] }))
      .toThrow(/"non-positive" cannot be both dropped and kept/);
    // Undecided classes that could be kept say so.
    expect(() => applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'empty'] })).toThrow(/drop its rows, keep them or cancel/);
  });

  it('repeated synapse ids: kept as separate pairs in the columns layout, never in the long layout', async () => {
    const { table } = await readTable(textBytes('synapse,before,after\ns1,1,2\ns2,3,4\ns1,5,6\n'), 'dup.csv');
    const wide = map({ valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after', idColumn: 'synapse' } });
    const report = validateImport(table, wide);
    expect(report.classes[0].keep).toMatch(/its own before\/after pair/);
    const clean = applyDecisions(table, wide, report, { dropClasses: [], keepClasses: ['duplicate-id'] });
    expect(clean.pairs?.ids).toEqual(['s1', 's2', 's1']);
    const long = await readFixture('paired-long.csv');
    const longReport = validateImport(long.table, map({
      valueColumns: ['amplitude'], dateColumns: ['recording date'],
      paired: { layout: 'long', idColumn: 'synapse_id', timeColumn: 'time', timePoints: ['before', 'after'] },
    }));
    expect(longReport.classes.find((k) => k.class === 'duplicate-id')!.keep).toBeNull();
  });
});

describe('paired data', () => {
  it('wide layout: an empty after cell is reported, and dropping it leaves three pairs', async () => {
    const { table } = await readFixture('paired-wide.tsv');
    const mapping = map({ valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after', idColumn: 'synapse' } });
    const report = validateImport(table, mapping, { positiveOnly: true });
    expect(rowsByClass(report, table)).toEqual({ empty: [5] });
    expect(report.classes[0].problems[0]).toMatchObject({ row: 5, column: 'C', columnName: 'after', message: 'empty cell' });
    const clean = applyDecisions(table, mapping, report, { dropClasses: ['empty'] });
    expect(clean.pairs?.ids).toEqual(['s1', 's2', 's3']);
    expect(clean.pairs?.timePoints).toEqual(['before', 'after']);
    expect(clean.pairs?.values.map((v) => [...v])).toEqual([[1.5, 0.75, 2], [2.25, 0.5, 3]]);
  });

  it('wide layout: a repeated synapse id is a problem on every row that has it', async () => {
    const { table } = await readTable(textBytes('synapse,before,after\ns1,1,2\ns2,3,4\ns1,5,6\n'), 'dup.csv');
    const mapping = map({ valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after', idColumn: 'synapse' } });
    const report = validateImport(table, mapping);
    expect(rowsByClass(report, table)).toEqual({ 'duplicate-id': [2, 4] });
    expect(report.classes[0].problems[0].message).toBe('synapse id "s1" also on row(s) 4');
  });

  it('long layout: bad dates, duplicates and unpaired synapses; partners of dropped rows go too', async () => {
    const { table } = await readFixture('paired-long.csv');
    const mapping = map({
      valueColumns: ['amplitude'], dateColumns: ['recording date'],
      paired: { layout: 'long', idColumn: 'synapse_id', timeColumn: 'time', timePoints: ['before', 'after'] },
    });
    const report = validateImport(table, mapping, { positiveOnly: true });
    expect(rowsByClass(report, table)).toEqual({ 'bad-date': [6], 'duplicate-id': [9, 10], unpaired: [8] });
    expect(report.classes[0].problems[0]).toMatchObject({ row: 6, column: 'D', text: '2024-02-30', message: 'day 30 does not exist in month 2 of 2024' });
    expect(report.classes[1].problems[0].message).toBe('synapse "s5" at "before" also on row(s) 10');
    expect(report.classes[2].problems[0].message).toBe('synapse "s4" has no value at "after"');

    const clean = applyDecisions(table, mapping, report, { dropClasses: ['bad-date', 'duplicate-id', 'unpaired'] });
    expect(clean.pairs?.ids).toEqual(['s1', 's2']);
    expect(clean.pairs?.values.map((v) => [...v])).toEqual([[1.5, 0.75], [2.25, 0.5]]);
    expect(clean.pairs?.sourceRows.map((r) => [...r])).toEqual([[2, 4], [3, 5]]);
    expect([...clean.sourceRows]).toEqual([2, 3, 4, 5]);
    expect(clean.dates[0].iso).toEqual(['2024-03-05', '2024-03-05', '2024-03-05', '2024-03-05']);
    expect(clean.dropped).toEqual([
      { row: 6, reasons: ['bad-date'] }, { row: 7, reasons: ['partner-dropped'] }, { row: 8, reasons: ['unpaired'] },
      { row: 9, reasons: ['duplicate-id'] }, { row: 10, reasons: ['duplicate-id'] }, { row: 11, reasons: ['partner-dropped'] },
    ]);
  });

  it('long layout: a time point outside the mapping is reported', async () => {
    const { table } = await readTable(textBytes('id,time,v\na,pre,1\na,post,2\na,late,3\n'), 't.csv');
    const mapping = map({ valueColumns: ['v'], paired: { layout: 'long', idColumn: 'id', timeColumn: 'time', timePoints: ['pre', 'post'] } });
    const report = validateImport(table, mapping);
    expect(rowsByClass(report, table)).toEqual({ 'unknown-time-point': [4] });
  });
});

describe('the .xlsx sheet with every kind of problem', () => {
  it('reports stray text, empty, zero, below-limit and an unreadable date', async () => {
    const { table } = await readFixture('two-sheets.xlsx');
    const mapping = map({ valueColumns: ['spine volume (µm³)'], groupColumns: ['animal'], dateColumns: ['date'] });
    const report = validateImport(table, mapping, { positiveOnly: true });
    expect(rowsByClass(report, table)).toEqual({
      'non-numeric': [4], empty: [6], 'non-positive': [7], 'below-limit': [5], 'bad-date': [5],
    });
    const clean = applyDecisions(table, mapping, report, { dropClasses: ['non-numeric', 'empty', 'non-positive', 'bad-date'] });
    expect([...clean.values[0].values]).toEqual([0.12, 0.31]);
    expect(clean.dates[0].iso).toEqual(['2024-03-05', '2024-03-05']);
  });
});

it('keeps every affected row but details only the first problems of a huge class', async () => {
  const n = PROBLEM_DETAIL_LIMIT + 500;
  const { table } = await readTable(textBytes(`v\n${'x\n'.repeat(n)}1\n`), 'junk.csv');
  const report = validateImport(table, map({ valueColumns: ['v'] }));
  const k = report.classes[0];
  expect(k.cellCount).toBe(n);
  expect(k.rowIndices.length).toBe(n);
  expect(k.problems.length).toBe(PROBLEM_DETAIL_LIMIT);
  expect(k.truncated).toBe(true);
  expect(applyDecisions(table, map({ valueColumns: ['v'] }), report, { dropClasses: ['non-numeric'] }).dropped).toHaveLength(n);
});
