/**
 * Running heads and the edition mark are set by Chromium, like the rest of
 * the book, so any script is shaped correctly (Arabic included) in the book's
 * fonts: one small page per distinct text, printed once and stamped onto the
 * pages it belongs to (stampFurniture, assemble/assemble-interior.ts). Folios and page numbers are
 * digits only and are drawn directly.
 */
import { pathToFileURL } from 'node:url';
import { escapeHtml } from '../markdown/sanitize-html.ts';

export interface FurnitureText {
  text: string;
  /** Where the text sits in its box, in the page's physical terms. */
  align: 'left' | 'right' | 'center';
  kind: 'head' | 'mark';
}

export interface FurnitureBox {
  widthMm: number;
  heightMm: number;
}

export function renderFurnitureHtml(input: {
  texts: FurnitureText[];
  box: FurnitureBox;
  lang: string;
  dir: 'ltr' | 'rtl';
  fontCss: string;
  stylesheet: string;
}): string {
  const pages = input.texts
    .map((t) => {
      // Physical left/right, whatever the writing direction.
      const position = t.align === 'center' ? 'center' : (t.align === 'left') === (input.dir === 'ltr') ? 'start' : 'end';
      return `<div class="furniture ${position} ${t.kind}"><span>${escapeHtml(t.text)}</span></div>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang)}" dir="${input.dir}">
<head><meta charset="utf-8">
<style>${input.fontCss}</style>
<link rel="stylesheet" href="${pathToFileURL(input.stylesheet).href}">
<style>@page { size: ${input.box.widthMm}mm ${input.box.heightMm}mm; margin: 0; }</style>
</head>
<body>
${pages}
</body>
</html>
`;
}
