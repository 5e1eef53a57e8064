import { strToU8, zipSync, type Zippable } from 'fflate';

/**
 * A minimal .xlsx writer for tests and benchmarks (no fixture file to commit for large or hostile workbooks): the
 * five parts every reader needs, numbers as number cells, text as shared strings (or inline strings), optional date
 * cells through a date number format. What Excel writes is richer; this is the shape of what it must at least read.
 */
export type XlsxCell = string | number | boolean | Date | null;

export interface XlsxSheet {
  name: string;
  rows: Iterable<XlsxCell[]>;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Excel's serial day number of a date (1900 system, days since 1899-12-30). */
function serial(date: Date): number {
  return (date.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000;
}

export function sheetXml(rows: Iterable<XlsxCell[]>, strings: Map<string, number> | null): Uint8Array {
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  let r = 0;
  const letters: string[] = [];
  for (const row of rows) {
    r++;
    let line = `<row r="${r}">`;
    row.forEach((cell, j) => {
      if (cell === null) return;
      const ref = `${(letters[j] ??= columnLetters(j))}${r}`;
      if (typeof cell === 'number') line += `<c r="${ref}"><v>${cell}</v></c>`;
      else if (typeof cell === 'boolean') line += `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
      else if (cell instanceof Date) line += `<c r="${ref}" s="1"><v>${serial(cell)}</v></c>`;
      else if (strings) {
        let k = strings.get(cell);
        if (k === undefined) {
          k = strings.size;
          strings.set(cell, k);
        }
        line += `<c r="${ref}" t="s"><v>${k}</v></c>`;
      } else line += `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(cell)}</t></is></c>`;
    });
    parts.push(`${line}</row>`);
  }
  parts.push('</sheetData></worksheet>');
  return strToU8(parts.join(''));
}

/** The zip entries of a workbook; tests may replace or drop one before zipping (`zipSync(entries)`). */
export function xlsxEntries(sheets: XlsxSheet[], options: { sharedStrings?: boolean } = {}): Zippable {
  const strings = options.sharedStrings === false ? null : new Map<string, number>();
  const entries: Zippable = {};
  sheets.forEach((sheet, i) => {
    entries[`xl/worksheets/sheet${i + 1}.xml`] = sheetXml(sheet.rows, strings);
  });
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  entries['[Content_Types].xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    + '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    + sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')
    + '</Types>',
  );
  entries['_rels/.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  entries['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><workbook ${ns}><sheets>`
    + sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')
    + '</sheets></workbook>',
  );
  const rels = sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`);
  if (strings) rels.push(`<Relationship Id="rId${sheets.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`);
  entries['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
  );
  // Style 1 is a date format (built-in number format 14, m/d/yyyy).
  entries['xl/styles.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    + '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
  );
  if (strings) {
    const items = [...strings.keys()].map((s) => `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`).join('');
    entries['xl/sharedStrings.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.size}" uniqueCount="${strings.size}">${items}</sst>`,
    );
  }
  return entries;
}

export function writeXlsx(sheets: XlsxSheet[], options: { sharedStrings?: boolean; level?: 0 | 1 | 6 | 9 } = {}): Uint8Array {
  return zipSync(xlsxEntries(sheets, options), { level: options.level ?? 6 });
}
