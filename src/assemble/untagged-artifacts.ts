/**
 * Chromium leaves some painting outside its tags: dotted leaders (drawn as
 * thousands of tiny rectangles), borders and backgrounds of some boxes, and
 * pictures marked decorative (aria-hidden). PDF/UA allows no such content:
 * what is not tagged must be an /Artifact, or screen readers cannot tell it
 * from text. Each printed page's content streams get their untagged runs
 * wrapped (see report/content-marks.ts). About half a millisecond per page.
 */
import zlib from 'node:zlib';
import { PDFArray, PDFName, PDFRawStream, PDFRef, type PDFDocument, type PDFObject, type PDFPage } from 'pdf-lib';
import { markUntaggedAsArtifacts } from '../report/content-marks.ts';
import { takeDecoded } from '../report/decoded-contents.ts';
import { inflate } from './stream-bytes.ts';

const FLATE = PDFName.of('FlateDecode');

/** A content stream the marking rewrote: its page (0-based), its place in the page's /Contents, its new bytes (deflated). */
export interface RewrittenStream {
  page: number;
  stream: number;
  bytes: Uint8Array;
}

/**
 * What marking a printed document did: the pages that needed no change, and
 * every stream it rewrote on the others. It is a function of the document
 * (and this code), so the build cache keeps it beside the print: a later
 * build of the same document replays it instead of inflating and scanning
 * the pages again (and deflating the rewritten streams).
 */
export interface UntaggedMarks {
  clean: number[];
  rewritten: RewrittenStream[];
}

/**
 * Marks the document's untagged painting. `known` is what an earlier run on
 * the same printed document did (the cache): its pages are not inflated and
 * scanned again. Returns what was done to every page, and how many pages
 * were scanned now (none: `known` covered them all).
 */
export function markUntaggedContent(doc: PDFDocument, known: UntaggedMarks | null = null): { marks: UntaggedMarks; scanned: number } {
  const clean = new Set(known?.clean ?? []);
  const recorded = new Map<number, RewrittenStream[]>();
  for (const stream of known?.rewritten ?? []) recorded.set(stream.page, [...(recorded.get(stream.page) ?? []), stream]);
  const marks: UntaggedMarks = { clean: [], rewritten: [] };
  let scanned = 0;
  for (const [index, page] of doc.getPages().entries()) {
    if (clean.has(index)) {
      marks.clean.push(index);
      continue;
    }
    const replay = recorded.get(index);
    if (replay && replayRewrites(doc, page, replay)) {
      marks.rewritten.push(...replay);
      continue;
    }
    scanned++;
    const rewritten = markPage(doc, page, index);
    if (rewritten.length === 0) marks.clean.push(index);
    else marks.rewritten.push(...rewritten);
  }
  return { marks, scanned };
}

function contentRefs(page: PDFPage): PDFObject[] {
  const contents = page.node.get(PDFName.of('Contents'));
  return contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
}

/** A marked stream in place of the page's stream `ref`: its dictionary, made Flate, with the new bytes. */
function replaceStream(doc: PDFDocument, ref: PDFRef, stream: PDFRawStream, deflated: Uint8Array): void {
  const dict = stream.dict.clone(doc.context);
  dict.set(PDFName.of('Filter'), FLATE);
  dict.delete(PDFName.of('DecodeParms'));
  doc.context.assign(ref, PDFRawStream.of(dict, deflated));
}

function markPage(doc: PDFDocument, page: PDFPage, index: number): RewrittenStream[] {
  const rewritten: RewrittenStream[] = [];
  for (const [position, ref] of contentRefs(page).entries()) {
    if (!(ref instanceof PDFRef)) continue;
    const stream = doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const filter = stream.dict.get(PDFName.of('Filter'));
    // Chromium's streams are Flate or plain; any other filter is left alone.
    if (filter !== undefined && filter !== FLATE) continue;
    const decoded = takeDecoded(stream) ?? (filter === FLATE ? inflate(stream.contents) : stream.contents);
    const marked = markUntaggedAsArtifacts(decoded);
    if (!marked) continue;
    const bytes = zlib.deflateSync(marked);
    replaceStream(doc, ref, stream, bytes);
    rewritten.push({ page: index, stream: position, bytes });
  }
  return rewritten;
}

/** Applies an earlier run's rewrites of one page; false (nothing changed) when they do not fit its streams. */
function replayRewrites(doc: PDFDocument, page: PDFPage, rewrites: RewrittenStream[]): boolean {
  const refs = contentRefs(page);
  const targets = rewrites.map((rewrite) => {
    const ref = refs[rewrite.stream];
    const stream = ref instanceof PDFRef ? doc.context.lookup(ref) : undefined;
    return ref instanceof PDFRef && stream instanceof PDFRawStream ? { ref, stream, bytes: rewrite.bytes } : null;
  });
  if (targets.some((target) => target === null)) return false;
  for (const target of targets) if (target) replaceStream(doc, target.ref, target.stream, target.bytes);
  return true;
}
