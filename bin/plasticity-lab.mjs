#!/usr/bin/env node
// Entry of `npx plasticity-lab`: runs the TypeScript CLI from source through tsx, so it works right after
// `npm install` without a build. Workers started by the CLI inherit TSX_TSCONFIG_PATH and resolve `@core/...` too.
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`plasticity-lab needs Node.js 22 or newer (this is ${process.version}); run \`source scripts/setup.sh\` first.\n`);
  process.exit(1);
}
// Always this checkout's tsconfig, by absolute path: an inherited relative one (from `tsx --tsconfig ...`, or a Slurm
// task started in its job folder) would be looked up in the wrong directory.
process.env.TSX_TSCONFIG_PATH = fileURLToPath(new URL('../tsconfig.node.json', import.meta.url));
const { register } = await import('tsx/esm/api');
register();
const args = process.argv.slice(2);
if (args[0] === 'cluster' && args[1] === 'run-shard' && !args.includes('--help') && !args.includes('-h')) {
  // What every Slurm array task runs: loads only what a task needs, since thousands of tasks each pay the start-up.
  const [{ runShardArgs }, { guarded }, { processIo }] = await Promise.all([
    import('../src-main/cli/commands/cluster-run-shard.ts'), import('../src-main/cli/guarded.ts'), import('../src-main/cli/io.ts'),
  ]);
  process.exitCode = await guarded(processIo, () => runShardArgs(args.slice(2), processIo));
} else {
  const { main } = await import('../src-main/cli/main.ts');
  process.exitCode = await main(args);
}
