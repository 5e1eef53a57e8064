import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { EntrySummary } from '@core/contract/entries';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { readRunResult, readTwoLayerResult } from './useGeometry';

/**
 * Finished simulations in the history whose result holds final weights, so a stored run can be the simulated side of
 * a comparison days after it ran: the linear regression's weights, the two-layer network's first (many-synapse) layer.
 */
export const weightJobKinds = ['md-linear-regression', 'md-two-layer'] as const;

export interface StoredWeightsStore {
  /** Those entries, newest first. */
  entries: ShallowRef<EntrySummary[]>;
  /** True once the list has been read (a remembered choice is only judged stale after that). */
  loaded: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  refresh(): Promise<void>;
  /** `id` if it names a listed entry (or no list was read yet), else '' (a remembered choice whose entry was deleted since). */
  known(id: string): string;
  /** Magnitudes |w| > 0 of the entry's final weights; read once per entry, since a finished entry never changes. */
  magnitudes(id: string): Promise<Float64Array>;
}

/** Synaptic weight magnitudes: measured sizes are positive, simulated weights carry a sign; exact zeros say nothing. */
export function weightMagnitudes(weights: ArrayLike<number>): Float64Array {
  return Float64Array.from(weights, Math.abs).filter((v) => v > 0);
}

/** The final weights in a stored result of one of weightJobKinds, or null if the result is not one. */
export function finalWeightsOf(jobKind: string | null, result: unknown): ArrayLike<number> | null {
  if (jobKind === 'md-linear-regression') return readRunResult(result)?.weightsAfter ?? null;
  if (jobKind === 'md-two-layer') return readTwoLayerResult(result)?.firstLayer.after ?? null;
  return null;
}

function createStoredWeights(api: PlasticityApi): StoredWeightsStore {
  const entries = shallowRef<EntrySummary[]>([]);
  const loaded = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const cache = new Map<string, Promise<Float64Array>>();
  const kinds: readonly string[] = weightJobKinds;

  async function refresh(): Promise<void> {
    error.value = null;
    try {
      // The history cannot filter by job kind: simulations also include RNN runs, which hold no synaptic weights.
      const page = await api.listHistory({ kinds: ['simulation'], statuses: ['done'], sort: 'created-desc', limit: 1000 });
      entries.value = page.entries.filter((e) => e.jobKind !== null && kinds.includes(e.jobKind));
      loaded.value = true;
    } catch (caught) {
      error.value = toErrorInfo(caught);
    }
  }

  function magnitudes(id: string): Promise<Float64Array> {
    let known = cache.get(id);
    if (!known) {
      known = api.getEntry({ id }).then((entry) => {
        const weights = finalWeightsOf(entry.jobKind, entry.result);
        if (!weights) throw new Error(`The history entry “${entry.name}” holds no final weights.`);
        return weightMagnitudes(weights);
      });
      // A failed read is not cached: the next attempt asks again.
      known.catch(() => cache.delete(id));
      cache.set(id, known);
    }
    return known;
  }

  // As useDatasets.known: nothing is judged stale before the list was read, or when reading it failed.
  const known = (id: string) => (!loaded.value || entries.value.some((e) => e.id === id) ? id : '');
  return { entries, loaded, error, refresh, known, magnitudes };
}

const storeFor = perApi(createStoredWeights);

export function useStoredWeights(): StoredWeightsStore {
  return storeFor(useLabApi());
}
export const useStoredWeightsFor = storeFor;
