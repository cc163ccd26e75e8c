/**
 * Printer's boxes and crop marks. Without bleed the MediaBox is the trim size.
 * With bleed, the MediaBox grows by the bleed plus room for marks; TrimBox is
 * the trim size and BleedBox the trim plus bleed. The page's origin stays at
 * the trim's lower-left corner (negative MediaBox origin), so nothing printed
 * has to move.
 */
import { rgb, type PDFPage } from 'pdf-lib';
import { asArtifact } from './stamp.ts';
import { mm } from './units.ts';

export interface PrintBoxes {
  /** Trim size in points. */
  width: number;
  height: number;
  bleed: number;
  marks: boolean;
  /**
   * The page's binding edge when the page gets no bleed there (KDP interiors):
   * its MediaBox and BleedBox stop at the trim on that side.
   */
  noBleedAt?: 'left' | 'right';
}

/** Distance from the trim edge to where crop marks start, and their length. */
const MARK_OFFSET = mm(2);
const MARK_LENGTH = mm(8);

export function markArea(boxes: PrintBoxes): number {
  return boxes.marks ? boxes.bleed + MARK_OFFSET + MARK_LENGTH + mm(2) : boxes.bleed;
}

/** Sets the boxes on a page whose content is laid out from (0,0) to the trim size. */
export function applyPrintBoxes(page: PDFPage, boxes: PrintBoxes, trimOrigin = { x: 0, y: 0 }): void {
  const { width, height, bleed } = boxes;
  const outer = markArea(boxes);
  const { x, y } = trimOrigin;
  // Left and right extents beyond the trim: none on a binding edge without bleed.
  const left = (extent: number): number => (boxes.noBleedAt === 'left' ? 0 : extent);
  const right = (extent: number): number => (boxes.noBleedAt === 'right' ? 0 : extent);
  page.setMediaBox(x - left(outer), y - outer, width + left(outer) + right(outer), height + 2 * outer);
  page.setCropBox(x - left(outer), y - outer, width + left(outer) + right(outer), height + 2 * outer);
  page.setBleedBox(x - left(bleed), y - bleed, width + left(bleed) + right(bleed), height + 2 * bleed);
  page.setTrimBox(x, y, width, height);
  if (boxes.marks) drawCropMarks(page, boxes, trimOrigin);
}

function drawCropMarks(page: PDFPage, boxes: PrintBoxes, origin: { x: number; y: number }): void {
  const start = boxes.bleed + MARK_OFFSET;
  const end = start + MARK_LENGTH;
  const corners = [
    { x: origin.x, y: origin.y, sx: -1, sy: -1 },
    { x: origin.x + boxes.width, y: origin.y, sx: 1, sy: -1 },
    { x: origin.x, y: origin.y + boxes.height, sx: -1, sy: 1 },
    { x: origin.x + boxes.width, y: origin.y + boxes.height, sx: 1, sy: 1 },
  ];
  const line = (x1: number, y1: number, x2: number, y2: number): void =>
    page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.25, color: rgb(0, 0, 0) });
  asArtifact(page, () => {
    for (const c of corners) {
      // Horizontal mark in line with the horizontal trim edge, vertical one in line with the vertical edge.
      line(c.x + c.sx * start, c.y, c.x + c.sx * end, c.y);
      line(c.x, c.y + c.sy * start, c.x, c.y + c.sy * end);
    }
  });
}
