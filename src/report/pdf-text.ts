/**
 * A fast reader of the text of PDFs printed by Chromium, for the leak guard:
 * it decodes each content stream (and form XObject), follows the current font
 * and maps glyph codes through the font's /ToUnicode CMap. No layout, no
 * fonts loaded — only the characters, in drawing order, which is all a
 * letters-only comparison needs. About ten times cheaper than pdf.js.
 */
/* eslint-disable @typescript-eslint/no-non-null-assertion -- a byte scanner: every bytes[i] is read below the length its loop checks, the lookup tables have 256 entries, and ToUnicode entries come from regex groups that are not optional */
import { decodeStream } from '../assemble/stream-bytes.ts';
import { rememberDecoded } from './decoded-contents.ts';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, ParseSpeeds, type PDFObject } from 'pdf-lib';

/**
 * Glyph code → text, as typed arrays indexed by code (a 60-page part draws
 * 200,000 glyphs): `unit` holds the one UTF-16 unit most glyphs map to, or
 * NONE, or MULTI for a glyph whose text is longer (a ligature), found in `long`.
 */
interface CMap {
  unit: Int32Array;
  long: Map<number, string>;
}
const NONE = -1;
const MULTI = -2;

/** The text read so far, as UTF-16 units: no string per glyph, one decode at the end. */
class TextSink {
  private units = new Uint16Array(1 << 16);
  private length = 0;

  push(unit: number): void {
    if (this.length === this.units.length) {
      const grown = new Uint16Array(this.units.length * 2);
      grown.set(this.units);
      this.units = grown;
    }
    this.units[this.length++] = unit;
  }

  pushString(text: string): void {
    for (let i = 0; i < text.length; i++) this.push(text.charCodeAt(i));
  }

  get size(): number {
    return this.length;
  }

  truncate(size: number): void {
    this.length = size;
  }

  toString(): string {
    return new TextDecoder('utf-16le').decode(this.units.subarray(0, this.length));
  }
}

export async function pdfText(pdf: Uint8Array | PDFDocument): Promise<string> {
  // A document already parsed (e.g. while merging parts) is read as it is, not parsed again.
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  const cmaps = new Map<PDFObject, CMap>();
  const out = new TextSink();
  for (const page of doc.getPages()) {
    const resources = page.node.Resources();
    const contents = page.node.get(PDFName.of('Contents'));
    for (const stream of streamsOf(doc, contents)) readStream(doc, stream, resources, cmaps, out, 0);
  }
  return out.toString();
}

function streamsOf(doc: PDFDocument, contents: PDFObject | undefined): PDFRawStream[] {
  const value = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  if (value instanceof PDFRawStream) return [value];
  if (value instanceof PDFArray) return value.asArray().flatMap((item) => streamsOf(doc, item));
  return [];
}

/**
 * Reads one content stream. A hand-written scanner over the decoded bytes
 * rather than a regular expression over a string: content streams of a
 * 60-page part run to 6 MB (Chromium positions every glyph on its own), and
 * only a few things matter in them — `/Font size Tf`, `/XObject Do`, `<hex>`
 * strings of glyph codes, and marked-content spans with an /ActualText.
 *
 * Chromium wraps in `/Span <</ActualText <…>>> BDC … EMC` every glyph whose
 * text its font's ToUnicode map cannot give: a ligature drawn across a soft
 * hyphen ("ef­fi­cace" draws an "f" and an "fi" glyph for "f\u00ADfi"), an
 * invisible glyph for each soft hyphen, the apostrophe. The span's text
 * replaces its glyphs', as a PDF reader's copy and paste does; without it a
 * word such as "efficace" read back as "e cace" and no passage holding it
 * could be matched.
 */
function readStream(
  doc: PDFDocument,
  stream: PDFRawStream,
  resources: PDFDict | undefined,
  cmaps: Map<PDFObject, CMap>,
  out: TextSink,
  depth: number,
): void {
  const bytes = decodeStream(stream);
  // A page's own content is read again right after by the untagged-content pass of the merge.
  if (depth === 0) rememberDecoded(stream, bytes);
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  let cmap: CMap | undefined;
  const fontsByName = new Map<number, CMap>();
  /** Glyphs before this offset belong to an ActualText span whose text was already read. */
  let coveredUntil = -1;
  const n = bytes.length;
  // Only `<` and `/` start anything read here, and a glyph is about 25 bytes of numbers and
  // operators (`9.69 0 Td <0014> Tj`): the next of each is found by a native search rather
  // than a JavaScript step per byte, and searched again only once passed.
  let nextLess = -1;
  let nextSlash = -1;
  let i = 0;
  while (i < n) {
    if (nextLess < i) nextLess = indexOrEnd(bytes, LESS, i);
    if (nextSlash < i) nextSlash = indexOrEnd(bytes, SLASH, i);
    i = nextLess < nextSlash ? nextLess : nextSlash;
    if (i >= n) break;
    const c = bytes[i]!;
    if (c === LESS) {
      if (bytes[i + 1] === LESS) {
        i += 2; // a dictionary opens
        continue;
      }
      const end = cmap && i > coveredUntil ? readGlyphs(bytes, i + 1, cmap, out) : bytes.indexOf(GREATER, i + 1);
      if (end < 0) break;
      i = end + 1;
    } else if (c === SLASH) {
      let j = i + 1;
      while (j < n && !DELIMITER[bytes[j]!]) j++;
      if (j - i === ACTUAL_TEXT.length + 1 && isActualText(bytes, i + 1)) {
        i = readActualText(bytes, j, out);
        coveredUntil = spanEnd(bytes, i);
        continue;
      }
      const operator = nextOperator(bytes, j);
      if (operator === 'Tf') {
        // Chromium sets the font again at every line: a short name's bytes, read as one number, find its map again.
        const key = j - i - 1 <= 5 ? packedName(bytes, i + 1, j) : -1;
        const known = key >= 0 ? fontsByName.get(key) : undefined;
        if (known) cmap = known;
        else {
          cmap = cmapOf(doc, fonts?.get(PDFName.of(latin1(bytes, i + 1, j))), cmaps);
          if (key >= 0 && cmap) fontsByName.set(key, cmap);
        }
      } else if (operator === 'Do' && depth < 8) {
        const ref = xobjects?.get(PDFName.of(latin1(bytes, i + 1, j)));
        const form = ref ? doc.context.lookup(ref) : undefined;
        if (form instanceof PDFRawStream && form.dict.get(PDFName.of('Subtype')) === PDFName.of('Form')) {
          const own = form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources;
          readStream(doc, form, own, cmaps, out, depth + 1);
        }
      }
      i = j;
    }
  }
}

/** Up to five bytes as one number (below 2^48, so exact), after a 1 so that leading zero bytes count. */
function packedName(bytes: Uint8Array, start: number, end: number): number {
  let key = 1;
  for (let k = start; k < end; k++) key = key * 256 + bytes[k]!;
  return key;
}

function indexOrEnd(bytes: Uint8Array, byte: number, from: number): number {
  const at = bytes.indexOf(byte, from);
  return at < 0 ? bytes.length : at;
}

const LESS = 0x3c;
const GREATER = 0x3e;
const SLASH = 0x2f;
const ACTUAL_TEXT = Buffer.from('ActualText');

function isActualText(bytes: Uint8Array, at: number): boolean {
  for (let k = 0; k < ACTUAL_TEXT.length; k++) if (bytes[at + k] !== ACTUAL_TEXT[k]) return false;
  return true;
}

/**
 * The text of an `/ActualText <FEFF…>` entry whose name ends at `from`, into
 * `out`; returns the offset after it. A literal `(…)` string (Chromium writes
 * none) is left unread.
 */
function readActualText(bytes: Uint8Array, from: number, out: TextSink): number {
  const start = skipSpace(bytes, from);
  if (bytes[start] !== LESS) return start;
  const end = bytes.indexOf(GREATER, start + 1);
  if (end < 0) return bytes.length;
  readUtf16(bytes, start + 1, end, out);
  return end + 1;
}

/**
 * Where the marked-content span opened just after `from` ends: its `EMC`.
 * Chromium's spans hold only `Td` and `Tj`, so the first `EMC` closes it;
 * glyphs up to there are the span's and not read again.
 */
function spanEnd(bytes: Uint8Array, from: number): number {
  // A span is a few dozen bytes: a plain loop beats a native search's call.
  for (let at = from; at + 2 < bytes.length; at++) {
    if (bytes[at] !== 0x45 || bytes[at + 1] !== 0x4d || bytes[at + 2] !== 0x43) continue; // "EMC"
    const before = bytes[at - 1]!;
    const after = at + 3 < bytes.length ? bytes[at + 3]! : 0x20;
    if ((before <= 0x20 || DELIMITER[before]) && (after <= 0x20 || DELIMITER[after])) return at;
  }
  return bytes.length;
}

/** A `<FEFF…>` text string (UTF-16BE with its byte-order mark) from hex digits `bytes[start, end)`, into `out`. */
function readUtf16(bytes: Uint8Array, start: number, end: number, out: TextSink): void {
  let unit = 0;
  let digits = 0;
  let first = true;
  for (let i = start; i < end; i++) {
    const value = HEX[bytes[i]!]!;
    if (value < 0) continue;
    unit = (unit << 4) | value;
    if (++digits === 4) {
      if (!(first && unit === 0xfeff)) out.push(unit);
      first = false;
      unit = 0;
      digits = 0;
    }
  }
}
/** PDF white space and delimiters end a name. */
const DELIMITER = new Uint8Array(256);
for (const ch of ' \t\r\n\f\0()<>[]{}/%') DELIMITER[ch.charCodeAt(0)] = 1;
const NUMBER_CHAR = new Uint8Array(256);
for (const ch of '+-.0123456789') NUMBER_CHAR[ch.charCodeAt(0)] = 1;
const HEX = new Int8Array(256).fill(-1);
for (const [i, ch] of [...'0123456789abcdef'].entries()) HEX[ch.charCodeAt(0)] = HEX[ch.toUpperCase().charCodeAt(0)] = i;

function latin1(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * The operator that follows a name: `Do` right after it, or `Tf` after one
 * number operand (`/F1 12 Tf`); '' for anything else.
 */
function nextOperator(bytes: Uint8Array, from: number): string {
  let i = skipSpace(bytes, from);
  if (bytes[i] === 0x44 && bytes[i + 1] === 0x6f) return 'Do';
  const numberStart = i;
  while (i < bytes.length && NUMBER_CHAR[bytes[i]!]) i++;
  if (i === numberStart) return '';
  i = skipSpace(bytes, i);
  return bytes[i] === 0x54 && bytes[i + 1] === 0x66 ? 'Tf' : '';
}

function skipSpace(bytes: Uint8Array, i: number): number {
  while (i < bytes.length && bytes[i]! <= 0x20) i++;
  return i;
}

/**
 * Two-byte glyph codes (Chromium's Identity-H fonts) from the hex digits at
 * `start` up to the `>` that closes them, through the CMap, into `out`;
 * returns the offset of that `>`, or -1 (and nothing read) when the string
 * never closes. Reading up to the `>` rather than finding it first spares a
 * search per glyph: a string holds a single glyph.
 */
function readGlyphs(bytes: Uint8Array, start: number, cmap: CMap, out: TextSink): number {
  const before = out.size;
  let code = 0;
  let digits = 0;
  for (let i = start; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === GREATER) return i;
    const value = HEX[c]!;
    if (value < 0) continue; // white space inside the string
    code = (code << 4) | value;
    if (++digits === 4) {
      // A code past the array is unmapped (undefined fails both tests).
      const unit = cmap.unit[code]!;
      if (unit >= 0) out.push(unit);
      else if (unit === MULTI) out.pushString(cmap.long.get(code)!);
      code = 0;
      digits = 0;
    }
  }
  out.truncate(before);
  return -1;
}

function cmapOf(doc: PDFDocument, fontRef: PDFObject | undefined, cache: Map<PDFObject, CMap>): CMap | undefined {
  if (!fontRef) return undefined;
  const cached = cache.get(fontRef);
  if (cached) return cached;
  const font = doc.context.lookupMaybe(fontRef, PDFDict);
  const toUnicode = font?.get(PDFName.of('ToUnicode'));
  const stream = toUnicode ? doc.context.lookup(toUnicode) : undefined;
  const cmap = toArray(
    stream instanceof PDFRawStream ? parseToUnicode(Buffer.from(decodeStream(stream)).toString('latin1')) : new Map<number, string>(),
  );
  cache.set(fontRef, cmap);
  return cmap;
}

function toArray(map: Map<number, string>): CMap {
  // As long as the highest code mapped, not 0x10000: a part has dozens of font subsets of a few hundred glyphs each.
  let size = 0;
  for (const code of map.keys()) if (code < 0x10000 && code >= size) size = code + 1;
  const cmap: CMap = { unit: new Int32Array(size).fill(NONE), long: new Map() };
  for (const [code, text] of map) {
    if (code >= 0x10000 || text.length === 0) continue;
    if (text.length === 1) cmap.unit[code] = text.charCodeAt(0);
    else {
      cmap.unit[code] = MULTI;
      cmap.long.set(code, text);
    }
  }
  return cmap;
}

/** bfchar and bfrange sections of a ToUnicode CMap; destinations are UTF-16BE. */
export function parseToUnicode(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const utf16 = (hex: string): string => {
    const units: number[] = [];
    for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
    return String.fromCharCode(...units);
  };
  for (const section of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const entry of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(entry[1]!, 16), utf16(entry[2]!));
  }
  for (const section of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const entry of section[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const low = parseInt(entry[1]!, 16);
      const high = parseInt(entry[2]!, 16);
      const target = entry[3]!;
      if (target.startsWith('[')) {
        const items = [...target.matchAll(/<([0-9A-Fa-f]+)>/g)].map((m) => utf16(m[1]!));
        items.forEach((value, i) => map.set(low + i, value));
      } else {
        const base = utf16(target.slice(1, -1));
        for (let code = low; code <= high; code++) {
          map.set(code, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (code - low)));
        }
      }
    }
  }
  return map;
}
