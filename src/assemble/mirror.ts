/**
 * Chromium prints every page with the same side margins (it cannot know
 * which pages end up on the left once blank versos are inserted). Here each
 * page's content, links included, moves towards its outer edge so the inner
 * margin holds the binding gutter: rectos right, versos left.
 *
 * The move wraps a page's content streams between `q 1 0 0 1 dx 0 cm` and
 * `Q`. A content stream may be listed in the /Contents of several pages, so
 * a book has one opening stream per distinct dx (two: rectos and versos) and
 * one closing stream, instead of two new streams on every page: a thousand
 * objects fewer to deflate and write for a 500-page book.
 */
import {
  PDFArray,
  PDFDict,
  PDFName,
  PDFNumber,
  popGraphicsState,
  pushGraphicsState,
  translate,
  type PDFContext,
  type PDFPage,
  type PDFRef,
} from 'pdf-lib';

export class MirrorShift {
  /** The opening stream of each shift (dx) used so far. */
  private readonly starts = new Map<number, PDFRef>();
  private end: PDFRef | undefined;

  constructor(private readonly context: PDFContext) {}

  /** Moves the page's content and link areas by `dx` points (positive: to the right). */
  shift(page: PDFPage, dx: number): void {
    if (dx === 0) return;
    page.node.normalize();
    page.node.wrapContentStreams(this.startFor(dx), (this.end ??= this.context.register(this.context.contentStream([popGraphicsState()]))));
    const annots = page.node.Annots();
    if (!annots) return;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookupMaybe(i, PDFDict);
      const rect = annot?.lookupMaybe(PDFName.of('Rect'), PDFArray);
      if (!annot || !rect) continue;
      // A missing or non-numeric coordinate counts as 0.
      const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0));
      annot.set(PDFName.of('Rect'), this.context.obj([x1 + dx, y1, x2 + dx, y2]));
    }
  }

  private startFor(dx: number): PDFRef {
    let start = this.starts.get(dx);
    if (!start) {
      start = this.context.register(this.context.contentStream([pushGraphicsState(), translate(dx, 0)]));
      this.starts.set(dx, start);
    }
    return start;
  }
}
