/**
 * Page numbers that only the assembled book knows: the TOC's and every
 * "see page N" reference were printed as empty slots (a link to a page
 * anchor with a fixed width); each is filled with the label of the page its
 * anchor landed on, once the book's final page order is planned.
 */
import { PDFArray, PDFDict, PDFName, PDFNumber, type PDFFont, type PDFPage } from 'pdf-lib';
import { PAGE_ANCHOR_PREFIX } from '../markdown/ids.ts';
import { linkDestinationName, type Destination } from './destinations.ts';
import type { PlannedPage } from './plan-pages.ts';
import { stampText } from './stamp.ts';

/** The page's empty page-number slots: links to page anchors, with their rectangles. */
export function slotLinks(page: PDFPage): { name: string; rect: number[] }[] {
  const annots = page.node.Annots();
  if (!annots) return [];
  const out: { name: string; rect: number[] }[] = [];
  for (let i = 0; i < annots.size(); i++) {
    const annot = annots.lookupMaybe(i, PDFDict);
    if (!annot) continue;
    const name = linkDestinationName(annot);
    if (!name?.startsWith(PAGE_ANCHOR_PREFIX)) continue;
    const rect = annot.lookupMaybe(PDFName.of('Rect'), PDFArray);
    if (!rect) continue;
    out.push({ name, rect: rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0)) });
  }
  return out;
}

/** Slot size matches `.cb-pageref { font-size: 10pt; line-height: 1.2 }` in styles/book.css. */
const SLOT_FONT_SIZE = 10;

export function fillPageSlots(
  page: PDFPage,
  planned: PlannedPage,
  dests: Map<string, Destination>,
  labelOfPrinted: (printed: number) => string,
  fontFor: (label: string) => PDFFont,
  rtl: boolean,
): number {
  let overflows = 0;
  for (const slot of slotLinks(page)) {
    const target = dests.get(slot.name);
    if (!target) continue;
    const [x1, y1, x2] = slot.rect as [number, number, number, number];
    // TOC numbers sit flush with the text edge; numbers in running text follow the word "page".
    const alignEnd = planned.part === 'front';
    const align = alignEnd !== rtl ? 'right' : 'left';
    const label = labelOfPrinted(target.pageIndex);
    if (fontFor(label).widthOfTextAtSize(label, SLOT_FONT_SIZE) > x2 - x1 + 0.5) overflows++;
    stampText(page, label, {
      font: fontFor(label),
      size: SLOT_FONT_SIZE,
      x: align === 'right' ? x2 : x1,
      // The slot's baseline: its descent less the (negative) half-leading of line-height 1.2, about 0.25 em.
      y: y1 + SLOT_FONT_SIZE * 0.25,
      align,
    });
  }
  return overflows;
}
