/**
 * Embedded font programs and whether each is what its /FontFile* key says.
 * A viewer picks its font parser from the key (FontFile: Type 1, FontFile2:
 * TrueType, FontFile3: the /Subtype of the stream) and gives up on anything
 * else — a WOFF in /FontFile2 is drawn by no reader (poppler: "Embedded font
 * file may be invalid"). The first bytes identify the format, so checking
 * them catches a wrong or wrapped program without parsing the font.
 */
import { decodeStream } from '../assemble/stream-bytes.ts';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, ParseSpeeds } from 'pdf-lib';

export type FontFileKey = 'FontFile' | 'FontFile2' | 'FontFile3';

export interface EmbeddedFontProgram {
  /** /FontName of the descriptor, without the leading slash. */
  fontName: string;
  key: FontFileKey;
  /** /Subtype of a FontFile3 stream (Type1C, CIDFontType0C or OpenType). */
  subtype: string | null;
  /** The format the program's first bytes show. */
  format: FontFormat;
  /** True when that format is the one the key (and subtype) requires. */
  valid: boolean;
  ref: string;
}

export type FontFormat = 'truetype' | 'opentype-cff' | 'cff' | 'type1' | 'woff' | 'woff2' | 'truetype-collection' | 'unknown';

export function fontFormatOf(bytes: Uint8Array): FontFormat {
  const tag = String.fromCharCode(...bytes.subarray(0, 4));
  if (tag === 'wOFF') return 'woff';
  if (tag === 'wOF2') return 'woff2';
  if (tag === 'ttcf') return 'truetype-collection';
  if (tag === 'OTTO') return 'opentype-cff';
  if (tag === 'true' || (bytes[0] === 0 && bytes[1] === 1 && bytes[2] === 0 && bytes[3] === 0)) return 'truetype';
  // CFF header: major version 1, minor 0, header size 4, offset size 1–4.
  if (bytes[0] === 1 && bytes[1] === 0 && bytes[2] === 4 && [1, 2, 3, 4].includes(bytes[3] ?? 0)) return 'cff';
  if (tag === '%!PS' || tag === '%!Fo' || (bytes[0] === 0x80 && bytes[1] === 1)) return 'type1';
  return 'unknown';
}

function expectedFormats(key: FontFileKey, subtype: string | null): FontFormat[] {
  if (key === 'FontFile') return ['type1'];
  if (key === 'FontFile2') return ['truetype'];
  if (subtype === 'OpenType') return ['opentype-cff', 'truetype'];
  return ['cff'];
}

const KEYS: FontFileKey[] = ['FontFile', 'FontFile2', 'FontFile3'];

/** Every font program of the document, each read once (font descriptors are found wherever they are). */
export async function embeddedFontPrograms(pdf: Uint8Array | PDFDocument): Promise<EmbeddedFontProgram[]> {
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  const out: EmbeddedFontProgram[] = [];
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('FontDescriptor')) continue;
    for (const key of KEYS) {
      const ref = object.get(PDFName.of(key));
      if (!(ref instanceof PDFRef)) continue;
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const subtypeName = stream.dict.get(PDFName.of('Subtype'));
      const subtype = subtypeName instanceof PDFName ? subtypeName.decodeText() : null;
      const head = decodeStream(stream).subarray(0, 4);
      const format = fontFormatOf(head);
      const fontName = object.get(PDFName.of('FontName'));
      out.push({
        fontName: fontName instanceof PDFName ? fontName.decodeText() : '?',
        key,
        subtype,
        format,
        valid: expectedFormats(key, subtype).includes(format),
        ref: ref.toString(),
      });
    }
  }
  return out;
}
