/**
 * The PDF/UA-1 structure checks that can be made without a full validator
 * (veraPDF runs in the release workflow; docs/accessibility.md maps each check
 * here to its Matterhorn condition). Pure: a PDF in, a list of problems out,
 * each with its 1-based page where it has one. Used by the end-to-end tests
 * and by `coursebook preflight`.
 */
import { decodeStream } from '../assemble/stream-bytes.ts';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  ParseSpeeds,
  type PDFObject,
} from 'pdf-lib';
import { scanContentMarks } from './content-marks.ts';

export interface StructureProblem {
  /** Stable identifier, e.g. `figure-without-alt`. */
  code: string;
  /** 1-based page number, or null for the document as a whole. */
  page: number | null;
  message: string;
  /** What to do about it. */
  hint: string;
}

/** Most problems come from the pipeline, not the author: the hint says where to look. */
const HINTS: Record<string, string> = {
  'no-structure-tree': 'print the document tagged (Chromium: tagged: true)',
  'not-marked': 'set /MarkInfo << /Marked true >> on the catalog',
  'no-document-language': "set the catalog's /Lang (coursebook: the book's language, assemble/metadata.ts)",
  'title-not-displayed': 'set /ViewerPreferences << /DisplayDocTitle true >>',
  'no-pdfua-identification': 'write the XMP packet with pdfuaid:part 1 (assemble/xmp.ts)',
  'no-xmp-title': 'write dc:title into the XMP packet (assemble/xmp.ts)',
  'figure-without-alt':
    'describe the picture in its Markdown alt text, ![what it shows](file.svg), or mark it decorative: ![](file.svg "decorative")',
  'header-cell-without-scope': 'give the table a header row (Chromium sets /Scope on TH cells of <thead>)',
  'heading-level-skipped': 'use heading levels in order: ## under #, ### under ##',
  'link-without-annotation': 'a Link element needs an /OBJR to its annotation',
  'link-not-in-link-element': 'link annotations must be held by Link elements',
  'link-without-description': 'give each link annotation a /Contents (assemble/link-descriptions.ts)',
  'annotation-not-tagged': 'every annotation needs a /StructParent and an OBJR in the structure tree',
  'tab-order-not-structure': 'set /Tabs /S on every page with annotations',
  'untagged-content': 'mark the painting /Artifact or tag it (assemble/untagged-artifacts.ts)',
  'unbalanced-marked-content': 'every BMC/BDC needs its EMC within the page',
  'mcid-unreachable': "the page's ParentTree entry must point at the element holding this MCID (assemble/merge-parts.ts)",
  'mcid-without-page': 'an element holding MCIDs needs /Pg',
  'page-not-in-document': '/Pg must point at a page of this document (assemble/merge-parts.ts)',
  'empty-language': 'give /Lang a language tag or remove it',
  'wrong-kids': 'list items hold Lbl and LBody, lists hold LI, table rows hold TH and TD (assemble/list-bodies.ts)',
};

export async function checkStructure(pdf: Uint8Array | PDFDocument): Promise<StructureProblem[]> {
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
  return new StructureChecker(doc).run();
}

const name = (value: PDFObject | undefined): string | null => (value instanceof PDFName ? value.decodeText() : null);
const text = (value: PDFObject | undefined): string | null =>
  value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;

/** Children lists and table rows may have (ISO 32000-1 tables 336 and 337; veraPDF PDF/UA-1 rules 7.2-10, 7.2-19, 7.2-20). */
const ALLOWED_KIDS: Record<string, string[]> = {
  L: ['L', 'LI', 'Caption'],
  LI: ['Lbl', 'LBody'],
  TR: ['TH', 'TD'],
};

class StructureChecker {
  private readonly problems: StructureProblem[] = [];
  private readonly pageNumber = new Map<PDFRef, number>();
  /** `page number:mcid` of every marked-content reference in the structure tree. */
  private readonly referencedMcids = new Set<string>();
  /** Annotations referenced by an OBJR, with the element type holding it. */
  private readonly referencedObjects = new Map<PDFObject, string>();

  constructor(private readonly doc: PDFDocument) {
    doc.getPages().forEach((page, index) => this.pageNumber.set(page.ref, index + 1));
  }

  private report(code: string, page: number | null, message: string): void {
    this.problems.push({ code, page, message, hint: HINTS[code] ?? '' });
  }

  private lookup(value: PDFObject | undefined): PDFObject | undefined {
    return value instanceof PDFRef ? this.doc.context.lookup(value) : value;
  }

  run(): StructureProblem[] {
    this.checkCatalog();
    const root = this.doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    if (!root) {
      this.report('no-structure-tree', null, 'the document is not tagged (no /StructTreeRoot)');
      return this.problems;
    }
    this.walkTree(root);
    this.checkPages(root);
    return this.problems;
  }

  private checkCatalog(): void {
    const { catalog } = this.doc;
    const marked = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict)?.get(PDFName.of('Marked'));
    if (marked?.toString() !== 'true') this.report('not-marked', null, 'the catalog lacks /MarkInfo << /Marked true >>');
    if (!text(catalog.get(PDFName.of('Lang')))) this.report('no-document-language', null, 'the catalog has no /Lang');
    const display = catalog.lookupMaybe(PDFName.of('ViewerPreferences'), PDFDict)?.get(PDFName.of('DisplayDocTitle'));
    if (display?.toString() !== 'true') this.report('title-not-displayed', null, 'viewer preferences lack /DisplayDocTitle true');
    const metadata = this.lookup(catalog.get(PDFName.of('Metadata')));
    const xmp = metadata instanceof PDFRawStream ? new TextDecoder().decode(decodeStream(metadata)) : '';
    if (!/<pdfuaid:part>1<\/pdfuaid:part>|pdfuaid:part="1"/.test(xmp)) {
      this.report('no-pdfua-identification', null, 'the XMP metadata does not claim PDF/UA-1 (pdfuaid:part)');
    }
    if (!/<dc:title>/.test(xmp)) this.report('no-xmp-title', null, 'the XMP metadata has no dc:title');
  }

  /** Depth-first, in document order (the order headings are read in). */
  private walkTree(root: PDFDict): void {
    const headingLevels: { level: number; page: number | null }[] = [];
    type Pending = { node: PDFObject | undefined; page: number | null; parent: string };
    const stack: Pending[] = [{ node: root.get(PDFName.of('K')), page: null, parent: 'StructTreeRoot' }];
    const seen = new Set<PDFObject>();
    for (let pending = stack.pop(); pending; pending = stack.pop()) {
      const { node: raw, page: inheritedPage, parent } = pending;
      const node = this.lookup(raw);
      if (node instanceof PDFArray) {
        for (let k = node.size() - 1; k >= 0; k--) stack.push({ node: node.get(k), page: inheritedPage, parent });
        continue;
      }
      if (node instanceof PDFNumber) {
        const mcid = node.asNumber();
        if (inheritedPage === null) this.report('mcid-without-page', null, `a ${parent} element holds MCID ${mcid} but no page (/Pg)`);
        else this.referencedMcids.add(`${inheritedPage}:${mcid}`);
        continue;
      }
      if (!(node instanceof PDFDict) || seen.has(node)) continue;
      seen.add(node);
      const type = name(node.get(PDFName.of('Type')));
      const pageOf = (dict: PDFDict): number | null | undefined => {
        const pg = dict.get(PDFName.of('Pg'));
        if (pg === undefined) return undefined;
        const number = pg instanceof PDFRef ? this.pageNumber.get(pg) : undefined;
        if (number === undefined) {
          const what = name(dict.get(PDFName.of('S'))) ?? type ?? 'structure';
          this.report('page-not-in-document', null, `a ${what} element's /Pg is not a page of this document`);
          return null;
        }
        return number;
      };
      if (type === 'MCR') {
        const page = pageOf(node) ?? inheritedPage;
        const mcid = node.get(PDFName.of('MCID'));
        if (page !== null && mcid instanceof PDFNumber) this.referencedMcids.add(`${page}:${mcid.asNumber()}`);
        continue;
      }
      if (type === 'OBJR') {
        const obj = node.get(PDFName.of('Obj'));
        if (obj) this.referencedObjects.set(obj, parent);
        pageOf(node);
        continue;
      }
      const role = name(node.get(PDFName.of('S')));
      if (!role) continue;
      const own = pageOf(node);
      const page = own === undefined ? inheritedPage : own;
      this.checkElement(node, role, page, headingLevels);
      stack.push({ node: node.get(PDFName.of('K')), page, parent: role });
    }
    this.checkHeadingOrder(headingLevels);
  }

  private checkElement(node: PDFDict, role: string, page: number | null, headings: { level: number; page: number | null }[]): void {
    if (role === 'Figure' && !text(node.get(PDFName.of('Alt'))) && !text(node.get(PDFName.of('ActualText')))) {
      this.report('figure-without-alt', page ?? this.firstPageBelow(node), 'a Figure has no alternate text (/Alt)');
    }
    const heading = /^H([1-6])$/.exec(role);
    if (heading) headings.push({ level: Number(heading[1]), page: page ?? this.firstPageBelow(node) });
    if (role === 'TH' && !this.hasScope(node)) {
      this.report('header-cell-without-scope', page ?? this.firstPageBelow(node), 'a table header cell (TH) has no /Scope');
    }
    if (role === 'Link' && !this.hasObjectReference(node)) {
      this.report('link-without-annotation', page, 'a Link element holds no /OBJR to its link annotation');
    }
    if (node.has(PDFName.of('Lang')) && !text(node.get(PDFName.of('Lang')))) {
      this.report('empty-language', page, `a ${role} element has an empty /Lang`);
    }
    const allowedKids = ALLOWED_KIDS[role];
    if (allowedKids) {
      const wrong = this.kidRoles(node).filter((kid) => !allowedKids.includes(kid));
      if (wrong.length > 0) {
        const message = `a ${role} element holds ${[...new Set(wrong)].join(', ')} (allowed: ${allowedKids.join(', ')})`;
        this.report('wrong-kids', page ?? this.firstPageBelow(node), message);
      }
    }
  }

  /** Roles of an element's child elements (marked content and object references left out). */
  private kidRoles(node: PDFDict): string[] {
    const kids = this.lookup(node.get(PDFName.of('K')));
    return (kids instanceof PDFArray ? kids.asArray() : [kids]).flatMap((kid) => {
      const dict = this.lookup(kid);
      const role = dict instanceof PDFDict ? name(dict.get(PDFName.of('S'))) : null;
      return role ? [role] : [];
    });
  }

  private hasScope(node: PDFDict): boolean {
    const attributes = this.lookup(node.get(PDFName.of('A')));
    const list = attributes instanceof PDFArray ? attributes.asArray() : [attributes];
    return list.some((entry) => {
      const dict = this.lookup(entry);
      return dict instanceof PDFDict && ['Row', 'Column', 'Both'].includes(name(dict.get(PDFName.of('Scope'))) ?? '');
    });
  }

  private hasObjectReference(node: PDFDict): boolean {
    const kids = this.lookup(node.get(PDFName.of('K')));
    const list = kids instanceof PDFArray ? kids.asArray() : [kids];
    return list.some((kid) => {
      const dict = this.lookup(kid);
      return dict instanceof PDFDict && name(dict.get(PDFName.of('Type'))) === 'OBJR';
    });
  }

  /** For problems on an element without /Pg of its own: the first page its content is on. */
  private firstPageBelow(node: PDFDict, depth = 0): number | null {
    if (depth > 20) return null;
    const kids = this.lookup(node.get(PDFName.of('K')));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : [kids]) {
      const dict = this.lookup(kid);
      if (!(dict instanceof PDFDict)) continue;
      const pg = dict.get(PDFName.of('Pg'));
      const number = pg instanceof PDFRef ? this.pageNumber.get(pg) : undefined;
      if (number !== undefined) return number;
      const below = this.firstPageBelow(dict, depth + 1);
      if (below !== null) return below;
    }
    return null;
  }

  /** Headings start at H1 and never skip a level going down (Matterhorn 14-002, 14-003). */
  private checkHeadingOrder(headings: { level: number; page: number | null }[]): void {
    let previous = 0;
    for (const { level, page } of headings) {
      if (level > previous + 1) {
        const message = previous === 0 ? `the first heading is H${level}, not H1` : `H${level} follows H${previous}: a level is skipped`;
        this.report('heading-level-skipped', page, message);
      }
      previous = level;
    }
  }

  private checkPages(root: PDFDict): void {
    const parentTree = this.readNumberTree(root.get(PDFName.of('ParentTree')));
    for (const [index, page] of this.doc.getPages().entries()) {
      const number = index + 1;
      const streams = this.contentStreams(page.node.get(PDFName.of('Contents')));
      const marks = scanContentMarks(streams);
      if (marks.unbalanced) this.report('unbalanced-marked-content', number, 'BMC/BDC and EMC do not pair up');
      if (marks.untaggedPaints > 0) {
        this.report('untagged-content', number, `${marks.untaggedPaints} painting operator(s) neither tagged nor marked /Artifact`);
      }
      const key = page.node.get(PDFName.of('StructParents'));
      const entry = key instanceof PDFNumber ? this.lookup(parentTree.get(key.asNumber())) : undefined;
      for (const mcid of new Set(marks.mcids)) {
        const parent = entry instanceof PDFArray ? this.lookup(entry.get(mcid)) : undefined;
        const reachable = parent instanceof PDFDict && this.referencedMcids.has(`${number}:${mcid}`);
        if (!reachable) {
          this.report(
            'mcid-unreachable',
            number,
            `marked content MCID ${mcid} is not reachable from the ParentTree and the structure tree`,
          );
        }
      }
      this.checkAnnotations(page.node, number, parentTree);
    }
  }

  private checkAnnotations(pageNode: PDFDict, number: number, parentTree: Map<number, PDFObject>): void {
    const annots = this.lookup(pageNode.get(PDFName.of('Annots')));
    if (!(annots instanceof PDFArray) || annots.size() === 0) return;
    if (name(pageNode.get(PDFName.of('Tabs'))) !== 'S') {
      this.report('tab-order-not-structure', number, 'a page with annotations lacks /Tabs /S');
    }
    for (const ref of annots.asArray()) {
      const annot = this.lookup(ref);
      if (!(annot instanceof PDFDict)) continue;
      const subtype = name(annot.get(PDFName.of('Subtype')));
      if (subtype === 'Popup' || subtype === 'PrinterMark') continue;
      const key = annot.get(PDFName.of('StructParent'));
      const parent = key instanceof PDFNumber ? this.lookup(parentTree.get(key.asNumber())) : undefined;
      const holder = this.referencedObjects.get(ref);
      if (!(parent instanceof PDFDict) || holder === undefined) {
        const message = `a ${subtype ?? ''} annotation is not in the structure tree (no /StructParent or no OBJR)`;
        this.report('annotation-not-tagged', number, message);
      } else if (subtype === 'Link' && holder !== 'Link') {
        this.report('link-not-in-link-element', number, `a link annotation is held by a ${holder} element, not a Link`);
      }
      if (subtype === 'Link' && !text(annot.get(PDFName.of('Contents')))) {
        this.report('link-without-description', number, 'a link annotation has no alternate description (/Contents)');
      }
    }
  }

  private contentStreams(contents: PDFObject | undefined): Uint8Array[] {
    const value = this.lookup(contents);
    const list = value instanceof PDFArray ? value.asArray().map((v) => this.lookup(v)) : [value];
    return list.filter((s): s is PDFRawStream => s instanceof PDFRawStream).map((s) => decodeStream(s));
  }

  private readNumberTree(node: PDFObject | undefined, into = new Map<number, PDFObject>()): Map<number, PDFObject> {
    const dict = this.lookup(node);
    if (!(dict instanceof PDFDict)) return into;
    const nums = this.lookup(dict.get(PDFName.of('Nums')));
    if (nums instanceof PDFArray) {
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const key = nums.get(i);
        if (key instanceof PDFNumber) into.set(key.asNumber(), nums.get(i + 1));
      }
    }
    const kids = this.lookup(dict.get(PDFName.of('Kids')));
    for (const kid of kids instanceof PDFArray ? kids.asArray() : []) this.readNumberTree(kid, into);
    return into;
  }
}
