/**
 * PDF/UA asks every link annotation for an alternate description in its
 * /Contents (ISO 14289-1 7.18.5), which screen readers announce on the link;
 * Chromium writes none. A link to a place in the book is described by what it
 * leads to — its heading's title when the target is one, and the page label
 * printed for it ("Le conseil d'administration, page 12"); a web link by its
 * address.
 */
import { PDFArray, PDFDict, PDFName, PDFString, PDFHexString, type PDFPage } from 'pdf-lib';
import { PAGE_ANCHOR_PREFIX } from '../markdown/ids.ts';
import { linkDestinationName, type Destination } from './destinations.ts';

export interface LinkTargets {
  dests: Map<string, Destination>;
  /** Titles of headings by html id. */
  titles: Map<string, string>;
  /** The label printed for a page of the print (0-based index as printed). */
  labelOfPrinted: (printedIndex: number) => string;
  /** The word before a page number, in the book's language ("page", "p."…). */
  pageWord: string;
}

export function describeLinks(pages: PDFPage[], targets: LinkTargets): number {
  let described = 0;
  for (const page of pages) {
    const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    if (!annots) continue;
    for (let i = 0; i < annots.size(); i++) {
      const annot = annots.lookupMaybe(i, PDFDict);
      if (!annot || annot.get(PDFName.of('Subtype')) !== PDFName.of('Link') || annot.has(PDFName.of('Contents'))) continue;
      const description = describe(annot, targets);
      if (!description) continue;
      annot.set(PDFName.of('Contents'), PDFHexString.fromText(description));
      described++;
    }
  }
  return described;
}

function describe(annot: PDFDict, targets: LinkTargets): string | null {
  const action = annot.lookupMaybe(PDFName.of('A'), PDFDict);
  const uri = action?.get(PDFName.of('URI'));
  if (uri instanceof PDFString || uri instanceof PDFHexString) return uri.decodeText();
  const name = linkDestinationName(annot);
  if (name === null) return null;
  const dest = targets.dests.get(name);
  if (!dest) return null;
  const page = `${targets.pageWord} ${targets.labelOfPrinted(dest.pageIndex)}`;
  const title = targets.titles.get(name.startsWith(PAGE_ANCHOR_PREFIX) ? name.slice(PAGE_ANCHOR_PREFIX.length) : name);
  return title ? `${title}, ${page}` : page;
}
