/**
 * Chromium leaves some painting outside its tags: dotted leaders (drawn as
 * thousands of tiny rectangles), borders and backgrounds of some boxes, and
 * pictures marked decorative (aria-hidden). PDF/UA allows no such content:
 * what is not tagged must be an /Artifact, or screen readers cannot tell it
 * from text. Each printed page's content streams get their untagged runs
 * wrapped (see report/content-marks.ts). About half a millisecond per page.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';
import { markUntaggedAsArtifacts } from '../report/content-marks.ts';
import { takeDecoded } from '../report/decoded-contents.ts';
import { inflate } from './stream-bytes.ts';

const FLATE = PDFName.of('FlateDecode');

/**
 * Returns the pages (0-based) whose content needed no change. `clean` lists
 * those found so by an earlier run on the same printed document (the cache):
 * they are not inflated and scanned again.
 */
export function markUntaggedContent(doc: PDFDocument, clean: readonly number[] = []): number[] {
  const known = new Set(clean);
  const untouched: number[] = [];
  for (const [index, page] of doc.getPages().entries()) {
    if (known.has(index)) {
      untouched.push(index);
      continue;
    }
    let rewritten = false;
    const contents = page.node.get(PDFName.of('Contents'));
    const refs: PDFObject[] = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
    for (const ref of refs) {
      if (!(ref instanceof PDFRef)) continue;
      const stream = doc.context.lookup(ref);
      if (!(stream instanceof PDFRawStream)) continue;
      const filter = stream.dict.get(PDFName.of('Filter'));
      // Chromium's streams are Flate or plain; any other filter is left alone.
      if (filter !== undefined && filter !== FLATE) continue;
      const decoded = takeDecoded(stream) ?? (filter === FLATE ? inflate(stream.contents) : stream.contents);
      const marked = markUntaggedAsArtifacts(decoded);
      if (!marked) continue;
      const dict = stream.dict.clone(doc.context);
      dict.set(PDFName.of('Filter'), FLATE);
      dict.delete(PDFName.of('DecodeParms'));
      const replacement = PDFRawStream.of(dict, zlib.deflateSync(marked));
      doc.context.assign(ref, replacement);
      rewritten = true;
    }
    if (!rewritten) untouched.push(index);
  }
  return untouched;
}
