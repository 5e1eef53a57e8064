import { describe, expect, it } from 'vitest';
import { columnLabel, formatFigure } from '../../src-renderer/src/lib/format';

describe('formatFigure (name-value tables: History, reports, comparisons)', () => {
  it('keeps up to six significant digits without padding zeros', () => {
    expect(formatFigure(0.5)).toBe('0.5');
    expect(formatFigure(23.2556789)).toBe('23.2557');
    expect(formatFigure(-0.0521)).toBe('-0.0521');
    expect(formatFigure(1.45958e-7)).toBe('1.45958e-7');
    expect(formatFigure(2.5e-7)).toBe('2.5e-7');
  });

  it('writes integers with separators and leaves text and non-finite values readable', () => {
    expect(formatFigure(2000)).toBe('2,000');
    expect(formatFigure('negative-entropy')).toBe('negative-entropy');
    expect(formatFigure(NaN)).toBe('NaN');
    expect(formatFigure(null)).toBe('—');
  });
});

describe('columnLabel', () => {
  it('names a column with its unit once', () => {
    expect(columnLabel('amplitude', 'mV')).toBe('amplitude [mV]');
    expect(columnLabel('amplitude (mV)', 'mV')).toBe('amplitude (mV)');
    expect(columnLabel('volume [µm³]', 'µm³')).toBe('volume [µm³]');
    expect(columnLabel('volume', '')).toBe('volume');
  });
});
