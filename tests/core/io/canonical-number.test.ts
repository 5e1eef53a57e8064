import { expect, it } from 'vitest';
import { isCanonicalNumberText } from '@core/io/table-builder';

// Soundness is what matters (a false "canonical" would lose the cell's spelling); a false "not canonical" only
// keeps a string that was not needed. The common spellings must still be recognised.
it('never calls a spelling canonical unless String(Number(text)) === text', () => {
  const cases = [
    '0', '-0', '1', '-1', '10', '100', '007', '0.5', '.5', '5.', '0.50', '1.25', '-1.25', '0.000001', '0.0000001',
    '0.0000012', '123456789012345', '1234567890123456', '12345678901234567', '100000000000000000000',
    '1000000000000000000000', '0.1', '0.3', '0.30000000000000004', '1e3', '+1', '1,5', '9007199254740993', '-0.0',
    '999999999999999', '0.123456789012345', '0.1234567890123456', '1.5e-7',
  ];
  for (const text of cases) if (isCanonicalNumberText(text)) expect(String(Number(text))).toBe(text);
  const common = ['0', '1', '-1', '10', '0.5', '1.25', '-1.25', '0.000001', '123456789012345', '0.1', '0.3'];
  for (const text of common) expect([text, isCanonicalNumberText(text)]).toEqual([text, true]);
  // Deterministic sweep over numbers as spreadsheets write them (fixed decimals, various magnitudes).
  let state = 12345;
  let missed = 0;
  for (let k = 0; k < 20000; k++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const v = (state / 2 ** 32 - 0.5) * 10 ** ((state % 17) - 8);
    const text = v.toFixed(state % 9);
    if (isCanonicalNumberText(text)) expect(String(Number(text))).toBe(text);
    else if (String(Number(text)) === text && text.replace(/[-.]/g, '').replace(/^0+/, '').length <= 15) missed++;
  }
  // Only 16-digit spellings may be missed; fixed decimals from a spreadsheet are recognised.
  expect(missed).toBe(0);
});
