/**
 * The PDF outline (bookmarks), built from the same targets as the table of
 * contents: chapters, with their sections nested under them.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFRef, type PDFDict } from 'pdf-lib';
import { itemAt } from '../item-at.ts';

export interface OutlineItem {
  title: string;
  pageRef: PDFRef;
  y: number;
  children: OutlineItem[];
}

export function writeOutline(doc: PDFDocument, items: OutlineItem[]): void {
  if (items.length === 0) return;
  const context = doc.context;
  const rootRef = context.nextRef();
  const { first, last, count } = writeLevel(doc, items, rootRef);
  const root = context.obj({ Type: 'Outlines', First: first, Last: last, Count: count });
  context.assign(rootRef, root);
  doc.catalog.set(PDFName.of('Outlines'), rootRef);
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'));
}

function writeLevel(doc: PDFDocument, items: OutlineItem[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } {
  const context = doc.context;
  const refs = items.map(() => context.nextRef());
  let count = 0;
  items.forEach((item, i) => {
    const dict: PDFDict = context.obj({
      Title: PDFHexString.fromText(item.title),
      Parent: parent,
      Dest: [item.pageRef, PDFName.of('XYZ'), PDFNull, PDFNumber.of(Math.round(item.y)), PDFNull],
    });
    const ref = itemAt(refs, i);
    const previous = refs[i - 1];
    const next = refs[i + 1];
    if (previous) dict.set(PDFName.of('Prev'), previous);
    if (next) dict.set(PDFName.of('Next'), next);
    if (item.children.length > 0) {
      const child = writeLevel(doc, item.children, ref);
      dict.set(PDFName.of('First'), child.first);
      dict.set(PDFName.of('Last'), child.last);
      // Negative count: chapters start closed, sections one click away.
      dict.set(PDFName.of('Count'), PDFNumber.of(-child.count));
    }
    context.assign(ref, dict);
    count += 1;
  });
  const first = refs[0];
  const last = refs.at(-1);
  if (!first || !last) throw new Error('an outline level has at least one item');
  return { first, last, count };
}
