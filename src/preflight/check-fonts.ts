/**
 * Every font is embedded, and its program is of the kind its /FontFile key
 * promises: a TrueType (sfnt) program in /FontFile2, CFF or OpenType in
 * /FontFile3 as its /Subtype says, Type 1 in /FontFile. A WOFF or WOFF2 file
 * anywhere is invalid: readers cannot use it (poppler: "Embedded font file
 * may be invalid").
 */
import { PDFArray, PDFName, PDFStream, type PDFDocument } from 'pdf-lib';
import { decodeStream } from '../assemble/color/convert-document.ts';
import type { Violation } from './types.ts';
import { lookupDict, type PdfObjects } from './walk.ts';

const ascii = (bytes: Uint8Array, length: number): string => Buffer.from(bytes.subarray(0, length)).toString('latin1');

/** What the first bytes of a font program say it is. */
export function fontProgramKind(bytes: Uint8Array): 'truetype' | 'opentype-cff' | 'cff' | 'type1' | 'woff' | 'woff2' | 'ttc' | 'unknown' {
  const head = ascii(bytes, 4);
  if (head === '\x00\x01\x00\x00' || head === 'true') return 'truetype';
  if (head === 'OTTO') return 'opentype-cff';
  if (head === 'wOFF') return 'woff';
  if (head === 'wOF2') return 'woff2';
  if (head === 'ttcf') return 'ttc';
  if (bytes[0] === 0x80 && bytes[1] === 0x01) return 'type1';
  if (ascii(bytes, 2) === '%!') return 'type1';
  // CFF: major version 1, header size 4 or more.
  if (bytes[0] === 1 && bytes[1] === 0 && (bytes[2] ?? 0) >= 4) return 'cff';
  return 'unknown';
}

const ACCEPTED: Record<string, string[]> = {
  FontFile: ['type1'],
  FontFile2: ['truetype'],
  'FontFile3/Type1C': ['cff'],
  'FontFile3/CIDFontType0C': ['cff'],
  'FontFile3/OpenType': ['opentype-cff', 'truetype'],
};

export function checkFonts(doc: PDFDocument, objects: PdfObjects): Violation[] {
  const found: Violation[] = [];
  for (const { page, name, dict } of objects.fonts) {
    const subtype = dict.get(PDFName.of('Subtype'))?.toString();
    if (subtype === '/Type3') continue;
    const baseName = dict.get(PDFName.of('BaseFont'))?.toString().slice(1) ?? name;
    const descendant = subtype === '/Type0' ? lookupDict(doc, dict.lookupMaybe(PDFName.of('DescendantFonts'), PDFArray)?.get(0)) : dict;
    const descriptor = lookupDict(doc, descendant?.get(PDFName.of('FontDescriptor')));
    const fileKey = ['FontFile', 'FontFile2', 'FontFile3'].find((key) => descriptor?.get(PDFName.of(key)));
    if (!descriptor || !fileKey) {
      found.push({
        severity: 'error',
        code: 'preflight/font-not-embedded',
        message: `font ${baseName} is not embedded`,
        page,
        hint: 'printers refuse PDFs with fonts that are not embedded: use a font file the book ships (styles/ @font-face), not a system font',
      });
      continue;
    }
    const program = doc.context.lookup(descriptor.get(PDFName.of(fileKey)));
    if (!(program instanceof PDFStream)) continue;
    let bytes: Uint8Array;
    try {
      bytes = decodeStream(program);
    } catch {
      bytes = new Uint8Array();
    }
    const kind = fontProgramKind(bytes);
    const key = fileKey === 'FontFile3' ? `FontFile3/${program.dict.get(PDFName.of('Subtype'))?.toString().slice(1) ?? '?'}` : fileKey;
    if (ACCEPTED[key]?.includes(kind)) continue;
    found.push({
      severity: 'error',
      code: 'preflight/font-invalid',
      message: `font ${baseName}: /${key} holds ${kind === 'unknown' ? 'no recognizable font program' : `a ${kind.toUpperCase()} file`}, not ${ACCEPTED[key]?.join(' or ') ?? 'a known kind'}`,
      page,
      hint: kind.startsWith('woff')
        ? 'convert WOFF/WOFF2 fonts to TrueType/OpenType before embedding them'
        : 'embed the font as a TrueType or CFF program of the kind its /FontFile key names',
    });
  }
  return found;
}
