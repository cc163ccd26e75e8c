/**
 * Font programs for what the assembly stamps, as real sfnt (TrueType) files.
 * pdf-lib embeds a font it does not subset byte for byte, so a WOFF would land
 * in /FontFile2, where readers expect TrueType and draw nothing; and its own
 * subsetter (fontkit) breaks the composite digit glyphs of Noto Naskh Arabic.
 * HarfBuzz's subsetter (wasm, through subset-font) reads the WOFF and writes
 * an sfnt holding only the glyphs of the given characters, components and
 * layout closure included: about 70 ms once per build, deterministic output.
 */
import fs from 'node:fs';
import subsetFont from 'subset-font';

const subsets = new Map<string, Promise<Uint8Array>>();

/** The font file (TTF, OTF, WOFF or WOFF2) cut down to `characters`, as an sfnt; computed once per process. */
export function sfntSubset(fontFile: string, characters: string): Promise<Uint8Array> {
  const key = `${fontFile}\0${characters}`;
  let subset = subsets.get(key);
  if (!subset) {
    subset = subsetFont(fs.readFileSync(fontFile), characters, { targetFormat: 'sfnt' }).then((b) => new Uint8Array(b));
    subsets.set(key, subset);
  }
  return subset;
}

/** Every digit a folio or page number may be printed with (see assemble-interior.ts localizeDigits). */
export const FOLIO_DIGITS = [
  '0123456789',
  '\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669', // Arabic-Indic
  '\u06F0\u06F1\u06F2\u06F3\u06F4\u06F5\u06F6\u06F7\u06F8\u06F9', // Extended Arabic-Indic (Persian, Urdu)
].join('');
