/**
 * Moves the objects of a parsed part into the merged document. pdf-lib's
 * PDFObjectCopier clones every dictionary, array and stream it copies (content
 * bytes included), and the part is dropped right after: the clones only
 * doubled the allocation (and the garbage collection) of every merge. The
 * mover takes the part's objects as they are, gives each indirect object a
 * number in the merged document and rewrites references to it in place.
 * After a move the source document must not be used again.
 */
import { PDFArray, PDFDict, PDFName, PDFPageLeaf, PDFRef, PDFStream, type PDFContext, type PDFObject } from 'pdf-lib';

export class ObjectMover {
  /** Source reference → reference in the destination. */
  private readonly refs = new Map<PDFRef, PDFRef>();
  /** Containers whose references are already rewritten (a direct object may be reached twice, e.g. inherited by several pages). */
  private readonly moved = new Set<PDFObject>();

  constructor(
    private readonly src: PDFContext,
    private readonly dest: PDFContext,
  ) {}

  /** What points at `from` in the source will point at `to`, which already exists in the destination. */
  alias(from: PDFRef, to: PDFRef): void {
    this.refs.set(from, to);
  }

  move(object: PDFRef): PDFRef;
  move(object: PDFObject): PDFObject;
  move(object: PDFObject): PDFObject {
    if (object instanceof PDFRef) return this.moveIndirect(object);
    if (this.moved.has(object)) return object;
    if (object instanceof PDFPageLeaf) this.detachPage(object);
    if (object instanceof PDFDict) this.moveDict(object);
    else if (object instanceof PDFArray) {
      this.moved.add(object);
      adopt(object, this.dest);
      for (let i = 0; i < object.size(); i++) {
        const value = object.get(i);
        const moved = this.move(value);
        if (moved !== value) object.set(i, moved);
      }
    } else if (object instanceof PDFStream) {
      this.moved.add(object);
      this.moveDict(object.dict);
    }
    return object;
  }

  private moveDict(dict: PDFDict): void {
    this.moved.add(dict);
    adopt(dict, this.dest);
    const entries = entryMap(dict);
    entries.forEach((value, key) => {
      const moved = this.move(value);
      // Replacing an existing key's value leaves the map's order and the iteration as they are.
      if (moved !== value) entries.set(key, moved);
    });
  }

  private moveIndirect(ref: PDFRef): PDFRef {
    const known = this.refs.get(ref);
    if (known) return known;
    const target = this.dest.nextRef();
    this.refs.set(ref, target);
    const value = this.src.lookup(ref);
    if (value) this.dest.assign(target, this.move(value));
    return target;
  }

  /**
   * As PDFObjectCopier does for a page: what it inherits from its page tree is
   * set on the page itself, and its /Parent dropped, so the source's page tree
   * does not come along (the destination gives the page its own parent).
   */
  private detachPage(page: PDFPageLeaf): void {
    for (const key of PDFPageLeaf.InheritableEntries) {
      const name = PDFName.of(key);
      const value = page.getInheritableAttribute(name);
      if (!page.get(name) && value) page.set(name, value);
    }
    page.delete(PDFName.of('Parent'));
  }
}

/**
 * A dictionary's own map of entries. pdf-lib's entries() copies it into an
 * array of [key, value] arrays, for each of the hundreds of thousands of
 * dictionaries a book's parts hold: the mover visits the map itself.
 */
function entryMap(dict: PDFDict): Map<PDFName, PDFObject> {
  return Reflect.get(dict, 'dict') as Map<PDFName, PDFObject>;
}

/**
 * Dictionaries and arrays resolve references through the context they were
 * parsed in: a moved one must resolve them in the destination.
 */
function adopt(object: PDFDict | PDFArray, context: PDFContext): void {
  Reflect.set(object, 'context', context);
}
