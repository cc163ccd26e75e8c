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
import { hash } from 'node:crypto';
import zlib from 'node:zlib';
import { PDFFlateStream, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

/**
 * Most of these streams are a few hundred bytes (a folio, a running head):
 * zlib's default state (a 32 KB window, 128 KB of hash chains) cost more to
 * set up than to use. The window is sized to the stream; the output is
 * ordinary zlib data any reader inflates.
 *
 * zlib hands back a view of its 16 KB output chunk, which a few dozen bytes
 * would keep alive for as long as the document (or the memo below) holds
 * them: thousands of streams an edition, 16 KB each. The bytes are copied
 * out at their own size.
 */
function deflateSized(bytes: Uint8Array): Uint8Array {
  let windowBits = 9;
  while (windowBits < 15 && 1 << windowBits < bytes.length) windowBits++;
  const out = zlib.deflateSync(bytes, { windowBits, memLevel: Math.min(8, windowBits - 6) });
  return out.byteLength === out.buffer.byteLength ? out : new Uint8Array(out);
}

/**
 * The same few hundred bytes are deflated again by every build of a process
 * (`coursebook dev`, the benchmark): the folio, head and mirror shift of a
 * page are the same until its number or place changes. Streams up to
 * REMEMBERED_STREAM bytes are remembered by the SHA-256 of their content (the
 * output is a function of it; the content itself is not kept); about a tenth
 * of a millisecond each, a few thousand per edition.
 */
const REMEMBERED_STREAM = 4096;
const REMEMBERED_STREAMS = 40_000;
const deflated = new Map<string, Uint8Array>();

function deflate(bytes: Uint8Array): Uint8Array {
  if (bytes.length > REMEMBERED_STREAM) return deflateSized(bytes);
  const key = hash('sha256', bytes, 'base64');
  let out = deflated.get(key);
  if (!out) {
    if (deflated.size >= REMEMBERED_STREAMS) deflated.clear();
    deflated.set(key, (out = deflateSized(bytes)));
  }
  // A copy: each document owns its stream's bytes.
  return new Uint8Array(out);
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
