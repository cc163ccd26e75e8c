/**
 * `doc.flush()` (what pdf-lib's save runs first) with its deflates remembered.
 *
 * Flushing embeds the folio fonts (font file, ToUnicode map) and the running
 * heads' pages (embedPdf): 40-odd streams per edition, each deflated by pako
 * from a fresh 64 KB window, 10–45 ms of a rebuild's assembly for 16 KB of
 * output. A rebuild after an edit embeds the same heads and the same font
 * subset again: the output of a deflate is a function of its input, so it is
 * kept by the SHA-256 of the input and handed out again, as the very stream
 * pdf-lib's `context.flateStream` makes (pako's bytes, the same dictionary).
 * Nothing else changes: write-pdf.test.ts compares saves made with the memo
 * full and empty against pdf-lib's own.
 */
import { hash } from 'node:crypto';
import type { PDFContext, PDFDocument, PDFRawStream } from 'pdf-lib';

type FlateStream = PDFContext['flateStream'];

/** About forty streams an edition, 16 KB in all: room for every edition of a few builds. */
const REMEMBERED = 2000;
const REMEMBERED_BYTES = 8 * 1024 * 1024;
const deflated = new Map<string, Uint8Array>();
let rememberedBytes = 0;

export async function flushRememberingDeflates(doc: PDFDocument): Promise<void> {
  const context = doc.context;
  const previous = Object.getOwnPropertyDescriptor(context, 'flateStream');
  const original: FlateStream = context.flateStream.bind(context);
  context.flateStream = (contents, dict = {}): PDFRawStream => {
    // Strings (ToUnicode maps) are deflated one byte per code unit, its low eight bits, as pdf-lib's typedArrayFor makes them.
    const key = hash('sha256', typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents, 'base64');
    const known = deflated.get(key);
    // A copy: each document owns its stream's bytes.
    if (known) return context.stream(new Uint8Array(known), { ...dict, Filter: 'FlateDecode' });
    const stream = original(contents, dict);
    if (deflated.size >= REMEMBERED || rememberedBytes + stream.contents.length > REMEMBERED_BYTES) {
      deflated.clear();
      rememberedBytes = 0;
    }
    deflated.set(key, new Uint8Array(stream.contents));
    rememberedBytes += stream.contents.length;
    return stream;
  };
  try {
    await doc.flush();
  } finally {
    if (previous) Object.defineProperty(context, 'flateStream', previous);
    else delete (context as { flateStream?: FlateStream }).flateStream;
  }
}
