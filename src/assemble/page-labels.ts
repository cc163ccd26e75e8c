/**
 * /PageLabels makes a viewer's page box show the printed folio ("iii", "27"):
 * lower-case roman for the front matter, arabic from 1 at the first chapter.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFObject } from 'pdf-lib';
import type { PlannedPage } from './plan-pages.ts';

/**
 * Arabic-Indic (or other non-Latin) folios cannot be expressed by a label
 * style (/S only knows 0–9, roman and letters): each body page then gets its
 * own range whose prefix /P is the printed folio, so labels still equal folios.
 */
export function writePageLabels(doc: PDFDocument, pages: PlannedPage[], printed: (label: string) => string = (l) => l): void {
  const context = doc.context;
  if (pages.some((p) => p.part === 'body' && printed(p.label) !== p.label)) {
    const nums: PDFObject[] = [];
    pages.forEach((page, index) => {
      if (page.part === 'front') {
        if (index === 0) nums.push(PDFNumber.of(0), context.obj({ S: PDFName.of('r') }));
        return;
      }
      nums.push(PDFNumber.of(index), context.obj({ P: PDFHexString.fromText(printed(page.label)) }));
    });
    doc.catalog.set(PDFName.of('PageLabels'), context.obj({ Nums: nums }));
    return;
  }
  const nums: PDFObject[] = [];
  const bodyStart = pages.findIndex((p) => p.part === 'body');
  nums.push(PDFNumber.of(0), context.obj({ S: PDFName.of('r') }));
  if (bodyStart > 0) nums.push(PDFNumber.of(bodyStart), context.obj({ S: PDFName.of('D'), St: 1 }));
  else if (bodyStart === 0) nums.splice(0, 2, PDFNumber.of(0), context.obj({ S: PDFName.of('D'), St: 1 }));
  doc.catalog.set(PDFName.of('PageLabels'), context.obj({ Nums: nums }));
}
