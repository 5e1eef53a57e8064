import { expect, it } from 'vitest';
import { readTable } from '@core/io/read-table';
import { CellStatus } from '@core/io/table';

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

it('reads a 1e6-row, 5-column CSV into typed columns', async () => {
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
});

it('stops when the caller cancels part-way', async () => {
  const bytes = generate();
  let calls = 0;
  const cancelled = new Error('cancelled');
  await expect(readTable(bytes, 'big.csv', {
    progress: { report: () => undefined, checkCancelled: () => { if (++calls > 2) throw cancelled; } },
  })).rejects.toBe(cancelled);
});
