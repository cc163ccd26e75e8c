/**
 * Joins the separately printed parts of an edition (front matter, groups of
 * chapters, back matter) into one PDF that keeps what a single print has:
 * pages, links, named destinations, and one valid structure tree (tags).
 * Each part's structure elements are grafted under the first part's
 * Document element, and the /StructParents keys that tie page content and
 * annotations to them are renumbered so they stay unique. Painting Chromium
 * left untagged becomes /Artifact content on the way (untagged-artifacts.ts),
 * and list items get the LBody PDF/UA asks for (list-bodies.ts).
 */
import { createHash } from 'node:crypto';
import { ObjectMover } from './move-objects.ts';
import './pdf-lib-pools.ts';
import { markUntaggedContent, type UntaggedMarks } from './untagged-artifacts.ts';
import { wrapListItemBodies } from './list-bodies.ts';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFRef,
  PDFString,
  ParseSpeeds,
  type PDFObject,
} from 'pdf-lib';

/**
 * Parts may still be printing: each is parsed and made ready (read by the
 * leak guard, fonts retagged, untagged painting marked, structure ids
 * renamed) as soon as it is printed or read from the cache, whatever the
 * parts before it; only grafting it into the book waits for them. After an
 * edit, the reused parts are ready while the edited one prints, and what is
 * left once it is back is its own reading and the grafting.
 */
export async function mergePrintedParts(parts: (Uint8Array | Promise<Uint8Array>)[], hooks: PartHooks = {}): Promise<PDFDocument> {
  if (parts.length === 0) throw new Error('nothing to merge');
  const load = hooks.load ?? (async (bytes: Uint8Array) => ({ doc: await loadPart(bytes), named: false }));
  const ready = parts.map((part, index) =>
    Promise.resolve(part)
      .then((bytes) => load(bytes, index))
      .then(async ({ doc, named }) => {
        await makeReady(doc, index, hooks, named);
        return doc;
      }),
  );
  for (const pending of ready) pending.catch(() => undefined); // awaited in order below
  const [first, ...rest] = ready;
  if (!first) throw new Error('nothing to merge');
  const out = await first;
  const outTree = structTree(out);
  for (const pending of rest) appendPart(out, await pending, outTree);
  if (outTree) {
    wrapListItemBodies(out, outTree.parentTree);
    writeParentTree(out, outTree);
  }
  return out;
}

/** A printed part parsed as the merge parses it. */
export function loadPart(bytes: Uint8Array): Promise<PDFDocument> {
  // ParseSpeeds.Fastest: pdf-lib's parser would otherwise wait for a timer every 100 objects.
  return PDFDocument.load(bytes, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
}

export interface PartHooks {
  /**
   * Parses part `index` (default: `loadPart`); a document parsed earlier from
   * the same bytes will do, `named` if `nameForPlace` was done to it for this place.
   */
  load?: (bytes: Uint8Array, index: number) => Promise<{ doc: PDFDocument; named: boolean }>;
  /** Called with each part as parsed, before merging (the leak guard reads its text there). */
  onPart?: (doc: PDFDocument, index: number) => Promise<void>;
  /** What marking the untagged painting of part `index` did in an earlier build (the same printed document). */
  untaggedMarks?: (index: number) => Promise<UntaggedMarks | null>;
  /** What marking part `index` did, when some of it was not known: to be remembered. */
  onMarked?: (index: number, marks: UntaggedMarks) => void;
}

/**
 * Names a part's font subsets and structure elements for its place in the
 * book (`index`). The first part is the book the others are grafted into:
 * its font tags stay. Neither the leak guard's reading nor the marking of
 * untagged painting reads these names, so this may come before or after them.
 */
export function nameForPlace(doc: PDFDocument, index: number): void {
  if (index > 0) retagFontSubsets(doc, index);
  renameStructureIds(doc, index);
}

/** What each part needs before it is grafted, whenever it arrives; `named`: `nameForPlace` was done (a part parsed ahead). */
async function makeReady(doc: PDFDocument, index: number, hooks: PartHooks, named: boolean): Promise<void> {
  if (!named) nameForPlace(doc, index);
  await hooks.onPart?.(doc, index);
  // After onPart: the leak guard has inflated the part's pages, which this pass then reuses.
  const { marks, scanned } = markUntaggedContent(doc, (await hooks.untaggedMarks?.(index)) ?? null);
  if (scanned > 0) hooks.onMarked?.(index, marks);
}

interface StructTreeState {
  root: PDFDict;
  rootRef: PDFRef;
  /** The Document element new parts' children are attached to. */
  documentRef: PDFRef;
  documentKids: PDFArray;
  /** ParentTree entries (key → value) of the merged document. */
  parentTree: Map<number, PDFObject>;
}

function structTree(doc: PDFDocument): StructTreeState | null {
  const rootRef = doc.catalog.get(PDFName.of('StructTreeRoot'));
  if (!(rootRef instanceof PDFRef)) return null;
  const root = doc.context.lookup(rootRef, PDFDict);
  const document = topElement(doc, root);
  if (!document) return null;
  const documentDict = doc.context.lookup(document, PDFDict);
  let kids = documentDict.get(PDFName.of('K'));
  if (!(kids instanceof PDFArray)) {
    const array = doc.context.obj([]);
    if (kids) array.push(kids);
    documentDict.set(PDFName.of('K'), array);
    kids = array;
  }
  return {
    root,
    rootRef,
    documentRef: document,
    documentKids: kids as PDFArray,
    parentTree: readNumberTree(doc, root.get(PDFName.of('ParentTree'))),
  };
}

/** Chromium's tree has one Document element at the top. */
function topElement(doc: PDFDocument, root: PDFDict): PDFRef | null {
  const k = root.get(PDFName.of('K'));
  if (k instanceof PDFRef) return k;
  if (k instanceof PDFArray && k.size() === 1 && k.get(0) instanceof PDFRef) return k.get(0) as PDFRef;
  void doc;
  return null;
}

function appendPart(out: PDFDocument, src: PDFDocument, outTree: StructTreeState | null): void {
  const mover = new ObjectMover(src.context, out.context);
  // The part's tree root and Document element stand for ours: grafted elements'
  // /P then point into the merged tree instead of dragging the old tree along.
  const srcTree = structTree(src);
  if (srcTree && outTree) {
    mover.alias(srcTree.rootRef, outTree.rootRef);
    mover.alias(srcTree.documentRef, outTree.documentRef);
  }
  const offset = outTree ? nextKey(outTree.parentTree) : 0;

  for (const page of src.getPages()) {
    const ref = mover.move(page.ref);
    const node = out.context.lookup(ref);
    out.addPage(PDFPage.of(node as never, ref, out));
    if (outTree) shiftStructParents(out, out.context.lookup(ref, PDFDict), offset);
  }
  if (srcTree && outTree) {
    for (const kid of srcTree.documentKids.asArray()) outTree.documentKids.push(mover.move(kid));
    for (const [key, value] of srcTree.parentTree) outTree.parentTree.set(key + offset, mover.move(value));
  }
  mergeDests(out, src, mover);
}

/**
 * Every part names its font subsets AAAAAA+, BAAAAA+…: the same name for
 * different subsets once merged, which some RIPs and preflight tools treat as
 * one font. Each part's subsets get their own tag, derived from the part's
 * number and the old tag (reproducible).
 */
export function retagFontSubsets(doc: PDFDocument, part: number): void {
  const renamed = new Map<string, string>();
  const retag = (name: string): string => {
    const match = /^([A-Z]{6})\+(.*)$/.exec(name);
    if (!match) return name;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern's first group is not optional
    const oldTag = match[1]!;
    let tag = renamed.get(oldTag);
    if (!tag) {
      const digest = createHash('sha256').update(`${part}:${oldTag}`).digest();
      tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
      renamed.set(oldTag, tag);
    }
    return `${tag}+${match[2]}`;
  };
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    for (const key of ['BaseFont', 'FontName']) {
      const value = object.get(PDFName.of(key));
      if (value instanceof PDFName) object.set(PDFName.of(key), PDFName.of(retag(value.decodeText())));
    }
  }
}

/**
 * Chromium names the structure elements of table header cells after its
 * internal node numbers (`/ID (node00001392)`, and `/Headers` in the cells
 * they head), which count up across everything a browser tab has laid out:
 * the same document printed on a tab that printed another one first gets
 * other numbers, and the book other bytes. Each part's ids are renamed in the
 * order they appear (`cb<part>-<n>`), so they depend on the part alone.
 */
export function renameStructureIds(doc: PDFDocument, part: number): void {
  const renamed = new Map<string, PDFString>();
  const rename = (value: PDFObject | undefined): PDFObject | undefined => {
    if (!(value instanceof PDFString || value instanceof PDFHexString)) return undefined;
    const id = value.decodeText();
    let name = renamed.get(id);
    if (!name) renamed.set(id, (name = PDFString.of(`cb${part}-${renamed.size + 1}`)));
    return name;
  };
  const idKey = PDFName.of('ID');
  const headersKey = PDFName.of('Headers');
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Type')) !== PDFName.of('StructElem')) continue;
    const id = rename(object.get(idKey));
    if (id) object.set(idKey, id);
    const attributes = object.get(PDFName.of('A'));
    const attributeDicts = attributes instanceof PDFArray ? attributes.asArray() : [attributes];
    for (const attribute of attributeDicts) {
      const headers = attribute instanceof PDFDict ? attribute.get(headersKey) : undefined;
      if (!(headers instanceof PDFArray)) continue;
      for (let i = 0; i < headers.size(); i++) {
        const header = rename(headers.get(i));
        if (header) headers.set(i, header);
      }
    }
  }
}

function shiftStructParents(out: PDFDocument, page: PDFDict, offset: number): void {
  const key = page.get(PDFName.of('StructParents'));
  if (key instanceof PDFNumber) page.set(PDFName.of('StructParents'), PDFNumber.of(key.asNumber() + offset));
  const annots = page.lookupMaybe(PDFName.of('Annots'), PDFArray);
  for (const annot of annots?.asArray() ?? []) {
    const dict = out.context.lookupMaybe(annot, PDFDict);
    const parent = dict?.get(PDFName.of('StructParent'));
    if (dict && parent instanceof PDFNumber) dict.set(PDFName.of('StructParent'), PDFNumber.of(parent.asNumber() + offset));
  }
}

function mergeDests(out: PDFDocument, src: PDFDocument, mover: ObjectMover): void {
  const srcDests = src.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!srcDests) return;
  let outDests = out.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!outDests) {
    outDests = out.context.obj({});
    out.catalog.set(PDFName.of('Dests'), out.context.register(outDests));
  }
  for (const [name, value] of srcDests.entries()) outDests.set(name, mover.move(value));
}

function readNumberTree(doc: PDFDocument, node: PDFObject | undefined, into = new Map<number, PDFObject>()): Map<number, PDFObject> {
  const dict = node ? doc.context.lookupMaybe(node, PDFDict) : undefined;
  if (!dict) return into;
  const nums = dict.lookupMaybe(PDFName.of('Nums'), PDFArray);
  if (nums) {
    for (let i = 0; i + 1 < nums.size(); i += 2) {
      const key = nums.get(i);
      if (key instanceof PDFNumber) into.set(key.asNumber(), nums.get(i + 1));
    }
  }
  const kids = dict.lookupMaybe(PDFName.of('Kids'), PDFArray);
  for (const kid of kids?.asArray() ?? []) readNumberTree(doc, kid, into);
  return into;
}

function nextKey(tree: Map<number, PDFObject>): number {
  let max = -1;
  for (const key of tree.keys()) max = Math.max(max, key);
  return max + 1;
}

/** The merged ParentTree, as one flat, sorted number tree. */
function writeParentTree(out: PDFDocument, tree: StructTreeState): void {
  const nums: PDFObject[] = [];
  for (const [key, value] of [...tree.parentTree].sort(([a], [b]) => a - b)) nums.push(PDFNumber.of(key), value);
  tree.root.set(PDFName.of('ParentTree'), out.context.register(out.context.obj({ Nums: nums })));
  tree.root.set(PDFName.of('ParentTreeNextKey'), PDFNumber.of(nextKey(tree.parentTree)));
}
