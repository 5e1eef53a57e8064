/** Loads tests/fixtures/stats-fit/reference.json (written by generate_reference.py) and decodes its data sets. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FamilyName, Params } from '@core/stats/family';

export interface ReferenceFit {
  params: Params;
  logLik: number;
  closedForm: boolean;
}
export interface ReferenceDataset {
  name: string;
  n: number;
  values: string;
  fits: Partial<Record<FamilyName, ReferenceFit>>;
  vuong: { a: FamilyName; b: FamilyName; R: number; statistic: number; pValue: number }[];
  lognormalProfileCi?: { level: number; mu: [number, number]; sigma: [number, number] };
  powerlaw?: { ks: number; xmin: number; alpha: number; nTail: number };
  bcaMu?: { level: number; replicates: number[]; z0: number; acceleration: number; percentile: [number, number]; bca: [number, number] };
  observed?: {
    cut: number;
    nBelow: number;
    truncated: Record<string, { params: Params; logLik: number }>;
    censored: Record<string, { params: Params; logLik: number }>;
  };
}
export interface Reference {
  special: {
    erf: [number, number, number][];
    normalCdf: [number, number, number][];
    normalQuantile: [number, number][];
    logGamma: [number, number, number, number][];
    incompleteGamma: [number, number, number, number, number, number][];
    incompleteGammaInverse: [number, number, number, number][];
  };
  densities: {
    dist: FamilyName;
    params: Params;
    x: number[];
    pdf: number[];
    logpdf: number[];
    cdf: number[];
    logsf: number[];
    q: number[];
    ppf: number[];
    mean: number;
    var: number;
  }[];
  datasets: ReferenceDataset[];
}

const path = fileURLToPath(new URL('../../fixtures/stats-fit/reference.json', import.meta.url));
export const reference: Reference = JSON.parse(readFileSync(path, 'utf8'), (_k, v) =>
  v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v,
);

export function decodeValues(ds: ReferenceDataset): Float64Array {
  const buf = Buffer.from(ds.values, 'base64');
  const out = new Float64Array(ds.n);
  for (let i = 0; i < ds.n; i++) out[i] = buf.readDoubleLE(8 * i);
  return out;
}

export function dataset(name: string): { ds: ReferenceDataset; x: Float64Array } {
  const ds = reference.datasets.find((d) => d.name === name);
  if (!ds) throw new Error(`no reference data set ${name}`);
  return { ds, x: decodeValues(ds) };
}

/** |a - b| / |b| (absolute when b = 0). */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
