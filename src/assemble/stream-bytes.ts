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
    if (filter === PDFName.of('FlateDecode') && !stream.dict.has(PDFName.of('DecodeParms'))) return inflate(stream.contents);
    return decodePDFRawStream(stream).decode();
  }
  // pdf-lib's own streams (drawn content not yet deflated) hold their bytes unencoded.
  const own = stream as unknown as { getUnencodedContents?: () => Uint8Array };
  return own.getUnencodedContents ? own.getUnencodedContents() : stream.getContents();
}

/**
 * zlib's default 16 KB output chunks make a 90 KB page 6 allocations and a
 * copy to join them; Chromium's content inflates to about 11 times its size,
 * so one chunk of 16 times (a power of two, at most 4 MB) mostly holds it all.
 */
export function inflate(bytes: Uint8Array): Uint8Array {
  const guess = 2 ** Math.ceil(Math.log2(Math.max(1, bytes.length) * 16));
  return zlib.inflateSync(bytes, { chunkSize: Math.min(Math.max(guess, 1 << 14), 1 << 22) });
}
