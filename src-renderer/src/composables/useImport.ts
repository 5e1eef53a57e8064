import { computed, reactive, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import type { PlasticityApi } from '@core/contract/api';
import type { ExampleFile, ImportPreview } from '@core/contract/datasets';
import type { ImportMappingInput, ProblemClass } from '@core/io/index';
import { perApi, useLabApi } from '../api/provide';
import { toErrorInfo, type ErrorInfo } from '../lib/errors';
import { useDatasetsFor } from './useDatasets';

export type ImportPhase = 'idle' | 'reading' | 'previewed' | 'importing' | 'imported' | 'failed';

/** The mapping as the form edits it; turned into the API's mapping by `mappingOf`. */
export interface MappingDraft {
  valueColumns: string[];
  unit: string;
  groupColumns: string[];
  paired: boolean;
  before: string;
  after: string;
  idColumn: string;
}

export interface ImportState {
  phase: Ref<ImportPhase>;
  fileName: Ref<string>;
  preview: ShallowRef<ImportPreview | null>;
  draft: MappingDraft;
  name: Ref<string>;
  /** Problem classes whose rows the user chose to drop. */
  drop: Ref<ProblemClass[]>;
  /** Problem classes whose rows the user chose to keep as they are (only classes the report says can be kept). */
  keep: Ref<ProblemClass[]>;
  /** Import even though a data set from the same bytes exists (the user said so after being told). */
  again: Ref<boolean>;
  error: Ref<ErrorInfo | null>;
  importedId: Ref<string | null>;
  /** What still stands between the user and the import, in words; empty when it can go. */
  blockers: ComputedRef<string[]>;
  open(file: File): Promise<void>;
  /**
   * One click on a shipped example: read, check and import it at once (it has no problems to decide), or, when it was
   * imported before and is not in the trash, just point at that data set. `importedId` names the data set either way.
   */
  tryExample(example: ExampleFile): Promise<void>;
  /** What the last example click did, in words ("Imported …", "Already imported as …"). */
  exampleNote: Ref<string>;
  /** Drop or keep the rows of a class (one decision per class; choosing again replaces it). */
  decide(cls: ProblemClass, decision: 'drop' | 'keep'): void;
  check(): Promise<void>;
  runImport(): Promise<void>;
  reset(): void;
}

export function mappingOf(draft: MappingDraft, read?: ImportMappingInput['read']): ImportMappingInput {
  const mapping: ImportMappingInput = { valueColumns: draft.valueColumns, unit: draft.unit, groupColumns: draft.groupColumns, ...(read ? { read } : {}) };
  if (draft.paired && draft.before && draft.after) {
    mapping.valueColumns = [draft.before, draft.after];
    mapping.paired = { layout: 'columns', before: draft.before, after: draft.after, ...(draft.idColumn ? { idColumn: draft.idColumn } : {}) };
  }
  return mapping;
}

function draftOf(mapping: ImportMappingInput): MappingDraft {
  const paired = mapping.paired?.layout === 'columns' ? mapping.paired : null;
  return {
    valueColumns: [...mapping.valueColumns],
    unit: mapping.unit ?? '',
    groupColumns: [...(mapping.groupColumns ?? [])],
    paired: !!paired,
    before: paired?.before ?? '',
    after: paired?.after ?? '',
    idColumn: paired?.idColumn ?? '',
  };
}

/** An example's title from its description ("… not measured data. EPSP amplitudes, log-normal …" -> "EPSP amplitudes"). */
export function exampleTitle(example: ExampleFile): string {
  const after = example.description.split(/not measured data\.\s*/i)[1] ?? '';
  const title = after.split(/[,:(]/)[0].trim();
  return title ? `${title} (synthetic example)` : example.fileName.replace(/\.[^.]+$/, '');
}

function createImport(api: PlasticityApi): ImportState {
  const datasets = useDatasetsFor(api);
  const phase = ref<ImportPhase>('idle');
  const fileName = ref('');
  let bytes: Uint8Array<ArrayBuffer> | null = null;
  const preview = shallowRef<ImportPreview | null>(null);
  const draft = reactive<MappingDraft>({ valueColumns: [], unit: '', groupColumns: [], paired: false, before: '', after: '', idColumn: '' });
  const name = ref('');
  const drop = ref<ProblemClass[]>([]);
  const keep = ref<ProblemClass[]>([]);
  const again = ref(false);
  const error = ref<ErrorInfo | null>(null);
  const importedId = ref<string | null>(null);
  const exampleNote = ref('');

  const blockers = computed(() => {
    const out: string[] = [];
    const p = preview.value;
    if (!p) return ['Choose a file first.'];
    if (!p.report) out.push('Choose at least one value column, then check the mapping.');
    for (const b of p.report?.blocking ?? []) out.push(b.message);
    for (const c of p.report?.classes ?? []) {
      if (c.needsDecision && !drop.value.includes(c.class) && !keep.value.includes(c.class)) out.push(`Decide about: ${c.title}.`);
    }
    if (p.duplicates.length && !again.value) out.push(`This file was imported before as “${p.duplicates[0].name}”: import it again, or choose another file.`);
    return out;
  });

  /** An example needs no mapping step: the import panel goes back to waiting for a file of the user's own. */
  function settleExample(): void {
    bytes = null;
    preview.value = null;
    phase.value = 'idle';
  }

  async function ask(mapping?: ImportMappingInput): Promise<void> {
    if (!bytes) return;
    phase.value = 'reading';
    error.value = null;
    try {
      const result = await api.previewImport({ fileName: fileName.value, bytes, ...(mapping ? { mapping } : {}) });
      preview.value = result;
      Object.assign(draft, draftOf(result.mapping));
      // Decisions stay for classes that still occur (and can still be kept: a long layout cannot keep repeated ids).
      drop.value = drop.value.filter((c) => result.report?.classes.some((r) => r.class === c));
      keep.value = keep.value.filter((c) => result.report?.classes.some((r) => r.class === c && r.keep !== null));
      phase.value = 'previewed';
    } catch (caught) {
      error.value = toErrorInfo(caught);
      phase.value = 'failed';
    }
  }

  return {
    phase, fileName, preview, draft, name, drop, keep, again, error, importedId, blockers, exampleNote,
    async tryExample(example) {
      exampleNote.value = '';
      error.value = null;
      importedId.value = null;
      phase.value = 'reading';
      try {
        const file = await api.getExample({ fileName: example.fileName });
        fileName.value = file.fileName;
        name.value = exampleTitle(example);
        bytes = new Uint8Array(file.bytes);
        drop.value = [];
        keep.value = [];
        const result = await api.previewImport({ fileName: file.fileName, bytes });
        preview.value = result;
        Object.assign(draft, draftOf(result.mapping));
        const earlier = result.duplicates.find((d) => d.deletedAt === null);
        if (earlier) {
          importedId.value = earlier.id;
          exampleNote.value = `Already imported as “${earlier.name}”: shown below.`;
          settleExample();
          return;
        }
        if (!result.report || result.report.blocking.length || result.report.classes.some((c) => c.needsDecision)) {
          // Not expected of a shipped example; the usual decisions below then apply.
          phase.value = 'previewed';
          return;
        }
        again.value = result.duplicates.length > 0; // only a trashed copy exists
        phase.value = 'importing';
        const done = await api.importDataset({
          fileName: file.fileName, bytes, mapping: mappingOf(draft, result.mapping.read), dropClasses: [], keepClasses: [],
          allowDuplicate: again.value, name: name.value,
        });
        importedId.value = done.datasetId;
        datasets.touch(done.datasetId);
        exampleNote.value = `Imported the example “${name.value}” (synthetic data): explore it below, or fit it on the Fit page.`;
        settleExample();
        await datasets.refresh();
      } catch (caught) {
        error.value = toErrorInfo(caught);
        phase.value = 'failed';
      }
    },
    decide(cls, decision) {
      drop.value = decision === 'drop' ? [...new Set([...drop.value, cls])] : drop.value.filter((c) => c !== cls);
      keep.value = decision === 'keep' ? [...new Set([...keep.value, cls])] : keep.value.filter((c) => c !== cls);
    },
    async open(file) {
      fileName.value = file.name;
      name.value = file.name.replace(/\.[^.]+$/, '');
      drop.value = [];
      keep.value = [];
      again.value = false;
      importedId.value = null;
      preview.value = null;
      bytes = new Uint8Array(await file.arrayBuffer());
      await ask();
    },
    check: () => ask(mappingOf(draft, preview.value?.mapping.read)),
    async runImport() {
      if (!bytes || !preview.value) return;
      phase.value = 'importing';
      error.value = null;
      try {
        const done = await api.importDataset({
          fileName: fileName.value, bytes, mapping: mappingOf(draft, preview.value.mapping.read), dropClasses: drop.value,
          keepClasses: keep.value, allowDuplicate: again.value,
          ...(name.value.trim() ? { name: name.value.trim() } : {}),
        });
        importedId.value = done.datasetId;
        datasets.touch(done.datasetId);
        phase.value = 'imported';
        await datasets.refresh();
      } catch (caught) {
        error.value = toErrorInfo(caught);
        phase.value = 'previewed';
      }
    },
    reset() {
      bytes = null;
      preview.value = null;
      fileName.value = '';
      drop.value = [];
      keep.value = [];
      again.value = false;
      error.value = null;
      phase.value = 'idle';
    },
  };
}

const storeFor = perApi(createImport);

export function useImport(): ImportState {
  return storeFor(useLabApi());
}
