/**
 * pdf-lib deflates every stream it creates (stamps, mirror shifts, embedded
 * pages) with pako when the document is saved, starting a fresh deflate state
 * for each: thousands of tiny streams cost about a second per 500-page
 * edition, most of it allocation. Deflating them with node's native zlib
 * first, as raw streams pdf-lib writes unchanged, gives the same PDF objects
 * (deterministically: same input, same bytes) at a fraction of the cost.
 * Call it last, just before saving: pdf-lib keeps appending to a page's own
 * content stream object, which this replaces.
 */
import zlib from 'node:zlib';
import { PDFFlateStream, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

/**
 * Most of these streams are a few hundred bytes (a folio, a running head):
 * zlib's default state (a 32 KB window, 128 KB of hash chains) cost more to
 * set up than to use. The window is sized to the stream; the output is
 * ordinary zlib data any reader inflates.
 */
function deflate(bytes: Uint8Array): Buffer {
  let windowBits = 9;
  while (windowBits < 15 && 1 << windowBits < bytes.length) windowBits++;
  return zlib.deflateSync(bytes, { windowBits, memLevel: Math.min(8, windowBits - 6) });
}

export function deflateNewStreams(doc: PDFDocument): number {
  const flate = PDFName.of('FlateDecode');
  let replaced = 0;
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    // Streams created with encode=false carry no /Filter and are left as they are.
    if (!(object instanceof PDFFlateStream) || object.dict.get(PDFName.of('Filter')) !== flate) continue;
    doc.context.assign(ref, PDFRawStream.of(object.dict, deflate(object.getUnencodedContents())));
    replaced++;
  }
  return replaced;
}
