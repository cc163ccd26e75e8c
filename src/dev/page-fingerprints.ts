/**
 * Which printed page changed first between two versions of an interior, so
 * the preview can jump there. A page's fingerprint digests its content
 * streams (Chromium's print and the stamped folio and heads) and its links:
 * pages of parts reused from the cache keep their bytes, so the first page
 * whose fingerprint differs is where the edit shows (or where the pages
 * start moving).
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDocument, PDFRawStream, PDFRef, PDFStream, ParseSpeeds, type PDFObject } from 'pdf-lib';

export async function pageFingerprints(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  return doc.getPages().map((page) => {
    const hash = createHash('sha1');
    for (const bytes of contentStreams(doc, page.node.Contents())) hash.update(bytes);
    hash.update(String(page.node.Annots()?.size() ?? 0));
    return hash.digest('hex');
  });
}

/**
 * A digest of each page's body: its largest content stream, which is what
 * Chromium printed (the streams coursebook adds — margin shift, folio, heads —
 * are small). Two pages with the same body digest show the same text and
 * pictures wherever they ended up in the book.
 */
export async function pageBodyDigests(pdf: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  return doc.getPages().map((page) => {
    const largest = contentStreams(doc, page.node.Contents()).reduce<Uint8Array>((a, b) => (b.length > a.length ? b : a), new Uint8Array());
    return createHash('sha1').update(largest).digest('hex');
  });
}

function contentStreams(doc: PDFDocument, contents: PDFObject | undefined): Uint8Array[] {
  const items: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const out: Uint8Array[] = [];
  for (const item of items) {
    const stream = item instanceof PDFRef ? doc.context.lookup(item) : item;
    if (stream instanceof PDFRawStream) out.push(stream.contents);
    else if (stream instanceof PDFStream) out.push(Buffer.from(stream.getContentsString(), 'latin1'));
  }
  return out;
}

/** Index (0-based) of the first page that differs, or null when every page is the same. */
export function firstChangedPage(before: string[], after: string[]): number | null {
  const common = Math.min(before.length, after.length);
  for (let i = 0; i < common; i++) if (before[i] !== after[i]) return i;
  return before.length === after.length ? null : common;
}
