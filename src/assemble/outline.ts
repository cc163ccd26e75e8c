/**
 * The PDF outline (bookmarks), built from the same targets as the table of
 * contents: chapters, with their sections nested under them.
 */
import { PDFDocument, PDFHexString, PDFName, PDFNull, PDFNumber, type PDFRef, type PDFDict } from 'pdf-lib';

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
    if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!);
    if (i < items.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!);
    if (item.children.length > 0) {
      const child = writeLevel(doc, item.children, refs[i]!);
      dict.set(PDFName.of('First'), child.first);
      dict.set(PDFName.of('Last'), child.last);
      // Negative count: chapters start closed, sections one click away.
      dict.set(PDFName.of('Count'), PDFNumber.of(-child.count));
    }
    context.assign(refs[i]!, dict);
    count += 1;
  });
  return { first: refs[0]!, last: refs.at(-1)!, count };
}
