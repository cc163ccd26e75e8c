/**
 * Alternate text of pictures, for readers who cannot see them (PDF/UA: every
 * Figure has /Alt). `{alt="…"}` is the picture's alternate text; without it
 * the bracketed text, which is also the caption (`![this text](file.svg)`).
 * A picture that only decorates says so — `![](rule.svg){.decorative}`, or
 * `![](rule.svg "decorative")` — and is printed as an artifact that screen
 * readers skip; no alternate text otherwise is an oversight, reported with
 * its file and line.
 */
import type { Tokens } from 'marked';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { WithAttributes } from './trailing-attributes.ts';

export function altText(image: WithAttributes<Tokens.Image>): string {
  return image.cbAttributes?.values['alt'] ?? image.text;
}

export function isDecorative(image: WithAttributes<Tokens.Image>): boolean {
  if (image.cbAttributes?.classes.includes('decorative')) return true;
  return altText(image).trim() === '' && /^\s*decorative\s*$/i.test(image.title ?? '');
}

type Place = { file: string; line: number; column: number };

export function checkAltText(image: WithAttributes<Tokens.Image>, bag: DiagnosticBag, at: Place): void {
  if (altText(image).trim() !== '' || isDecorative(image)) return;
  bag.warn({
    code: 'markdown/image-without-alt',
    message: `image "${image.href}" has no alternate text: screen readers will only say "image"`,
    ...at,
    hint:
      `describe what it shows between the brackets, ![what the picture shows](${image.href}), or in {alt="…"}; ` +
      `if it only decorates, write ![](${image.href}){.decorative}`,
  });
}
