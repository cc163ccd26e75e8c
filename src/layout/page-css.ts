import type { PageGeometry } from '../config/types.ts';

/**
 * The @page rule Chromium prints with. Margins are symmetric on purpose:
 * blank versos are inserted after printing, so Chromium cannot know which
 * pages end up on the left. The assemble stage shifts each page's content
 * towards its final outer edge to make the binding gutter (assemble/mirror.ts).
 */
export function pageCss(page: PageGeometry): string {
  const side = symmetricSideMarginMm(page);
  return `@page { size: ${page.widthMm}mm ${page.heightMm}mm; margin: ${page.margins.topMm}mm ${side}mm ${page.margins.bottomMm}mm ${side}mm; }`;
}

export function symmetricSideMarginMm(page: PageGeometry): number {
  return (page.margins.innerMm + page.gutterMm + page.margins.outerMm) / 2;
}

/** How far a recto's content moves right (a verso's moves left by as much), in mm. */
export function mirrorShiftMm(page: PageGeometry): number {
  return page.margins.innerMm + page.gutterMm - symmetricSideMarginMm(page);
}
