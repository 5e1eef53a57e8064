// Child process of bench/server.bench.ts: starts the loopback server on 127.0.0.1, posts one 250 MiB authenticated
// body to it (a typed array as the API sends an import's bytes, or plain JSON text) and prints the growth of this
// process's peak RSS while the server read and decoded it (the body is prepared before the baseline).
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppContext } from '../src-main/app-context';
import { startLoopbackServer } from '../src-main/server/loopback';

const kind = process.argv[2] === 'text' ? 'text' : 'typed';
const dir = mkdtempSync(join(tmpdir(), 'pl-bench-body-'));
const context = createAppContext({ databasePath: join(dir, 'h.sqlite'), workers: 1 });
const server = await startLoopbackServer({ context, rendererDir: dir });
const head = kind === 'typed' ? '{"bytes":{"$typed":"Uint8Array","b64":"' : '{"text":"';
const tail = kind === 'typed' ? '"}}' : '"}';
const body = Buffer.alloc(250 * 1024 * 1024, 0x41);
body.write(head, 0);
body.write(tail, body.length - tail.length);
const before = process.resourceUsage().maxRSS / 1024;
const t0 = performance.now();
const status = await new Promise<number>((resolve, reject) => {
  const req = request({
    host: '127.0.0.1', port: server.port, path: '/api/getAppInfo', method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Length': body.length },
  }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode ?? 0));
  });
  req.on('error', reject);
  for (let i = 0; i < body.length; i += 1 << 20) req.write(body.subarray(i, i + (1 << 20)));
  req.end();
});
const seconds = (performance.now() - t0) / 1000;
await server.close();
await context.close();
rmSync(dir, { recursive: true, force: true });
const cpu = process.cpuUsage();
console.log(JSON.stringify({ kind, status, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, rssGrowthMiB: process.resourceUsage().maxRSS / 1024 - before }));
