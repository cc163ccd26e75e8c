/**
 * Text drawn onto printed pages after the fact (folios, running heads, page
 * numbers in slots, crop marks) is marked as /Artifact content, so the
 * document's structure tree (tags) stays exactly as Chromium made it.
 */
import { PDFName, PDFOperator, PDFOperatorNames, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

export interface StampTextOptions {
  font: PDFFont;
  size: number;
  /** Anchor point; `align` says which end of the text sits on it. */
  x: number;
  y: number;
  align: 'left' | 'right' | 'center';
  color?: RGB;
}

export function asArtifact(page: PDFPage, draw: () => void): void {
  page.pushOperators(PDFOperator.of(PDFOperatorNames.BeginMarkedContent, [PDFName.of('Artifact')]));
  draw();
  page.pushOperators(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
}

export function stampText(page: PDFPage, text: string, options: StampTextOptions): void {
  const width = options.font.widthOfTextAtSize(text, options.size);
  const x = options.align === 'left' ? options.x : options.align === 'right' ? options.x - width : options.x - width / 2;
  asArtifact(page, () =>
    page.drawText(text, { x, y: options.y, size: options.size, font: options.font, color: options.color ?? rgb(0.1, 0.1, 0.1) }),
  );
}
