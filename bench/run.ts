// `npm run bench [name-filter]`: runs every bench/*.bench.ts in turn. Each prints its own figures (and, where a
// reference tool is installed, the same work timed there, as a ratio). Benchmarks never fail on a number.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
console.log(`Plasticity Lab benchmarks on ${process.platform}-${process.arch}, Node ${process.version}`);
for (const file of files) {
  console.log(`\n## ${file.replace('.bench.ts', '')}`);
  await import(join(dir, file));
}
