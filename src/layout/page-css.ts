import type { PageGeometry } from '../config/types.ts';

/**
 * The @page rule Chromium prints with. Margins are symmetric on purpose:
 * blank versos are inserted after printing, so Chromium cannot know which
 * pages end up on the left. The assemble stage shifts each page's content
 * towards its final outer edge to make the binding gutter (assemble/mirror.ts).
 */
export function pageCss(page: PageGeometry, slotDigits = 3): string {
  const side = symmetricSideMarginMm(page);
  return (
    `@page { size: ${page.widthMm}mm ${page.heightMm}mm; margin: ${page.margins.topMm}mm ${side}mm ${page.margins.bottomMm}mm ${side}mm; }\n` +
    `:root { --cb-slot-digits: ${slotDigits}; }`
  );
}

/** Characters of running text an A4 page with the default margins and type holds, roughly. */
const CHARS_PER_A4_PAGE = 2800;

/**
 * Page-number slots are sized before anyone knows the page count: the
 * edition's length is estimated from its text, with room to spare. Too wide
 * a slot leaves a gap after "page 7"; too narrow is reported after printing
 * (assemble: `assemble/slot-overflow`).
 */
export function estimateSlotDigits(textChars: number, page: PageGeometry): number {
  const area = (w: number, h: number, m: PageGeometry['margins'], gutter: number): number =>
    (w - m.innerMm - m.outerMm - gutter) * (h - m.topMm - m.bottomMm);
  const a4 = area(210, 297, { topMm: 22, bottomMm: 24, innerMm: 20, outerMm: 18 }, 8);
  const pages = (textChars / CHARS_PER_A4_PAGE) * (a4 / area(page.widthMm, page.heightMm, page.margins, page.gutterMm));
  return String(Math.ceil(pages * 1.3) + 8).length;
}

export function symmetricSideMarginMm(page: PageGeometry): number {
  return (page.margins.innerMm + page.gutterMm + page.margins.outerMm) / 2;
}

/** How far a recto's content moves right (a verso's moves left by as much), in mm. */
export function mirrorShiftMm(page: PageGeometry): number {
  return page.margins.innerMm + page.gutterMm - symmetricSideMarginMm(page);
}
