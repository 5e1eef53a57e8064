import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { guessMapping, importMappingSchema, readTable, validateImport, applyDecisions } from '../../src-core/io/index';
import { lognormal } from '../../src-core/stats/families/lognormal';
import { listExamples, readExample } from '../../src-main/import/examples';
import { exampleNameSchema } from '../../src-core/contract/datasets';

const EXAMPLES = fileURLToPath(new URL('../../resources/examples/', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../../scripts/make-examples.py', import.meta.url));

async function importExample(name: string) {
  const { table } = await readTable(new Uint8Array(readFileSync(EXAMPLES + name)), name);
  const { mapping } = guessMapping(table);
  const parsed = importMappingSchema.parse(mapping);
  const report = validateImport(table, parsed, { positiveOnly: true });
  return { parsed, report, clean: applyDecisions(table, parsed, report, { dropClasses: [] }) };
}

describe('example data sets (synthetic)', () => {
  it('are exactly what the committed script draws, and each says SYNTHETIC in its first line', () => {
    const out = mkdtempSync(join(tmpdir(), 'pl-examples-'));
    try {
      execFileSync('/usr/bin/python3', [SCRIPT, out]);
      const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.csv')).sort();
      expect(readdirSync(out).sort()).toEqual(files);
      for (const f of files) {
        expect(readFileSync(join(out, f), 'utf8')).toBe(readFileSync(EXAMPLES + f, 'utf8'));
        expect(readFileSync(EXAMPLES + f, 'utf8').split('\n')[0]).toMatch(/^# SYNTHETIC /);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('import cleanly with the guessed mapping: plain, grouped, and paired', async () => {
    const plain = await importExample('epsp-amplitudes-synthetic.csv');
    expect(plain.report.clean).toBe(true);
    expect(plain.clean.rowCount).toBe(300);
    expect(plain.parsed.unit).toBe('mV');
    // The sample's log-normal fit is near the parameters it was drawn from (n = 300: se(mu) ~ 0.054).
    const fit = lognormal.fit(plain.clean.values[0].values) as { mu: number; sigma: number };
    expect(Math.abs(fit.mu + 0.702)).toBeLessThan(0.2);
    expect(Math.abs(fit.sigma - 0.9355)).toBeLessThan(0.15);

    const grouped = await importExample('epsp-grouped-synthetic.csv');
    expect(grouped.parsed.groupColumns).toEqual(['animal', 'area']);
    expect(grouped.clean.groups.map((g) => g.levels)).toEqual([['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], ['V1', 'S1']]);
    expect(grouped.clean.rowCount).toBe(480);

    const paired = await importExample('spine-volume-paired-synthetic.csv');
    expect(paired.parsed.paired).toEqual({ layout: 'columns', before: 'before (µm³)', after: 'after (µm³)', idColumn: 'spine' });
    expect(paired.clean.pairs?.values[0].length).toBe(120);
  });

  it('are listed with their SYNTHETIC description and served by name only', () => {
    const list = listExamples();
    expect(list.map((e) => e.fileName)).toEqual(['epsp-amplitudes-synthetic.csv', 'epsp-grouped-synthetic.csv', 'spine-volume-paired-synthetic.csv']);
    expect(list.every((e) => e.synthetic && e.description.startsWith('SYNTHETIC example data'))).toBe(true);
    expect(list[0].description).toMatch(/Song et al\. 2005/);
    const { bytes } = readExample('epsp-amplitudes-synthetic.csv');
    expect(bytes).toEqual(new Uint8Array(readFileSync(EXAMPLES + 'epsp-amplitudes-synthetic.csv')));
    expect(() => readExample('README.md')).toThrow('Example file "README.md" not found');
    expect(exampleNameSchema.safeParse({ fileName: '../../etc/passwd' }).success).toBe(false);
  });
});
