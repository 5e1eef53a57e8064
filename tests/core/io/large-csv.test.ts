import { expect, it } from 'vitest';
import { applyDecisions } from '@core/io/apply-decisions';
import { importMappingSchema } from '@core/io/mapping';
import { readTable } from '@core/io/read-table';
import { CellStatus } from '@core/io/table';
import { validateImport } from '@core/io/validation';

/**
 * The size target: a 1e6-row, 5-column CSV. The file is generated here in memory (never committed). Time and
 * memory are printed for the record, not asserted (tests never assert timings; `npm run bench` is the place).
 */

const ROWS = 1_000_000;

function generate(): Uint8Array {
  const lines = ['synapse,animal,amplitude,volume,size'];
  for (let i = 0; i < ROWS; i++) {
    // Deterministic values with a few decimals, like real exports; row 500000 holds a stray token.
    const amp = i === 500_000 ? 'n/a' : ((i % 997) / 331 + 0.01).toFixed(4);
    lines.push(`s${i},m${i % 12},${amp},${((i % 101) / 97).toFixed(5)},${(i % 1009) * 0.125}`);
  }
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

it('reads a 1e6-row, 5-column CSV into typed columns, with the expected report and decisions', async () => {
  const bytes = generate();
  const reports: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const { table } = await readTable(bytes, 'big.csv', {
    progress: { report: (p) => reports.push(p.fraction), checkCancelled: () => undefined },
  });
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // Peak of the whole test process, generating the file included; `npm run bench` measures the import alone.
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  console.log(
    `1e6-row CSV (${(bytes.length / 2 ** 20).toFixed(1)} MiB): parsed in ${seconds.toFixed(2)} s wall, `
      + `${cpuSeconds.toFixed(2)} s CPU (all threads, GC included), `
      + `peak RSS of the test process ${peakMiB.toFixed(0)} MiB`,
  );
  expect(table.rowCount).toBe(ROWS);
  expect(table.columns.map((c) => c.name)).toEqual(['synapse', 'animal', 'amplitude', 'volume', 'size']);
  expect(table.sourceRows[0]).toBe(2);
  expect(table.sourceRows[ROWS - 1]).toBe(ROWS + 1);
  const amp = table.columns[2];
  expect(amp.values[1]).toBe(Number((1 / 331 + 0.01).toFixed(4)));
  expect(amp.status[500_000]).toBe(CellStatus.missing);
  expect(table.columns[4].values[ROWS - 1]).toBe(((ROWS - 1) % 1009) * 0.125);
  // Progress rises to 1 in several steps (chunked parsing), never decreasing.
  expect(reports.length).toBeGreaterThan(3);
  expect(reports.at(-1)).toBe(1);
  expect(reports.every((f, i) => i === 0 || f >= reports[i - 1])).toBe(true);

  // Validation and decisions at this size: the stray token and every zero are reported with their rows, and the
  // rows dropped are exactly those (volume is 0 when i % 101 == 0, size when i % 1009 == 0).
  const mapping = importMappingSchema.parse({ valueColumns: ['amplitude', 'volume', 'size'], groupColumns: ['animal'] });
  const report = validateImport(table, mapping, { positiveOnly: true });
  const zeroRows = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 101 === 0 || i % 1009 === 0);
  expect(report.classes.map((k) => [k.class, k.rowIndices.length])).toEqual([['empty', 1], ['non-positive', zeroRows.length]]);
  const empty = report.classes[0].problems[0];
  expect(empty).toMatchObject({ file: 'big.csv', row: 500_002, column: 'C', columnName: 'amplitude' });
  const nonPositive = report.classes[1];
  expect([...nonPositive.rowIndices]).toEqual(zeroRows);
  expect(nonPositive.problems[0]).toMatchObject({ row: 2, column: 'D', message: 'zero' });
  const clean = applyDecisions(table, mapping, report, { dropClasses: ['empty', 'non-positive'] });
  expect(clean.rowCount).toBe(ROWS - zeroRows.length - 1);
  expect(clean.droppedCounts).toEqual({ empty: 1, 'non-positive': zeroRows.length });
  expect(clean.dropped).toHaveLength(zeroRows.length + 1);
  expect(clean.sourceRows[0]).toBe(3); // i = 0 (volume 0) is dropped; i = 1 is source row 3
  expect(clean.values[0].values[0]).toBe(Number((1 / 331 + 0.01).toFixed(4)));
  expect(clean.values[2].values[clean.rowCount - 1]).toBe(((ROWS - 1) % 1009) * 0.125);
  expect(clean.groups[0].levels).toEqual(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9', 'm10', 'm11', 'm0']);
});

it('stops when the caller cancels part-way', async () => {
  const bytes = generate();
  let calls = 0;
  const cancelled = new Error('cancelled');
  await expect(readTable(bytes, 'big.csv', {
    progress: { report: () => undefined, checkCancelled: () => { if (++calls > 2) throw cancelled; } },
  })).rejects.toBe(cancelled);
});
