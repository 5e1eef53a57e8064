import { describe, expect, it } from 'vitest';
import { guessMapping } from '@core/io/mapping-guess';
import { importMappingSchema, mappingMismatches } from '@core/io/mapping';
import { notReusedNote, reuseEarlierMapping } from '@core/io/mapping-reuse';
import { previewTable } from '@core/io/preview';
import { readTable } from '@core/io/read-table';
import { CellStatus } from '@core/io/table';
import { readFixture, textBytes } from './fixture-files';

describe('importMappingSchema', () => {
  it('fills defaults and accepts both paired layouts', () => {
    expect(importMappingSchema.parse({ valueColumns: ['amp'] })).toEqual({ valueColumns: ['amp'], unit: '', groupColumns: [], dateColumns: [] });
    expect(importMappingSchema.safeParse({
      valueColumns: ['before', 'after'], paired: { layout: 'columns', before: 'before', after: 'after' },
    }).success).toBe(true);
    expect(importMappingSchema.safeParse({
      valueColumns: ['amp'], paired: { layout: 'long', idColumn: 'id', timeColumn: 't', timePoints: ['pre', 'post'] },
    }).success).toBe(true);
  });

  it('refuses inconsistent mappings with the reason', () => {
    const noValue = importMappingSchema.safeParse({ valueColumns: [] });
    expect(noValue.success).toBe(false);
    const notAValue = importMappingSchema.safeParse({
      valueColumns: ['before'], paired: { layout: 'columns', before: 'before', after: 'after' },
    });
    expect(notAValue.error?.issues[0].message).toBe('the after column must be one of the value columns');
    const twoRoles = importMappingSchema.safeParse({ valueColumns: ['amp'], groupColumns: ['amp'] });
    expect(twoRoles.error?.issues[0].message).toMatch(/one role only: amp/);
    const longTwoValues = importMappingSchema.safeParse({
      valueColumns: ['a', 'b'], paired: { layout: 'long', idColumn: 'id', timeColumn: 't', timePoints: ['pre', 'post'] },
    });
    expect(longTwoValues.success).toBe(false);
  });

  it('proposes the newest earlier mapping of a file with the same columns, with the columns\' roles only', async () => {
    const { table } = await readFixture('paired-wide.tsv');
    const earlier = [
      { name: 'other layout', importedAt: '2026-03-02T10:00:00.000Z', mapping: importMappingSchema.parse({ valueColumns: ['volume'] }) },
      {
        name: 'week 1', importedAt: '2026-03-01T10:00:00.000Z', fileColumns: ['after', 'synapse', 'before'],
        mapping: importMappingSchema.parse({ valueColumns: ['after', 'before'], unit: 'µm³', paired: { layout: 'columns', before: 'before', after: 'after' }, read: { delimiter: ',' } }),
      },
      { name: 'older', importedAt: '2026-02-01T10:00:00.000Z', mapping: importMappingSchema.parse({ valueColumns: ['before'] }) },
    ];
    const reused = reuseEarlierMapping(table, earlier)!;
    expect(reused.mapping).toEqual({ ...earlier[1].mapping, read: undefined });
    expect(reused.mapping).not.toHaveProperty('read');
    expect(reused.notes[0]).toMatch(/^Mapping reused from "week 1" \(imported 2026-03-01\): this file has the same columns/);
    expect(reuseEarlierMapping(table, [earlier[0]])).toBeNull();
  });

  it('never gives a file of another layout an old mapping, and says why when it could have looked like one', async () => {
    const { table } = await readFixture('paired-wide.tsv');
    const mapping = importMappingSchema.parse({ valueColumns: ['before'] });
    // The earlier file had the mapped column but also an "animal" group column this file lacks (or lacked one it has).
    const wider = [{ name: 'spines by animal', importedAt: '2026-03-01T10:00:00.000Z', fileColumns: ['synapse', 'before', 'after', 'animal'], mapping }];
    const narrower = [{ name: 'before only', importedAt: '2026-03-01T10:00:00.000Z', fileColumns: ['before'], mapping }];
    expect(reuseEarlierMapping(table, wider)).toBeNull();
    expect(reuseEarlierMapping(table, narrower)).toBeNull();
    expect(notReusedNote(table, narrower)).toMatch(/^Not the layout of "before only" \(its file had other columns\), so its mapping was not reused/);
    // Data sets from before the file's columns were kept: never reused, since "the same columns" cannot be checked.
    expect(reuseEarlierMapping(table, [{ name: 'old', importedAt: '2026-01-01T00:00:00.000Z', mapping }])).toBeNull();
    // A mapping that names columns this file lacks says nothing: the file is plainly another layout.
    expect(notReusedNote(table, [{ ...narrower[0], mapping: importMappingSchema.parse({ valueColumns: ['volume'] }) }])).toBeNull();
  });

  it('tells which saved columns a new file lacks', async () => {
    const { table } = await readFixture('paired-wide.tsv');
    const mapping = importMappingSchema.parse({ valueColumns: ['before', 'after'], groupColumns: ['animal'] });
    expect(mappingMismatches(mapping, table)).toEqual(['animal']);
  });
});

describe('previewTable', () => {
  it('shows the first rows with source row numbers, statuses and column kinds', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const preview = previewTable(table, 3);
    expect(preview.totalRows).toBe(7);
    expect(preview.rows.map((r) => r.row)).toEqual([4, 5, 6]);
    expect(preview.rows[2].cells).toEqual(['m2', 'LTP', '<0,1', '', 'below detection']);
    expect(preview.rows[2].status[2]).toBe(CellStatus.belowLimit);
    expect(preview.columns.map((c) => c.kind)).toEqual(['text', 'text', 'numeric', 'empty', 'text']);
    expect(previewTable(table).rows).toHaveLength(7);
  });
});

describe('guessMapping', () => {
  it('takes the only numeric column (a stray text cell does not hide it) and the unit in brackets', async () => {
    const { table } = await readFixture('epsp-semicolon-bom.csv');
    const { mapping, notes } = guessMapping(table);
    expect(mapping.valueColumns).toEqual(['amplitude (mV)']);
    expect(mapping.unit).toBe('mV');
    expect(mapping.groupColumns).toEqual(['animal', 'condition']);
    expect(mapping.paired).toBeUndefined();
    expect(notes.join(' ')).toContain('only numeric column');
  });

  it('pairs before/after columns with the synapse id', async () => {
    const { table } = await readFixture('paired-wide.tsv');
    expect(guessMapping(table).mapping).toMatchObject({
      valueColumns: ['before', 'after'],
      paired: { layout: 'columns', before: 'before', after: 'after', idColumn: 'synapse' },
    });
  });

  it('recognises pre/post column names', async () => {
    const { table } = await readTable(textBytes('cell,EPSP pre,EPSP post\nc1,1,2\nc2,3,4\n'), 'prepost.csv');
    expect(guessMapping(table).mapping.paired).toMatchObject({ layout: 'columns', before: 'EPSP pre', after: 'EPSP post' });
  });

  it('finds the long layout: id, two time points (before first), one value, dates', async () => {
    const { table } = await readFixture('paired-long.csv');
    const { mapping } = guessMapping(table);
    expect(mapping).toMatchObject({
      valueColumns: ['amplitude'],
      dateColumns: ['recording date'],
      paired: { layout: 'long', idColumn: 'synapse_id', timeColumn: 'time', timePoints: ['before', 'after'] },
    });
    expect(importMappingSchema.safeParse(mapping).success).toBe(true);
  });

  it('takes a measurement named after a synapse ("spine volume") as the value, not as an id', async () => {
    const { table } = await readFixture('two-sheets.xlsx');
    const { mapping } = guessMapping(table);
    expect(mapping.valueColumns).toEqual(['spine volume (µm³)']);
    expect(mapping.unit).toBe('µm³');
    const ids = await readTable(textBytes('spine,synapse size,spine ID\ns1,0.5,7\ns2,0.25,8\n'), 'ids.csv');
    expect(guessMapping(ids.table).mapping.valueColumns).toEqual(['synapse size']);
  });

  it('leaves the choice to the user when several numeric columns compete', async () => {
    const { table } = await readTable(textBytes('a,b\n1,2\n3,4\n'), 'two.csv', { header: 'yes' });
    const { mapping, notes } = guessMapping(table);
    expect(mapping.valueColumns).toEqual([]);
    expect(notes[0]).toMatch(/2 numeric columns/);
  });
});
