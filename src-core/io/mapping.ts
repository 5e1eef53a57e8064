import { z } from 'zod';
import type { Table } from './table';

/**
 * What the user chose on the mapping step: which columns hold the measured values, their unit, which columns group
 * the rows, and for paired data how before and after are found. Columns are named by their header text, so a
 * mapping saved with one data set applies to the next file of the same layout (checked by `mappingMismatches`).
 */

const columnName = z.string().min(1).max(500);

/** Paired data with one row per synapse: a before column and an after column (optionally a synapse-id column). */
const pairedColumnsSchema = z.object({
  layout: z.literal('columns'),
  before: columnName,
  after: columnName,
  idColumn: columnName.optional(),
});

/**
 * Paired data with one row per measurement: a synapse-id column, a time-point column, and the value column. The
 * time-point labels, in order, are the levels to pair (e.g. ["before", "after"] or ["0 min", "30 min", "60 min"]).
 */
const pairedLongSchema = z.object({
  layout: z.literal('long'),
  idColumn: columnName,
  timeColumn: columnName,
  timePoints: z.array(z.string().min(1)).min(2).max(50),
});

/** How the file was read, saved so the next file of the same layout is read the same way. */
export const readSettingsSchema = z.object({
  delimiter: z.enum([',', ';', '\t', '|', 'auto']).optional(),
  decimal: z.enum(['.', ',', 'auto']).optional(),
  encoding: z.enum(['auto', 'utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be']).optional(),
  header: z.enum(['auto', 'yes', 'no']).optional(),
  sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
  npyLayout: z.enum(['auto', 'columns', 'flatten']).optional(),
});

export const importMappingSchema = z
  .object({
    /** Columns of measured values (for paired columns layout: the before and after columns). */
    valueColumns: z.array(columnName).min(1).max(100),
    /** Unit of the values as the user states it, e.g. "mV", "µm³"; '' when dimensionless. */
    unit: z.string().max(40).default(''),
    /** Animal, area, cell type, condition ... */
    groupColumns: z.array(columnName).max(20).default([]),
    /** Columns holding dates (recording day); checked and returned as ISO text. */
    dateColumns: z.array(columnName).max(10).default([]),
    /** How to read dates like 03/05/2024: day first or month first. Without it such dates are refused as ambiguous. */
    dateOrder: z.enum(['dmy', 'mdy']).optional(),
    paired: z.discriminatedUnion('layout', [pairedColumnsSchema, pairedLongSchema]).optional(),
    read: readSettingsSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.paired?.layout === 'columns') {
      for (const side of ['before', 'after'] as const) {
        if (!m.valueColumns.includes(m.paired[side])) {
          ctx.addIssue({ code: 'custom', path: ['paired', side], message: `the ${side} column must be one of the value columns` });
        }
      }
    }
    if (m.paired?.layout === 'long' && m.valueColumns.length !== 1) {
      ctx.addIssue({ code: 'custom', path: ['valueColumns'], message: 'paired data in long layout has exactly one value column' });
    }
    const all = [...m.valueColumns, ...m.groupColumns, ...m.dateColumns];
    const repeated = all.filter((c, i) => all.indexOf(c) !== i);
    if (repeated.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['valueColumns'], message: `a column has one role only: ${[...new Set(repeated)].join(', ')}` });
    }
  });

export type ImportMapping = z.output<typeof importMappingSchema>;
export type ImportMappingInput = z.input<typeof importMappingSchema>;
export type ReadSettings = z.infer<typeof readSettingsSchema>;

/** Every column a mapping refers to. */
export function mappedColumns(mapping: ImportMapping): string[] {
  const names = [...mapping.valueColumns, ...mapping.groupColumns, ...mapping.dateColumns];
  const p = mapping.paired;
  if (p?.layout === 'columns' && p.idColumn) names.push(p.idColumn);
  if (p?.layout === 'long') names.push(p.idColumn, p.timeColumn);
  return [...new Set(names)];
}

/** The columns a (saved) mapping needs that this table lacks: empty when the mapping fits the file. */
export function mappingMismatches(mapping: ImportMapping, table: Table): string[] {
  const present = new Set(table.columns.map((c) => c.name));
  return mappedColumns(mapping).filter((name) => !present.has(name));
}
