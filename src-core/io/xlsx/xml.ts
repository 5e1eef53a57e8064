import { ZipError } from './zip';

/**
 * The little XML an .xlsx needs, without a general parser: the parts are machine-written, so elements are found by
 * name (with or without a namespace prefix), attributes read from the start tag and text unescaped. Sheets and
 * shared strings arrive in chunks and are scanned element by element, so a million-row sheet is never one string.
 */

const ENTITY = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);|_x([0-9a-fA-F]{4})_/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character and entity references, and OOXML's `_xHHHH_` escapes (how Excel stores e.g. a carriage return). */
export function unescapeXml(text: string): string {
  if (text.indexOf('&') < 0 && text.indexOf('_x') < 0) return text;
  return text.replace(ENTITY, (match, entity: string | undefined, hex: string | undefined) => {
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    if (entity === undefined) return match;
    if (entity[0] !== '#') return NAMED[entity];
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The attributes of a start tag's text (`r="A1" s="2" t="s"`) by their names as written, values unescaped. */
export function attributes(tagText: string): Map<string, string> {
  const out = new Map<string, string>();
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(tagText); m; m = ATTRIBUTE.exec(tagText)) out.set(m[1], unescapeXml(m[2] ?? m[3]));
  return out;
}

/** A relationship id attribute (`r:id`, whatever prefix the writer bound to the relationships namespace). */
export function relationshipId(attrs: Map<string, string>): string | undefined {
  for (const [name, value] of attrs) if (name.endsWith(':id')) return value;
  return undefined;
}

/** Every `name` element of a complete text: its attribute text and its inner text ('' when self-closing). */
export function elements(text: string, name: string): { attrs: string; inner: string }[] {
  const pattern = elementPattern(name);
  const out: { attrs: string; inner: string }[] = [];
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) out.push({ attrs: m[1], inner: m[2] ?? '' });
  return out;
}

export function elementPattern(name: string): RegExp {
  return new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*?)(?:/>|>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}>)`, 'g');
}

/** The text of an element's `<t>` runs, phonetic runs (`<rPh>`) left out: a shared string or an inline string. */
export function runText(inner: string): string {
  const body = inner.indexOf('rPh') >= 0 ? inner.replace(/<(?:[\w.-]+:)?rPh[\s>][\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, '') : inner;
  let text = '';
  const pattern = /<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([^<]*)<\/(?:[\w.-]+:)?t>)/g;
  for (let m = pattern.exec(body); m; m = pattern.exec(body)) text += m[1] ?? '';
  return unescapeXml(text);
}

/** Longest text a single element may take before it is called damaged (a row of 16 384 long cells fits easily). */
const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;

/**
 * Feeds chunks of UTF-8 XML and calls `onElement` for every complete `name` element, in order; an element cut by a
 * chunk boundary waits for the next chunk. `finish()` after the last chunk.
 */
export class ElementStream {
  private readonly decoder = new TextDecoder();
  private readonly pattern: RegExp;
  private readonly startTag: RegExp;
  private carry = '';

  constructor(name: string, private readonly onElement: (attrs: string, inner: string) => void, private readonly what: string) {
    this.pattern = elementPattern(name);
    this.startTag = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>]|$)`, 'g');
  }

  push(chunk: Uint8Array): void {
    this.scan(this.carry + this.decoder.decode(chunk, { stream: true }));
  }

  finish(): void {
    this.scan(this.carry + this.decoder.decode());
  }

  private scan(text: string): void {
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    let done = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      this.onElement(m[1], m[2] ?? '');
      done = pattern.lastIndex;
    }
    this.carry = text.slice(this.unfinished(text, done));
    if (this.carry.length > MAX_ELEMENT_CHARS) throw new ZipError(`${this.what} has an element longer than ${MAX_ELEMENT_CHARS / 1024 / 1024} MiB (the file is damaged)`);
  }

  /** Where what is not yet complete begins: the element's first start tag after `done`, else a trailing '<...'. */
  private unfinished(text: string, done: number): number {
    this.startTag.lastIndex = done;
    const started = this.startTag.exec(text);
    if (started) return started.index;
    const open = text.lastIndexOf('<');
    return open >= done && text.indexOf('>', open) < 0 ? open : text.length;
  }
}
