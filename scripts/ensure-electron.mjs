#!/usr/bin/env node
// `npm start`, step 1 (src-main/launch/electron-binary.ts): installs the Electron binary when it is missing, or says
// in a few lines why it cannot and that `npm run serve` runs the same app in a browser. Run from source through tsx,
// like bin/plasticity-lab.mjs.
import { fileURLToPath } from 'node:url';

process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../tsconfig.node.json', import.meta.url));
const { register } = await import('tsx/esm/api');
register();
const { ensureElectronCommand } = await import('../src-main/launch/electron-binary.ts');
const electronDir = fileURLToPath(new URL('../node_modules/electron', import.meta.url));
process.exitCode = ensureElectronCommand(electronDir, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
