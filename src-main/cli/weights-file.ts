import { writeFile } from 'node:fs/promises';
import { encodeNpz, type NamedArray } from '@core/io/npy-writer';
import { formatNumber } from '@core/io/csv-cells';
import { CliError } from './io';

/**
 * Writes named weight arrays for NumPy: an .npz archive (numpy.load(path)['W']) or a CSV with one row per entry,
 * `name,row,col,value` (1-D arrays have col 0; numbers in shortest round-trip form, so they read back exactly):
 * numpy.genfromtxt(path, delimiter=',', names=True, dtype=None, encoding='utf-8').
 */
export function weightsCsv(arrays: NamedArray[]): string {
  const lines = ['name,row,col,value'];
  for (const a of arrays) {
    const cols = a.shape.length === 2 ? a.shape[1] : 1;
    for (let i = 0; i < a.data.length; i++) lines.push(`${a.name},${Math.floor(i / cols)},${i % cols},${formatNumber(a.data[i])}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function writeWeightsFile(path: string, format: 'npz' | 'csv', arrays: NamedArray[]): Promise<void> {
  try {
    await writeFile(path, format === 'npz' ? encodeNpz(arrays) : weightsCsv(arrays));
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as Error).message}`, 1);
  }
}
