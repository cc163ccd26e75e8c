/**
 * Chromium prints every page with the same side margins (it cannot know
 * which pages end up on the left once blank versos are inserted). Here each
 * page's content, links included, moves towards its outer edge so the inner
 * margin holds the binding gutter: rectos right, versos left.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFPage, pushGraphicsState, popGraphicsState, translate } from 'pdf-lib';

export function shiftPageContent(page: PDFPage, dx: number): void {
  if (dx === 0) return;
  const context = page.doc.context;
  page.node.normalize();
  const start = context.register(context.contentStream([pushGraphicsState(), translate(dx, 0)]));
  const end = context.register(context.contentStream([popGraphicsState()]));
  page.node.wrapContentStreams(start, end);
  const annots = page.node.Annots();
  if (!annots) return;
  for (let i = 0; i < annots.size(); i++) {
    const annot = annots.lookupMaybe(i, PDFDict);
    const rect = annot?.lookupMaybe(PDFName.of('Rect'), PDFArray);
    if (!annot || !rect) continue;
    // A missing or non-numeric coordinate counts as 0.
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0));
    annot.set(PDFName.of('Rect'), context.obj([x1 + dx, y1, x2 + dx, y2]));
  }
}
