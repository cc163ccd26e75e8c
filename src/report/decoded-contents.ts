/**
 * Decoded content streams handed from the leak guard's text reader
 * (pdf-text.ts), which inflates every page of every printed part, to the
 * untagged-content pass that runs on the same part right after
 * (assemble/untagged-artifacts.ts): inflating a book's pages twice would cost
 * about 0.3 s of CPU per 500-page edition. Taken once, so a part's bytes are held
 * only between the two.
 */
import type { PDFRawStream } from 'pdf-lib';

const decoded = new WeakMap<PDFRawStream, Uint8Array>();

export function rememberDecoded(stream: PDFRawStream, bytes: Uint8Array): void {
  decoded.set(stream, bytes);
}

export function takeDecoded(stream: PDFRawStream): Uint8Array | undefined {
  const bytes = decoded.get(stream);
  if (bytes) decoded.delete(stream);
  return bytes;
}
