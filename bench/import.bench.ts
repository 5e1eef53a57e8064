/**
 * Import of a 1e6-row, 5-column CSV (issue 6 targets: under 5 s and under 500 MB), end to end as a user runs it:
 * read from disk, parse + validate + apply decisions in the import worker, store columns and original bytes in one
 * transaction. Measured in a fresh child process so the peak RSS is the import's own (worker thread included), not
 * this runner's. The file is generated beforehand, outside the timed region. Also printed: the same child on an
 * empty-ish file, i.e. the fixed cost of starting the import worker (through tsx when run from source).
 * Run: npm run bench import
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng } from '../src-core/random/rng';
import { lognormalArray } from '../src-core/random/samplers';

const ROWS = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'pl-bench-import-'));

function writeCsv(path: string, rows: number): void {
  const rng = createRng(2024, 0);
  const amplitude = lognormalArray(rng, rows, -0.7, 0.9);
  const volume = lognormalArray(rng, rows, -2.3, 0.8);
  const lines = ['animal,area,amplitude,volume,delay'];
  for (let i = 0; i < rows; i++) {
    lines.push(`m${i % 12},${i % 3 === 0 ? 'V1' : 'S1'},${amplitude[i].toFixed(5)},${volume[i].toFixed(6)},${(1 + (i % 997) / 100).toFixed(2)}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

interface ChildFigures { readFileSeconds: number; importSeconds: number; totalSeconds: number; rows: number; peakRssMiB: number }

function runChild(file: string, db: string): ChildFigures {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const loader = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(loader).href, join(root, 'bench/import-child.ts'), file, db], {
    encoding: 'utf8', env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json') },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildFigures;
}

try {
  const big = join(dir, 'synapses-1e6.csv');
  writeCsv(big, ROWS);
  const small = join(dir, 'synapses-10.csv');
  writeCsv(small, 10);
  const mib = statSync(big).size / (1024 * 1024);
  const fixed = runChild(small, join(dir, 'small.sqlite'));
  const figures = runChild(big, join(dir, 'big.sqlite'));
  console.log(`1e6 x 5 CSV (${mib.toFixed(1)} MiB), ${figures.rows} rows stored`);
  console.log(`  end-to-end import        ${figures.totalSeconds.toFixed(2)} s   (target < 5 s)`);
  console.log(`    read file from disk    ${figures.readFileSeconds.toFixed(2)} s`);
  console.log(`    worker + store         ${figures.importSeconds.toFixed(2)} s   (of which starting the worker ~${fixed.importSeconds.toFixed(2)} s)`);
  console.log(`  peak RSS of the process  ${figures.peakRssMiB.toFixed(0)} MiB   (target < 500 MB; a 10-row import: ${fixed.peakRssMiB.toFixed(0)} MiB)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
