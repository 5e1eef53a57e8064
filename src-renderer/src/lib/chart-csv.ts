import { csvText } from '@core/io/csv-cells';

/**
 * The plotted numbers of an ECharts option as CSV, one row per data point in long form: the series name, then one
 * column per dimension any series declares (builders name them with `dimensions`, e.g. x, y, lo, hi). Text cells
 * (series names come from data: group labels, column names) go through csvText, so a label such as "=HYPERLINK(...)"
 * is not run by the spreadsheet that opens the file.
 */
interface SeriesLike {
  name?: string;
  type?: string;
  dimensions?: string[];
  data?: unknown[];
}

export function chartCsv(option: { series?: unknown }): string {
  const series = (Array.isArray(option.series) ? option.series : option.series ? [option.series] : []) as SeriesLike[];
  const columns: string[] = [];
  const rows: { name: string; values: Record<string, unknown> }[] = [];
  series.forEach((s, index) => {
    if (!Array.isArray(s.data)) return;
    const name = s.name ?? `series ${index + 1}`;
    for (const item of s.data) {
      const value = item && typeof item === 'object' && !Array.isArray(item) && 'value' in item ? (item as { value: unknown }).value : item;
      const cells = Array.isArray(value) ? value : [value];
      const dims = s.dimensions ?? cells.map((_, k) => (cells.length === 1 ? 'value' : `v${k + 1}`));
      const record: Record<string, unknown> = {};
      cells.forEach((cell, k) => {
        const column = dims[k] ?? `v${k + 1}`;
        if (!columns.includes(column)) columns.push(column);
        record[column] = cell;
      });
      rows.push({ name, values: record });
    }
  });
  const lines = [['series', ...columns].map(csvText).join(',')];
  for (const row of rows) lines.push([csvText(row.name), ...columns.map((c) => cell(row.values[c]))].join(','));
  return `${lines.join('\n')}\n`;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return csvText(String(value));
}
