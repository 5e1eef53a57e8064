import { describe, expect, it } from 'vitest';
import { csvText, formatNumber } from '@core/io/csv-cells';

/** The payloads of OWASP's CSV-injection page and the ones the hardening probe used (issue 15). */
const FORMULAS = ["=cmd|' /C calc'!A0", '+SUM(1+1)*cmd|\' /C calc\'!A0', '@SUM(1+1)', '=HYPERLINK("http://evil.example","click")', '-2+3+cmd|\' /C calc\'!A0', '\t=1+1', '\r=1+1'];

describe('CSV text cells', () => {
  it('defuses every text that a spreadsheet would run as a formula with a leading apostrophe', () => {
    for (const formula of FORMULAS) {
      const cell = csvText(formula);
      const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      expect(unquoted).toBe(`'${formula}`);
    }
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('@user')).toBe("'@user");
  });

  it('leaves ordinary labels, signed numbers written as text and inner signs alone; quotes what CSV needs', () => {
    expect(csvText('V1')).toBe('V1');
    expect(csvText('-5')).toBe('-5');
    expect(csvText('+1.5e3')).toBe('+1.5e3');
    expect(csvText('a=b')).toBe('a=b');
    expect(csvText('S1, barrel')).toBe('"S1, barrel"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText(' padded')).toBe('" padded"');
    expect(csvText('-')).toBe("'-");
  });

  it('writes numbers as their shortest round-trip decimal, untouched by the formula rule', () => {
    expect([-2, -0, 0.1, NaN, Infinity, -Infinity, 5e-324].map(formatNumber)).toEqual(['-2', '-0', '0.1', 'NaN', 'inf', '-inf', '5e-324']);
  });
});
