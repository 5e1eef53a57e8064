/**
 * The sample a fit job works on, prepared identically in every shard (deterministic, so the report shard and the
 * bootstrap shards see the same values): validation by stats/fit's validateSample, plus the observation model's
 * own rules. Left-truncated: values below the threshold cannot have been recorded, so they are an error (or dropped
 * with dropInvalid). Left-censored: values <= limit are the censored rows (the importer carries `<0.1` as 0.1), and so
 * are values the data-set resolver flags as censored. Outside the censored model, flagged values are an error (their
 * number is only an upper bound), or dropped with dropInvalid.
 */
import type { FamilyName } from '../../stats/family';
import { SampleError, validateSample, type ObservationModel } from '../../stats/fit/index';
import type { FitJobConfig } from './fit-schema';
import { withoutCensored } from './sample-input';

export interface PreparedFitSample {
  /** Recorded (fully observed) values, validated. */
  values: Float64Array;
  /** The model the fits use (censored: nBelow = every censored row). */
  model: ObservationModel;
  /** Censored rows (0 unless the model is censored). */
  nBelow: number;
  /** What the goodness-of-fit statistics see: recorded values, and censored rows carried as the limit. */
  gofData: Float64Array;
  dropped: { nan: number; infinite: number; nonPositive: number; belowThreshold: number; censored: number; total: number };
  warnings: string[];
}

export function prepareFitSample(
  input: Float64Array,
  config: Pick<FitJobConfig, 'families' | 'observation' | 'dropInvalid'>,
  censoredFlags: Uint8Array | null = null,
): PreparedFitSample {
  const families = config.families as FamilyName[];
  const obs = config.observation;
  if (input.length === 0) throw new SampleError('empty', 0, 'the sample is empty: no values to fit');
  const flagged = censoredFlags ? censoredFlags.reduce((k, c) => k + (c === 1 ? 1 : 0), 0) : 0;
  if (flagged > 0 && obs.kind !== 'censored' && !config.dropInvalid) {
    throw new SampleError('below-limit', flagged, `${flagged} value${flagged === 1 ? ' is' : 's are'} below a detection limit (censored, e.g. "<0.1"): fit them with the left-censored observation model, or drop them`);
  }
  const raw = withoutCensored(input, censoredFlags);
  const droppedCensored = obs.kind === 'censored' ? 0 : flagged;
  const note = droppedCensored > 0 ? [`dropped ${droppedCensored} censored value${droppedCensored === 1 ? '' : 's'} (below a detection limit)`] : [];
  if (obs.kind === 'complete') {
    const checked = validateSample(raw, families, { dropInvalid: config.dropInvalid });
    return {
      values: checked.values, model: obs, nBelow: 0, gofData: checked.values,
      dropped: { ...checked.dropped, belowThreshold: 0, censored: droppedCensored, total: checked.dropped.total + droppedCensored },
      warnings: [...note, ...checked.warnings],
    };
  }
  if (obs.kind === 'truncated') {
    let below = 0;
    for (let i = 0; i < raw.length; i++) if (raw[i] < obs.threshold) below++;
    if (below > 0 && !config.dropInvalid) {
      throw new SampleError('below-limit', below, `${below} value${below === 1 ? ' is' : 's are'} below the truncation threshold ${obs.threshold}, which recorded values cannot be`);
    }
    const kept = below > 0 ? raw.filter((x) => !(x < obs.threshold)) : raw;
    const checked = validateSample(kept, families, { dropInvalid: config.dropInvalid });
    const warnings = below > 0 ? [`dropped ${below} value${below === 1 ? '' : 's'} below the truncation threshold ${obs.threshold}`, ...checked.warnings] : checked.warnings;
    return {
      values: checked.values, model: obs, nBelow: 0, gofData: checked.values,
      dropped: { ...checked.dropped, belowThreshold: below, censored: droppedCensored, total: checked.dropped.total + below + droppedCensored },
      warnings: [...note, ...warnings],
    };
  }
  if (!(obs.limit > 0)) throw new Error(`the censoring limit must be positive for these families, got ${obs.limit}`);
  let censored = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i] <= obs.limit) censored++;
  const recorded = raw.filter((x) => !(x <= obs.limit));
  const checked = validateSample(recorded, families, { dropInvalid: config.dropInvalid });
  const nBelow = censored + flagged + obs.nBelow;
  const gofData = new Float64Array(checked.values.length + nBelow);
  gofData.fill(obs.limit, 0, nBelow);
  gofData.set(checked.values, nBelow);
  return {
    values: checked.values, model: { kind: 'censored', limit: obs.limit, nBelow }, nBelow, gofData,
    dropped: { ...checked.dropped, belowThreshold: 0, censored: 0 }, warnings: checked.warnings,
  };
}
