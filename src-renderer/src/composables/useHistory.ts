import { reactive, ref, watch, type Ref } from 'vue';
import type { HistoryPage, PlasticityApi } from '@core/contract/api';
import type { EntryDetail, EntryKind, EntryStatus, EntrySummary } from '@core/contract/entries';
import type { EmptyTrashResult, EntryComparison } from '@core/contract/history';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { useJobsFor } from './useJobs';

export type HistorySort = 'created-desc' | 'created-asc' | 'name-asc' | 'duration-desc';

export interface HistoryFilters {
  query: string;
  kind: EntryKind | '';
  status: EntryStatus | '';
  /** One tag, matched exactly ('' for any). */
  tag: string;
  /** Local days (YYYY-MM-DD, as a date input gives them), both included; '' for open-ended. */
  from: string;
  to: string;
  sort: HistorySort;
  /** Show the trash instead of the live entries. */
  trash: boolean;
}

export interface EntryPatch {
  name?: string;
  notes?: string;
  tags?: string[];
}

/** What a re-run showed about the original: running, then whether every stored number came back bit for bit. */
export interface RerunCheck {
  originalId: string;
  originalName: string;
  jobId: string;
  state: 'running' | 'reproduced' | 'differs' | 'failed' | 'cancelled';
  /** Result fields whose numbers differ from the original's. */
  differing: string[];
  /** Result fields this version stores that the original did not. */
  added: string[];
}

/**
 * Compares a finished re-run with its original through compareEntries: reproduced when no field the original stored
 * differs (fields the original lacks are listed as added, not as differences).
 */
export function rerunOutcome(comparison: EntryComparison): Pick<RerunCheck, 'state' | 'differing' | 'added'> {
  const absentInOriginal = (row: EntryComparison['result'][number]) => row.values[0] === null && row.values[1] !== null;
  const differing = comparison.result.filter((r) => r.differs && !absentInOriginal(r)).map((r) => r.path);
  const added = comparison.result.filter(absentInOriginal).map((r) => r.path);
  return { state: differing.length ? 'differs' : 'reproduced', differing, added };
}

export interface HistoryState {
  filters: HistoryFilters;
  entries: Ref<EntrySummary[]>;
  total: Ref<number>;
  loading: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  selectedId: Ref<string | null>;
  detail: Ref<EntryDetail | null>;
  detailError: Ref<ErrorInfo | null>;
  actionError: Ref<ErrorInfo | null>;
  saving: Ref<boolean>;
  /** Entries marked in the table (kept across filter changes), for comparing or bundling. */
  checked: Ref<string[]>;
  comparison: Ref<EntryComparison | null>;
  /** What the last emptying of the trash did (how many went, which were kept because others use them). */
  emptied: Ref<EmptyTrashResult | null>;
  /** The last re-run started here and what it showed. */
  rerunCheck: Ref<RerunCheck | null>;
  reload(): Promise<void>;
  check(id: string, on: boolean): void;
  /** Lines up the marked entries side by side (two or more). */
  compareChecked(): Promise<void>;
  closeComparison(): void;
  emptyTrash(): Promise<void>;
  select(id: string | null): Promise<void>;
  save(patch: EntryPatch): Promise<void>;
  remove(id: string): Promise<void>;
  restore(id: string): Promise<void>;
  /** Runs the entry again (same kind, configuration and seed) as a new job; its progress shows in the jobs panel. */
  rerun(id: string): Promise<void>;
  dispose(): void;
}

/** The instant a local day (YYYY-MM-DD) starts, `offsetDays` later, as the ISO time the API filters on. */
export function localDayStart(day: string, offsetDays: number): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + offsetDays).toISOString();
}

/** Typing in the search box reloads after this pause, not on every key. */
export const FILTER_DEBOUNCE_MS = 200;

export function createHistoryStore(api: PlasticityApi): HistoryState {
  const jobs = useJobsFor(api);
  const filters = reactive<HistoryFilters>({ query: '', kind: '', status: '', tag: '', from: '', to: '', sort: 'created-desc', trash: false });
  const entries = ref<EntrySummary[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const selectedId = ref<string | null>(null);
  const detail = ref<EntryDetail | null>(null);
  const detailError = ref<ErrorInfo | null>(null);
  const actionError = ref<ErrorInfo | null>(null);
  const saving = ref(false);
  const checked = ref<string[]>([]);
  const comparison = ref<EntryComparison | null>(null);
  const emptied = ref<EmptyTrashResult | null>(null);
  const rerunCheck = ref<RerunCheck | null>(null);
  // Only the answer to the latest request may land (an older, slower one must not overwrite it).
  let listRequest = 0;
  let detailRequest = 0;

  async function reload(): Promise<void> {
    const request = ++listRequest;
    loading.value = true;
    try {
      const query = filters.query.trim();
      const page: HistoryPage = await api.listHistory({
        ...(query ? { query } : {}),
        ...(filters.kind ? { kinds: [filters.kind] } : {}),
        ...(filters.status ? { statuses: [filters.status] } : {}),
        ...(filters.tag.trim() ? { tag: filters.tag.trim() } : {}),
        ...(filters.from ? { createdFrom: localDayStart(filters.from, 0) } : {}),
        ...(filters.to ? { createdBefore: localDayStart(filters.to, 1) } : {}),
        sort: filters.sort,
        trash: filters.trash,
      });
      if (request !== listRequest) return;
      entries.value = page.entries;
      total.value = page.total;
      error.value = null;
    } catch (caught) {
      if (request === listRequest) error.value = toErrorInfo(caught);
    } finally {
      if (request === listRequest) loading.value = false;
    }
  }

  async function select(id: string | null): Promise<void> {
    const request = ++detailRequest;
    selectedId.value = id;
    detailError.value = null;
    actionError.value = null;
    if (!id) {
      detail.value = null;
      return;
    }
    try {
      const value = await api.getEntry({ id });
      if (request === detailRequest) detail.value = value;
    } catch (caught) {
      if (request === detailRequest) {
        detail.value = null;
        detailError.value = toErrorInfo(caught);
      }
    }
  }

  function replaceSummary(summary: EntrySummary): void {
    entries.value = entries.value.map((entry) => (entry.id === summary.id ? summary : entry));
    if (detail.value?.id === summary.id) detail.value = { ...detail.value, ...summary };
  }

  async function act(run: () => Promise<void>): Promise<void> {
    saving.value = true;
    actionError.value = null;
    try {
      await run();
    } catch (caught) {
      actionError.value = toErrorInfo(caught);
    } finally {
      saving.value = false;
    }
  }

  let timer: ReturnType<typeof setTimeout> | null = null;
  const stopWatch = watch(
    () => ({ ...filters }),
    (now, before) => {
      if (timer) clearTimeout(timer);
      // The search box waits for a pause in typing; the other filters apply at once.
      const delay = now.query !== before.query || now.tag !== before.tag ? FILTER_DEBOUNCE_MS : 0;
      timer = setTimeout(() => {
        timer = null;
        void reload();
      }, delay);
    },
  );

  // A finished job changes its entry's status, timings and headline figures.
  const stopJobs = jobs.onFinished((event) => {
    void reload();
    if (selectedId.value === event.jobId) void select(event.jobId);
  });

  return {
    filters, entries, total, loading, error, selectedId, detail, detailError, actionError, saving, checked, comparison, emptied, rerunCheck,
    reload, select,
    check(id, on) {
      checked.value = on ? [...new Set([...checked.value, id])] : checked.value.filter((c) => c !== id);
    },
    compareChecked: () =>
      act(async () => {
        comparison.value = await api.compareEntries({ ids: checked.value });
      }),
    closeComparison() {
      comparison.value = null;
    },
    emptyTrash: () =>
      act(async () => {
        emptied.value = await api.emptyTrash({});
        checked.value = [];
        if (detail.value?.deletedAt) await select(null);
        await reload();
      }),
    save: (patch) =>
      act(async () => {
        if (!selectedId.value) return;
        replaceSummary(await api.updateEntry({ id: selectedId.value, ...patch }));
      }),
    remove: (id) =>
      act(async () => {
        await api.deleteEntry({ id });
        if (selectedId.value === id) await select(null);
        await reload();
      }),
    restore: (id) =>
      act(async () => {
        await api.restoreEntry({ id });
        if (selectedId.value === id) await select(null);
        await reload();
      }),
    rerun: (id) =>
      act(async () => {
        const originalName = entries.value.find((e) => e.id === id)?.name ?? detail.value?.name ?? id;
        const { jobId } = await api.rerunEntry({ id });
        const check: RerunCheck = { originalId: id, originalName, jobId, state: 'running', differing: [], added: [] };
        rerunCheck.value = check;
        await reload();
        void jobs.whenFinished(jobId).then(async (event) => {
          const settle = (patch: Partial<RerunCheck>) => {
            if (rerunCheck.value?.jobId === jobId) rerunCheck.value = { ...check, ...patch };
          };
          if (event.status !== 'done') return settle({ state: event.status });
          try {
            settle(rerunOutcome(await api.compareEntries({ ids: [id, jobId] })));
          } catch (caught) {
            actionError.value = toErrorInfo(caught);
          }
        });
      }),
    dispose() {
      stopWatch();
      stopJobs();
      if (timer) clearTimeout(timer);
    },
  };
}

const storeFor = perApi(createHistoryStore);

/** The History page's state; kept per app so filters and selection survive navigating away and back. */
export function useHistory(): HistoryState {
  return storeFor(useLabApi());
}
