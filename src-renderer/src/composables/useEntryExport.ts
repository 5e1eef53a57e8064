import { ref, version as vueVersion, type Ref } from 'vue';
import { strToU8, zipSync } from 'fflate';
import type { EntryDetail } from '@core/contract/entries';
import { useLabApi } from '../api/provide';
import { echarts } from '../components/charts/echarts';
import { buildHtmlReport, snapshotResult } from '../lib/html-report';
import { downloadBlob, fileSlug } from '../lib/download';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { useAppInfo } from './useAppInfo';

export interface EntryExportState {
  busy: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  /** A self-contained HTML report of the entry; `resultRoot` is the on-screen result whose charts it inlines. */
  report(entry: EntryDetail, resultRoot: HTMLElement | null): Promise<void>;
  /** entry.json plus one CSV per stored array, zipped into one download. */
  data(entry: EntryDetail): Promise<void>;
  /** A bundle file (a small history database) of these entries and their inputs, for a colleague's restore-backup. */
  bundle(ids: string[]): Promise<void>;
}

/** Exports from the History page: reports, data, bundles, each one download and its error shown where it was asked. */
export function useEntryExport(): EntryExportState {
  const api = useLabApi();
  const { info } = useAppInfo();
  const busy = ref(false);
  const error = ref<ErrorInfo | null>(null);

  async function act(run: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    try {
      await run();
    } catch (caught) {
      error.value = toErrorInfo(caught);
    } finally {
      busy.value = false;
    }
  }

  return {
    busy,
    error,
    report: (entry, resultRoot) =>
      act(async () => {
        const app = info.value ?? (await api.getAppInfo({}));
        const versions = { [app.name]: app.version, ...app.versions, vue: vueVersion, echarts: echarts.version };
        const html = buildHtmlReport({ entry, versions, resultHtml: resultRoot ? snapshotResult(resultRoot) : null, generatedAt: new Date() });
        downloadBlob(new Blob([html], { type: 'text/html' }), `${fileSlug(entry.name)}-report.html`);
      }),
    data: (entry) =>
      act(async () => {
        const exported = await api.exportEntry({ id: entry.id });
        const files: Record<string, Uint8Array> = { 'entry.json': strToU8(exported.json) };
        for (const csv of exported.csv) files[csv.name] = strToU8(csv.text);
        downloadBlob(new Blob([zipSync(files, { level: 6 })], { type: 'application/zip' }), `${fileSlug(entry.name)}.zip`);
      }),
    bundle: (ids) =>
      act(async () => {
        const bundle = await api.exportBundle({ ids });
        // Copied into a plain ArrayBuffer: a Blob takes no view of a possibly shared buffer.
        downloadBlob(new Blob([new Uint8Array(bundle.bytes)], { type: 'application/vnd.sqlite3' }), bundle.fileName);
      }),
  };
}
