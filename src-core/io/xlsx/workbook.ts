import { ElementStream, attributes, elements, relationshipId, runText } from './xml';
import { ZipError, entryText, inflateEntry, type ZipEntry } from './zip';

/**
 * The parts of a workbook around its sheets: which sheets there are and where (workbook.xml and its relationships),
 * which cell styles are dates (styles.xml) and the shared strings. Found through the package relationships as Excel,
 * LibreOffice and openpyxl write them, part names matched without regard to case.
 */

/** Largest small part (workbook, relationships, styles) and largest shared-strings part, unpacked. */
const SMALL_PART_LIMIT = 16 * 1024 * 1024;
const SHARED_STRINGS_LIMIT = 256 * 1024 * 1024;

export interface WorkbookSheet {
  name: string;
  entry: ZipEntry;
}

export interface Workbook {
  sheets: WorkbookSheet[];
  /** Dates counted from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
  /** Per cell style index (`s`): true when its number format shows a date or time. */
  dateStyles: boolean[];
  sharedStrings: () => string[];
}

class Parts {
  private readonly byName = new Map<string, ZipEntry>();

  constructor(private readonly bytes: Uint8Array, entries: ZipEntry[]) {
    for (const e of entries) this.byName.set(e.name.toLowerCase(), e);
  }

  get(name: string): ZipEntry | undefined {
    return this.byName.get(name.toLowerCase());
  }

  text(name: string): string | null {
    const entry = this.get(name);
    return entry ? entryText(this.bytes, entry, SMALL_PART_LIMIT) : null;
  }

  /** Relationship id -> target part name, for the part `owner` (its rels live in _rels/<file>.rels beside it). */
  relationships(owner: string): Map<string, { type: string; target: string }> {
    const slash = owner.lastIndexOf('/');
    const folder = owner.slice(0, slash + 1);
    const text = this.text(`${folder}_rels/${owner.slice(slash + 1)}.rels`);
    const out = new Map<string, { type: string; target: string }>();
    for (const { attrs } of text ? elements(text, 'Relationship') : []) {
      const a = attributes(attrs);
      const target = a.get('Target');
      if (!target || a.get('TargetMode') === 'External') continue;
      out.set(a.get('Id') ?? '', { type: a.get('Type') ?? '', target: resolvePart(folder, target) });
    }
    return out;
  }
}

/** A relationship target relative to the owner's folder (or absolute from the package root) as a part name. */
function resolvePart(folder: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/** Built-in number formats that show dates or times (ECMA-376 18.8.30; 27-36 and 50-58 are East Asian dates). */
function isBuiltInDate(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A custom format code shows a date when, outside quoted text, escapes and [colour]/[$-locale] blocks, it has d m y h s. */
function isDateFormat(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]/gi, '');
  return /[dmyhs]/i.test(bare) && !/^(general|@)$/i.test(bare.trim());
}

function readStyles(parts: Parts, rels: Map<string, { type: string; target: string }>): boolean[] {
  const target = [...rels.values()].find((r) => r.type.endsWith('/styles'))?.target;
  const text = target ? parts.text(target) : null;
  if (!text) return [];
  const custom = new Map<number, boolean>();
  for (const { attrs } of elements(text, 'numFmt')) {
    const a = attributes(attrs);
    custom.set(Number(a.get('numFmtId')), isDateFormat(a.get('formatCode') ?? ''));
  }
  const cellXfs = elements(text, 'cellXfs')[0]?.inner ?? '';
  return elements(cellXfs, 'xf').map(({ attrs }) => {
    const id = Number(attributes(attrs).get('numFmtId') ?? 0);
    return custom.get(id) ?? isBuiltInDate(id);
  });
}

function readSharedStrings(bytes: Uint8Array, entry: ZipEntry | undefined): string[] {
  const strings: string[] = [];
  if (!entry) return strings;
  const stream = new ElementStream('si', (_attrs, inner) => strings.push(runText(inner)), entry.name);
  inflateEntry(bytes, entry, SHARED_STRINGS_LIMIT, (chunk) => stream.push(chunk));
  stream.finish();
  return strings;
}

export function readWorkbook(bytes: Uint8Array, entries: ZipEntry[]): Workbook {
  const parts = new Parts(bytes, entries);
  const root = parts.relationships('');
  const workbookPath = [...root.values()].find((r) => r.type.endsWith('/officeDocument'))?.target
    ?? (parts.get('xl/workbook.xml') ? 'xl/workbook.xml' : null);
  const workbookText = workbookPath ? parts.text(workbookPath) : null;
  if (!workbookPath || workbookText === null) {
    const what = parts.get('word/document.xml') ? 'a Word document' : parts.get('ppt/presentation.xml') ? 'a PowerPoint file' : 'a zip archive';
    throw new ZipError(`it is ${what}, not an Excel workbook (it has no workbook part)`);
  }
  const rels = parts.relationships(workbookPath);
  const sheets: WorkbookSheet[] = [];
  for (const { attrs } of elements(workbookText, 'sheet')) {
    const a = attributes(attrs);
    const rel = rels.get(relationshipId(a) ?? '');
    const entry = rel ? parts.get(rel.target) : undefined;
    // Chart sheets and dialog sheets are not worksheets: they hold no cells.
    if (!entry || !rel?.type.endsWith('/worksheet')) continue;
    sheets.push({ name: a.get('name') ?? `Sheet${sheets.length + 1}`, entry });
  }
  if (sheets.length === 0) throw new ZipError('the workbook lists no worksheet');
  const workbookPr = elements(workbookText, 'workbookPr')[0];
  const date1904 = workbookPr ? /^(1|true)$/.test(attributes(workbookPr.attrs).get('date1904') ?? '') : false;
  const sharedEntry = [...rels.values()].find((r) => r.type.endsWith('/sharedStrings'));
  return {
    sheets, date1904, dateStyles: readStyles(parts, rels),
    sharedStrings: () => readSharedStrings(bytes, sharedEntry ? parts.get(sharedEntry.target) : undefined),
  };
}
