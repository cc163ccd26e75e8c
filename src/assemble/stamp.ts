/**
 * Text drawn onto printed pages after the fact (folios, running heads, page
 * numbers in slots, crop marks) is marked as /Artifact content, so the
 * document's structure tree (tags) stays exactly as Chromium made it.
 */
import {
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  rgb,
  type PDFFont,
  type PDFPage,
  type RGB,
} from 'pdf-lib';

export interface StampTextOptions {
  font: PDFFont;
  size: number;
  /** Anchor point; `align` says which end of the text sits on it. */
  x: number;
  y: number;
  align: 'left' | 'right' | 'center';
  color?: RGB;
}

/**
 * The same few hundred labels (folios, page numbers in slots) are measured and
 * encoded thousands of times per edition, and each call of pdf-lib's
 * `widthOfTextAtSize` or `encodeText` runs fontkit's full OpenType layout:
 * 0.4 s per four editions. Both are pure for a given font object (encoding only
 * adds the glyphs to that font's own subset, which the first call has done), so
 * the font's own methods are replaced by memoized ones.
 */
export function withMemoizedLayout(font: PDFFont): PDFFont {
  const widths = new Map<string, number>();
  const encoded = new Map<string, ReturnType<PDFFont['encodeText']>>();
  const width = font.widthOfTextAtSize.bind(font);
  const encode = font.encodeText.bind(font);
  font.widthOfTextAtSize = (text: string, size: number): number => {
    const key = `${size}\u0000${text}`;
    let value = widths.get(key);
    if (value === undefined) widths.set(key, (value = width(text, size)));
    return value;
  };
  font.encodeText = (text: string) => {
    let value = encoded.get(text);
    if (value === undefined) encoded.set(text, (value = encode(text)));
    return value;
  };
  return font;
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
