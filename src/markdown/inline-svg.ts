/**
 * SVG figures are inlined into the HTML rather than referenced with <img>:
 * an SVG loaded as an image is isolated from the page and cannot use the
 * book's web fonts, so Chromium would fall back to whatever fonts the machine
 * has. Inlined, its text is set in the fonts shipped with coursebook.
 */
import fs from 'node:fs';
import { sanitizeHtml } from './sanitize-html.ts';

/** `idPrefix` (the figure's id) keeps ids unique when two SVGs both define, say, a marker called "arrow". */
export function inlineSvg(file: string, alt: string, idPrefix: string, decorative = false): string {
  const prefix = `${idPrefix}-`;
  let svg = fs.readFileSync(file, 'utf8');
  svg = svg
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!DOCTYPE[\s\S]*?>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  svg = sanitizeHtml(svg).replace(/<foreignObject\b[\s\S]*?<\/foreignObject>/gi, '');
  svg = svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}${id})`)
    .replace(/((?:xlink:)?href)="#([^"]+)"/g, (_m, attr: string, id: string) => `${attr}="#${prefix}${id}"`);
  // A decorative picture is hidden from the accessibility tree (see alt-text.ts).
  if (decorative) return svg.trim().replace(/^<svg\b/, '<svg aria-hidden="true"');
  const label = alt.replace(/"/g, '&quot;');
  return svg.trim().replace(/^<svg\b/, `<svg role="img" aria-label="${label}"`);
}
