import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExampleFile } from '@core/contract/datasets';
import { notFound } from '@core/contract/errors';

/**
 * The synthetic example data sets shipped in resources/examples/ (drawn by scripts/make-examples.py), so a new user
 * can try every workflow at once. Both from source (src-main/import/) and from the build (out/main/) the folder is two
 * levels up; PLASTICITY_LAB_EXAMPLES overrides it (e.g. a packaged app's resources folder).
 */
export function examplesDir(): string {
  return process.env.PLASTICITY_LAB_EXAMPLES ?? fileURLToPath(new URL('../../resources/examples/', import.meta.url));
}

/** The first comment lines of a file: what it is and where its parameters come from. */
function describeFile(text: string): string {
  return text.split('\n').filter((line) => line.startsWith('#')).map((line) => line.replace(/^#\s*/, '')).join(' ');
}

export function listExamples(dir = examplesDir()): ExampleFile[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.(csv|tsv|txt|xlsx|npy)$/i.test(f)).sort();
  } catch {
    return [];
  }
  return names.map((fileName) => {
    const bytes = readFileSync(join(dir, fileName));
    return { fileName, byteSize: bytes.byteLength, description: describeFile(bytes.subarray(0, 2000).toString('utf8')), synthetic: true };
  });
}

/** One example's bytes, by its listed name only (never a path). */
export function readExample(fileName: string, dir = examplesDir()): { fileName: string; bytes: Uint8Array } {
  if (!listExamples(dir).some((e) => e.fileName === fileName)) throw notFound(`Example file "${fileName}"`);
  const buffer = readFileSync(join(dir, fileName));
  return { fileName, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
}
