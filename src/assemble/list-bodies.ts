/**
 * Chromium tags a list item's content directly under its LI (a paragraph, a
 * link, a Strong…), next to the Lbl. PDF/UA-1 allows an LI only Lbl and
 * LBody children (ISO 32000-1 table 336; veraPDF rule 7.2-20): everything
 * else of the item moves into an LBody element put in its place. Marked
 * content the LI held itself moves too, so its ParentTree entries follow.
 */
import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';

const ALLOWED = new Set(['Lbl', 'LBody']);

/** Returns the number of list items given an LBody. `parentTree` (key → value) is updated in place. */
export function wrapListItemBodies(doc: PDFDocument, parentTree: Map<number, PDFObject>): number {
  const moved = new Map<PDFRef, PDFRef>();
  let wrapped = 0;
  const role = (value: PDFObject): string | null => {
    const dict = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (!(dict instanceof PDFDict)) return null;
    const s = dict.get(PDFName.of('S'));
    return s instanceof PDFName ? s.decodeText() : null;
  };
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('S')) !== PDFName.of('LI')) continue;
    const k = object.get(PDFName.of('K'));
    const kids = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
    if (kids.every((kid) => ALLOWED.has(role(kid) ?? ''))) continue;
    const bodyRef = doc.context.nextRef();
    const bodyKids: PDFObject[] = [];
    const itemKids: PDFObject[] = [];
    let hasMarkedContent = false;
    for (const kid of kids) {
      if (ALLOWED.has(role(kid) ?? '')) {
        itemKids.push(kid);
        continue;
      }
      if (bodyKids.length === 0) itemKids.push(bodyRef);
      bodyKids.push(kid);
      const element = kid instanceof PDFRef ? doc.context.lookup(kid) : undefined;
      if (element instanceof PDFDict && element.get(PDFName.of('S'))) element.set(PDFName.of('P'), bodyRef);
      else hasMarkedContent = true; // an MCID, or an MCR or OBJR dictionary
    }
    const body = doc.context.obj({ Type: 'StructElem', S: 'LBody', P: ref, K: bodyKids });
    // Bare MCIDs belong to the page of the element holding them.
    const page = object.get(PDFName.of('Pg'));
    if (page) body.set(PDFName.of('Pg'), page);
    doc.context.assign(bodyRef, body);
    object.set(PDFName.of('K'), doc.context.obj(itemKids));
    if (hasMarkedContent) moved.set(ref, bodyRef);
    wrapped++;
  }
  if (moved.size > 0) repointParentTree(doc, parentTree, moved);
  return wrapped;
}

/** Marked content and annotations whose parent was an LI now have its LBody as parent. */
function repointParentTree(doc: PDFDocument, parentTree: Map<number, PDFObject>, moved: Map<PDFRef, PDFRef>): void {
  for (const [key, value] of parentTree) {
    const movedTo = value instanceof PDFRef ? moved.get(value) : undefined;
    if (movedTo) {
      parentTree.set(key, movedTo);
      continue;
    }
    const array = value instanceof PDFRef ? doc.context.lookup(value) : value;
    if (!(array instanceof PDFArray)) continue;
    for (let i = 0; i < array.size(); i++) {
      const entry = array.get(i);
      const entryMovedTo = entry instanceof PDFRef ? moved.get(entry) : undefined;
      if (entryMovedTo) array.set(i, entryMovedTo);
    }
  }
}
