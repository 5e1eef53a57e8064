/**
 * Everything the compare page and `plasticity-lab compare A B` report about two samples, in one plain object:
 * two-sample KS, k-sample Anderson-Darling (k = 2), Wasserstein-1 on the raw and log scales, and the ratios of
 * medians and log-sds with bootstrap CIs. Log-scale figures need positive values; when a sample has zeros or
 * negatives they are null and `logScaleUnavailable` says why, while the raw-scale figures are still given.
 */
import { z } from 'zod';
import type { JobContext } from '../../runtime/context';
import { andersonKSample, type AndersonKSampleResult } from './anderson-ksamp';
import { ks2Sample, type Ks2Result } from './ks2';
import { ratioBootstrap, type RatioInterval } from './ratio-bootstrap';
import { assertFiniteSample } from './validate';
import { wasserstein1, wasserstein1Log } from './wasserstein';

export const CompareConfigSchema = z.object({
  ksMethod: z.enum(['auto', 'exact', 'asymp']).default('auto'),
  /** Bootstrap resamples for the ratio CIs: 0 skips them, otherwise at least 100. */
  resamples: z.union([z.literal(0), z.number().int().min(100).max(200_000)]).default(2000),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  level: z.number().gt(0.5).lt(1).default(0.95),
});
export type CompareConfig = z.input<typeof CompareConfigSchema>;

export interface CompareResult {
  nA: number;
  nB: number;
  ks2: Ks2Result;
  andersonKSample: AndersonKSampleResult;
  wasserstein: number;
  wassersteinLog: number | null;
  /** median(b) / median(a) and sd(log b) / sd(log a) with percentile CIs; null without positive data or resamples. */
  medianRatio: RatioInterval | null;
  logSdRatio: RatioInterval | null;
  logScaleUnavailable: string | null;
}

function nonPositiveCount(x: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < x.length; i++) if (!(x[i] > 0)) k++;
  return k;
}

export function compareSamples(a: ArrayLike<number>, b: ArrayLike<number>, config: CompareConfig, ctx: JobContext): CompareResult {
  const cfg = CompareConfigSchema.parse(config);
  assertFiniteSample(a, 'first sample', 3);
  assertFiniteSample(b, 'second sample', 3);
  const badA = nonPositiveCount(a);
  const badB = nonPositiveCount(b);
  const reasons: string[] = [];
  if (badA > 0) reasons.push(`first sample has ${badA} zero or negative value(s)`);
  if (badB > 0) reasons.push(`second sample has ${badB} zero or negative value(s)`);
  const logOk = reasons.length === 0;
  const ratios = logOk && cfg.resamples > 0 ? ratioBootstrap(a, b, { resamples: cfg.resamples, seed: cfg.seed, level: cfg.level }, ctx) : null;
  return {
    nA: a.length,
    nB: b.length,
    ks2: ks2Sample(a, b, { method: cfg.ksMethod }),
    andersonKSample: andersonKSample([a, b]),
    wasserstein: wasserstein1(a, b),
    wassersteinLog: logOk ? wasserstein1Log(a, b) : null,
    medianRatio: ratios ? ratios.medianRatio : null,
    logSdRatio: ratios ? ratios.logSdRatio : null,
    logScaleUnavailable: logOk ? null : `${reasons.join('; ')}: log-scale figures omitted`,
  };
}
