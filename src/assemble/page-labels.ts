/**
 * /PageLabels makes a viewer's page box show the printed folio ("iii", "27"):
 * lower-case roman for the front matter, arabic from 1 at the first chapter.
 */
import { PDFDocument, PDFName, PDFNumber, type PDFObject } from 'pdf-lib';
import type { PlannedPage } from './plan-pages.ts';

export function writePageLabels(doc: PDFDocument, pages: PlannedPage[]): void {
  const context = doc.context;
  const nums: PDFObject[] = [];
  const bodyStart = pages.findIndex((p) => p.part === 'body');
  nums.push(PDFNumber.of(0), context.obj({ S: PDFName.of('r') }));
  if (bodyStart > 0) nums.push(PDFNumber.of(bodyStart), context.obj({ S: PDFName.of('D'), St: 1 }));
  else if (bodyStart === 0) nums.splice(0, 2, PDFNumber.of(0), context.obj({ S: PDFName.of('D'), St: 1 }));
  doc.catalog.set(PDFName.of('PageLabels'), context.obj({ Nums: nums }));
}
