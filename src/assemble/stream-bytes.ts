/**
 * A PDF stream's decoded bytes, for every reader of printed PDFs (leak guard,
 * colour conversion, preflight, structure checks). Chromium deflates every
 * stream: node's native inflate does that several times faster than pdf-lib's
 * JavaScript decoder, which stays the fallback for any other filter.
 */
import zlib from 'node:zlib';
import { decodePDFRawStream, PDFName, PDFRawStream, type PDFStream } from 'pdf-lib';

export function decodeStream(stream: PDFStream): Uint8Array {
  if (stream instanceof PDFRawStream) {
    const filter = stream.dict.get(PDFName.of('Filter'));
    if (!filter) return stream.contents;
    if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) return zlib.inflateSync(stream.getContents());
    return decodePDFRawStream(stream).decode();
  }
  // pdf-lib's own streams (drawn content not yet deflated) hold their bytes unencoded.
  const own = stream as unknown as { getUnencodedContents?: () => Uint8Array };
  return own.getUnencodedContents ? own.getUnencodedContents() : stream.getContents();
}
