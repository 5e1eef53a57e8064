import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The layer boundaries of docs/ARCHITECTURE.md are lint rules; this proves they bite (a rule that silently stopped
// matching would let a src-core file import the database without anyone noticing).
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer boundaries', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", 'Node built-ins belong in src-main'],
    ["import fs from 'fs';", 'Node built-ins belong in src-main'],
    ["import { app } from 'electron';", 'must not depend on Electron'],
    ["import Database from 'better-sqlite3';", 'must not touch the database'],
    ["import { ref } from 'vue';", 'must not depend on the interface'],
    ["import { x } from '../../src-main/version';", 'src-core imports only src-core'],
    ['export const r = Math.random();', 'seeded generator'],
    ['export const t = Date.now();', 'deterministic'],
  ])('src-core refuses %s', async (code, message) => {
    expect((await problems('src-core/stats/probe.ts', code)).join('\n')).toContain(message);
  });

  it.each([
    ['src-core/stats/probe.ts', "import type { JobContext } from '../jobs/context';"],
    ['src-core/plasticity/probe.ts', "import { catalogue } from '../jobs/catalogue';"],
    ['src-core/rnn/rules/probe.ts', "import { apiCalls } from '../../contract/api';"],
  ])('the domain file %s never reaches up: %s', async (file, code) => {
    expect((await problems(file, code)).join('\n')).toContain('never imports jobs/ or contract/');
  });

  it.each([
    ["import { readFileSync } from 'node:fs';", 'Node built-ins belong in src-main'],
    ["import { ipcRenderer } from 'electron';", 'only through src-renderer/src/api'],
    ["import { createAppContext } from '../../../src-main/app-context';", 'only through the API contract'],
  ])('src-renderer refuses %s', async (code, message) => {
    expect((await problems('src-renderer/src/pages/probe.ts', code)).join('\n')).toContain(message);
  });

  it('allows what each layer may use', async () => {
    expect(await problems('src-core/stats/probe.ts', "import { createRng } from '../random/rng';\nexport const r = createRng(1);\n")).toEqual([]);
    expect(await problems('src-main/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n")).toEqual([]);
    expect(await problems('src-renderer/src/pages/probe.ts', "import { apiCalls } from '@core/contract/api';\nexport const a = apiCalls;\n")).toEqual([]);
  });
});

// No import circles (docs/ARCHITECTURE.md): a cycle makes module initialisation order matter and hides which layer a
// file belongs to. Type-only imports are erased at run time and are left out; everything else is followed.
describe('import graph', () => {
  it('has no cycles in src-core, src-main or src-renderer', async () => {
    const { cycles } = await import('./import-graph');
    expect(cycles(new URL('../..', import.meta.url).pathname, ['src-core', 'src-main', 'src-renderer/src'])).toEqual([]);
  });
});
