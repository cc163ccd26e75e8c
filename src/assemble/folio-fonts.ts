/**
 * The fonts coursebook stamps folios and page numbers with, embedded the one
 * way every output uses: the Latin face subset by pdf-lib, the book's digit
 * face (Arabic-Indic) subset by HarfBuzz into TrueType, since fontkit's
 * subsetter breaks Noto Naskh Arabic's composite digit glyphs and an
 * unsubset WOFF is not a valid /FontFile2.
 */
import fs from 'node:fs';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { FOLIO_DIGITS, sfntSubset } from './sfnt-subset.ts';

export interface FolioFontFiles {
  latin: string;
  /** The digit face of books not printed with 0–9. */
  digits?: string;
}

export interface FolioFonts {
  latin: PDFFont;
  digits: PDFFont;
  /** The font a label is set in: roman numerals and any ASCII label stay Latin whatever the book's digits. */
  forLabel: (label: string) => PDFFont;
}

/** The document must have a fontkit registered (assemble/shared-fontkit.ts). */
export async function embedFolioFonts(doc: PDFDocument, files: FolioFontFiles): Promise<FolioFonts> {
  // A fixed six-letter tag marks each font as a subset (pdffonts "sub: yes") and keeps its name reproducible.
  const latin = await doc.embedFont(fs.readFileSync(files.latin), { subset: true, customName: 'CBFOLI+CoursebookFolio' });
  const digits = files.digits
    ? await doc.embedFont(await sfntSubset(files.digits, FOLIO_DIGITS), { subset: false, customName: 'CBDIGI+CoursebookDigits' })
    : latin;
  return { latin, digits, forLabel: (label) => (/^[\x20-\x7E]*$/.test(label) ? latin : digits) };
}
