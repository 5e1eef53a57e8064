/**
 * The loopback server reading a 250 MiB authenticated request body (issue 15: it grew the process by ~750 MB and
 * more): the peak RSS it adds while reading and decoding, for a body carrying one typed array (how an import's bytes
 * travel) and for plain JSON text. Each in a fresh child process, so the peak is the request's own.
 * Run: npm run bench server
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const loader = join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'loader.mjs');
for (const kind of ['typed', 'text']) {
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(loader).href, join(root, 'bench/server-body-child.ts'), kind], {
    encoding: 'utf8', env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json') },
  });
  const r = JSON.parse(out.trim().split('\n').at(-1)!) as { status: number; seconds: number; rssGrowthMiB: number };
  const what = kind === 'typed' ? 'one typed array (an import\'s bytes)' : 'plain JSON text';
  console.log(`250 MiB body, ${what.padEnd(36)} peak RSS +${r.rssGrowthMiB.toFixed(0)} MiB, ${r.seconds.toFixed(2)} s (answer ${r.status})`);
}
