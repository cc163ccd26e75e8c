/**
 * A fast reader of the text of PDFs printed by Chromium, for the leak guard:
 * it decodes each content stream (and form XObject), follows the current font
 * and maps glyph codes through the font's /ToUnicode CMap. No layout, no
 * fonts loaded — only the characters, in drawing order, which is all a
 * letters-only comparison needs. About ten times cheaper than pdf.js.
 */
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFRawStream,
  PDFRef,
  ParseSpeeds,
  type PDFObject,
} from 'pdf-lib';

type CMap = Map<number, string>;

export async function pdfText(pdf: Uint8Array | PDFDocument): Promise<string> {
  // A document already parsed (e.g. while merging parts) is read as it is, not parsed again.
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  const cmaps = new Map<PDFObject, CMap>();
  const out: string[] = [];
  for (const page of doc.getPages()) {
    const resources = page.node.Resources();
    const contents = page.node.get(PDFName.of('Contents'));
    for (const stream of streamsOf(doc, contents)) readStream(doc, stream, resources, cmaps, out, 0);
  }
  return out.join('');
}

function streamsOf(doc: PDFDocument, contents: PDFObject | undefined): PDFRawStream[] {
  const value = contents instanceof PDFRef ? doc.context.lookup(contents) : contents;
  if (value instanceof PDFRawStream) return [value];
  if (value instanceof PDFArray) return value.asArray().flatMap((item) => streamsOf(doc, item));
  return [];
}

const TOKENS = /\/([^\s/[\]<>()]+)\s+-?[\d.]+\s+Tf|\/([^\s/[\]<>()]+)\s+Do\b|<([0-9A-Fa-f\s]*)>/g;

function readStream(
  doc: PDFDocument,
  stream: PDFRawStream,
  resources: PDFDict | undefined,
  cmaps: Map<PDFObject, CMap>,
  out: string[],
  depth: number,
): void {
  const text = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  const fonts = resources?.lookupMaybe(PDFName.of('Font'), PDFDict);
  const xobjects = resources?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  let cmap: CMap | undefined;
  for (const match of text.matchAll(TOKENS)) {
    if (match[1] !== undefined) {
      cmap = cmapOf(doc, fonts?.get(PDFName.of(match[1])), cmaps);
    } else if (match[2] !== undefined && depth < 8) {
      const ref = xobjects?.get(PDFName.of(match[2]));
      const form = ref ? doc.context.lookup(ref) : undefined;
      if (form instanceof PDFRawStream && form.dict.get(PDFName.of('Subtype'))?.toString() === '/Form') {
        const own = form.dict.lookupMaybe(PDFName.of('Resources'), PDFDict) ?? resources;
        readStream(doc, form, own, cmaps, out, depth + 1);
      }
    } else if (match[3] !== undefined && cmap) {
      const hex = match[3];
      let run = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) run += cmap.get(parseInt(hex.substring(i, i + 4), 16)) ?? '';
      out.push(run);
    }
  }
}

function cmapOf(doc: PDFDocument, fontRef: PDFObject | undefined, cache: Map<PDFObject, CMap>): CMap | undefined {
  if (!fontRef) return undefined;
  const cached = cache.get(fontRef);
  if (cached) return cached;
  const font = doc.context.lookupMaybe(fontRef, PDFDict);
  const toUnicode = font?.get(PDFName.of('ToUnicode'));
  const stream = toUnicode ? doc.context.lookup(toUnicode) : undefined;
  const cmap = stream instanceof PDFRawStream ? parseToUnicode(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')) : new Map();
  cache.set(fontRef, cmap);
  return cmap;
}

/** bfchar and bfrange sections of a ToUnicode CMap; destinations are UTF-16BE. */
export function parseToUnicode(text: string): CMap {
  const map: CMap = new Map();
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
