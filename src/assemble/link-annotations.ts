/**
 * Links added to a page after printing (several page numbers in one index
 * slot): each is a /Link annotation tied into the structure tree under the
 * same Link element as the annotation Chromium wrote for the slot, so the
 * tagged PDF stays whole.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFPage } from 'pdf-lib';

interface NamedAnnotation {
  annot: PDFDict;
  ref: PDFRef | null;
  name: string;
  rect: [number, number, number, number];
}

/** Annotations of a page whose destination name starts with `prefix`. */
export function annotationsNamed(page: PDFPage, prefix: string, nameOf: (annot: PDFDict) => string | null): NamedAnnotation[] {
  const annots = page.node.Annots();
  if (!annots) return [];
  const out: NamedAnnotation[] = [];
  for (let i = 0; i < annots.size(); i++) {
    const raw = annots.get(i);
    const annot = annots.lookupMaybe(i, PDFDict);
    if (!annot) continue;
    const name = nameOf(annot);
    if (!name?.startsWith(prefix)) continue;
    const rect = annot.lookupMaybe(PDFName.of('Rect'), PDFArray);
    if (!rect) continue;
    // A missing or non-numeric coordinate counts as 0.
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : 0));
    out.push({ annot, ref: raw instanceof PDFRef ? raw : null, name, rect: [x1, y1, x2, y2] });
  }
  return out;
}

/**
 * Every link these functions write carries its alternate description
 * (/Contents, PDF/UA 7.18.5), e.g. "page 12": the one Chromium's slot link was
 * given no longer says where the link goes.
 */
function describe(annot: PDFDict, description: string): void {
  annot.set(PDFName.of('Contents'), PDFHexString.fromText(description));
}

/** Points an existing link at a page of this document (top of the page). */
export function retargetLink(doc: PDFDocument, annot: PDFDict, rect: number[], target: PDFPage, description: string): void {
  describe(annot, description);
  annot.set(PDFName.of('Rect'), doc.context.obj(rect));
  annot.delete(PDFName.of('A'));
  annot.set(PDFName.of('Dest'), doc.context.obj([target.ref, PDFName.of('XYZ'), null, target.getHeight(), null]));
}

/** Points an existing link at a page of another PDF beside this one (`participant.pdf`). */
export function retargetRemoteLink(
  doc: PDFDocument,
  annot: PDFDict,
  rect: number[],
  file: string,
  pageIndex: number,
  description: string,
): void {
  describe(annot, description);
  annot.set(PDFName.of('Rect'), doc.context.obj(rect));
  annot.delete(PDFName.of('Dest'));
  annot.set(PDFName.of('A'), doc.context.obj({ S: 'GoToR', F: PDFString.of(file), D: [pageIndex, PDFName.of('Fit')], NewWindow: true }));
}

/** A new link on `page` to `target`, filed in the structure tree beside `sibling` (an annotation Chromium wrote). */
export function addLinkBeside(
  doc: PDFDocument,
  page: PDFPage,
  sibling: PDFDict,
  rect: number[],
  target: PDFPage,
  description: string,
): void {
  const annot = doc.context.obj({
    Contents: PDFHexString.fromText(description),
    Type: 'Annot',
    Subtype: 'Link',
    Rect: rect,
    Border: [0, 0, 0],
    F: 4,
    Dest: [target.ref, PDFName.of('XYZ'), null, target.getHeight(), null],
  });
  const ref = doc.context.register(annot);
  const structElem = structElementOf(doc, sibling);
  const tree = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  if (structElem && tree) {
    const parentTree = tree.lookupMaybe(PDFName.of('ParentTree'), PDFDict);
    const nums = parentTree?.lookupMaybe(PDFName.of('Nums'), PDFArray);
    const next = tree.get(PDFName.of('ParentTreeNextKey'));
    if (nums && next instanceof PDFNumber) {
      const key = next.asNumber();
      nums.push(PDFNumber.of(key));
      nums.push(structElem.ref);
      tree.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(key + 1));
      annot.set(PDFName.of('StructParent'), PDFNumber.of(key));
      const objr = doc.context.obj({ Type: 'OBJR', Obj: ref, Pg: page.ref });
      const kids = structElem.dict.get(PDFName.of('K'));
      const kidsArray = kids ? doc.context.lookupMaybe(kids, PDFArray) : undefined;
      if (kidsArray) kidsArray.push(objr);
      else structElem.dict.set(PDFName.of('K'), doc.context.obj(kids ? [kids, objr] : [objr]));
    }
  }
  page.node.addAnnot(ref);
}

function structElementOf(doc: PDFDocument, annot: PDFDict): { ref: PDFRef; dict: PDFDict } | null {
  const key = annot.get(PDFName.of('StructParent'));
  if (!(key instanceof PDFNumber)) return null;
  const tree = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
  const nums = tree?.lookupMaybe(PDFName.of('ParentTree'), PDFDict)?.lookupMaybe(PDFName.of('Nums'), PDFArray);
  if (!nums) return null;
  // The merge writes the ParentTree as one flat, sorted Nums array (assemble/merge-parts.ts).
  for (let i = 0; i + 1 < nums.size(); i += 2) {
    const k = nums.get(i);
    if (k instanceof PDFNumber && k.asNumber() === key.asNumber()) {
      const value = nums.get(i + 1);
      const dict = doc.context.lookupMaybe(value, PDFDict);
      return value instanceof PDFRef && dict ? { ref: value, dict } : null;
    }
  }
  return null;
}
