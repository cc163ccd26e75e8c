import { describe, expect, test } from '@jest/globals';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFRef, PDFString, type PDFObject, type PDFPage } from 'pdf-lib';
import { wrapListItemBodies } from '../assemble/list-bodies.ts';
import { writeMetadata } from '../assemble/metadata.ts';
import { checkStructure } from './structure-check.ts';

/**
 * A small tagged PDF built by hand: one page per entry of `pages`, each
 * element drawing one MCID on its page. `broken` switches one defect on.
 */
interface Element {
  role: string;
  alt?: string;
  scope?: string;
  kids?: Element[];
}

async function taggedPdf(
  elements: Element[],
  broken: Partial<
    Record<'untagged' | 'unreachableMcid' | 'foreignPage' | 'linkOutsideLink' | 'noTabs' | 'linkWithoutContents', boolean>
  > = {},
) {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([200, 200]);
  const other = await PDFDocument.create();
  const ctx = doc.context;
  const rootRef = ctx.nextRef();
  const mcidParents: PDFRef[] = [];
  let content = '';
  const build = (element: Element, parent: PDFRef): PDFRef => {
    const ref = ctx.nextRef();
    const dict = ctx.obj({ Type: 'StructElem', S: element.role, P: parent });
    if (element.alt !== undefined) dict.set(PDFName.of('Alt'), PDFString.of(element.alt));
    if (element.scope) dict.set(PDFName.of('A'), ctx.obj({ O: 'Table', Scope: element.scope }));
    if (element.kids) {
      dict.set(PDFName.of('K'), ctx.obj(element.kids.map((kid) => build(kid, ref))));
    } else {
      const mcid = mcidParents.length;
      mcidParents.push(ref);
      dict.set(PDFName.of('Pg'), page.ref);
      dict.set(PDFName.of('K'), PDFNumber.of(mcid));
      content += `/${element.role} <</MCID ${mcid}>> BDC 0 0 1 1 re f EMC\n`;
    }
    ctx.assign(ref, dict);
    return ref;
  };
  const documentRef = ctx.nextRef();
  const kids = elements.map((e) => build(e, documentRef));
  ctx.assign(documentRef, ctx.obj({ Type: 'StructElem', S: 'Document', P: rootRef, K: kids }));
  if (broken.foreignPage) (ctx.lookup(kids[0]) as PDFDict).set(PDFName.of('Pg'), other.addPage().ref);
  if (broken.untagged) content += '5 5 10 10 re f\n';
  if (broken.unreachableMcid) content += `/P <</MCID ${mcidParents.length}>> BDC 0 0 1 1 re f EMC\n`;
  // A link annotation, held by a Link element through an OBJR.
  const annot = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 10, 10], StructParent: 1 }));
  if (!broken.linkWithoutContents) ctx.lookup(annot, PDFDict).set(PDFName.of('Contents'), PDFString.of('Chapter 2, page 5'));
  const linkRef = ctx.register(
    ctx.obj({
      Type: 'StructElem',
      S: broken.linkOutsideLink ? 'Span' : 'Link',
      P: documentRef,
      K: [ctx.obj({ Type: 'OBJR', Obj: annot, Pg: page.ref })],
    }),
  );
  ctx.lookup(documentRef, PDFDict).lookup(PDFName.of('K'), PDFArray).push(linkRef);
  page.node.set(PDFName.of('Annots'), ctx.obj([annot]));
  if (!broken.noTabs) page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
  setContent(doc, page, content);
  page.node.set(PDFName.of('StructParents'), PDFNumber.of(0));
  const parentTree = ctx.obj({ Nums: [0, ctx.obj(mcidParents), 1, linkRef] });
  ctx.assign(rootRef, ctx.obj({ Type: 'StructTreeRoot', K: documentRef, ParentTree: parentTree, ParentTreeNextKey: 2 }));
  doc.catalog.set(PDFName.of('StructTreeRoot'), rootRef);
  doc.catalog.set(PDFName.of('MarkInfo'), ctx.obj({ Marked: true }));
  writeMetadata(
    doc,
    { title: 'T', author: 'A', subject: '', keywords: [], lang: 'fr', producer: 'p', date: new Date(0), inputsDigest: 'x' },
    { document: 'interior', standard: null },
  );
  return doc.save();
}

function setContent(doc: PDFDocument, page: PDFPage, content: string): void {
  page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.flateStream(content)));
}

const codes = async (bytes: Uint8Array) => (await checkStructure(bytes)).map((p) => `${p.code}@${p.page ?? '-'}`);

const GOOD: Element[] = [
  { role: 'H1' },
  { role: 'P' },
  { role: 'H2' },
  { role: 'Figure', alt: 'A diagram' },
  {
    role: 'Table',
    kids: [
      {
        role: 'TR',
        kids: [
          { role: 'TH', scope: 'Column' },
          { role: 'TH', scope: 'Row' },
        ],
      },
    ],
  },
  { role: 'H2' },
  { role: 'H3' },
];

describe('checkStructure', () => {
  test('a well-tagged document has no problem', async () => {
    expect(await codes(await taggedPdf(GOOD))).toEqual([]);
  });

  test('an untagged document, without language, title display or XMP', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(await codes(await doc.save())).toEqual([
      'not-marked@-',
      'no-document-language@-',
      'title-not-displayed@-',
      'no-pdfua-identification@-',
      'no-xmp-title@-',
      'no-structure-tree@-',
    ]);
  });

  test('a figure without alternate text, a header cell without scope, a skipped heading level', async () => {
    const elements: Element[] = [
      { role: 'H1' },
      { role: 'H3' },
      { role: 'Figure' },
      { role: 'Table', kids: [{ role: 'TR', kids: [{ role: 'TH' }] }] },
    ];
    expect((await codes(await taggedPdf(elements))).sort()).toEqual([
      'figure-without-alt@1',
      'header-cell-without-scope@1',
      'heading-level-skipped@1',
    ]);
    expect(await codes(await taggedPdf([{ role: 'H2' }]))).toEqual(['heading-level-skipped@1']);
  });

  test('untagged painting and marked content the structure tree does not reach', async () => {
    expect(await codes(await taggedPdf(GOOD, { untagged: true }))).toEqual(['untagged-content@1']);
    expect(await codes(await taggedPdf(GOOD, { unreachableMcid: true }))).toEqual(['mcid-unreachable@1']);
  });

  test("an element whose /Pg is another document's page", async () => {
    expect(await codes(await taggedPdf(GOOD, { foreignPage: true }))).toContain('page-not-in-document@-');
  });

  test('links: held by a Link element, on a page with /Tabs /S', async () => {
    expect(await codes(await taggedPdf(GOOD, { linkOutsideLink: true }))).toEqual(['link-not-in-link-element@1']);
    expect(await codes(await taggedPdf(GOOD, { noTabs: true }))).toEqual(['tab-order-not-structure@1']);
    expect(await codes(await taggedPdf(GOOD, { linkWithoutContents: true }))).toEqual(['link-without-description@1']);
  });
});

describe('list items', () => {
  // Chromium's shape: an LI holding its Lbl and then the item's content; the second item holds its marked content itself.
  const LIST: Element[] = [{ role: 'H1' }, { role: 'L', kids: [{ role: 'LI', kids: [{ role: 'Lbl' }, { role: 'P' }] }, { role: 'LI' }] }];

  test('an LI holding elements other than Lbl and LBody is reported (marked content alone is not an element)', async () => {
    expect(await codes(await taggedPdf(LIST))).toEqual(['wrong-kids@1']);
  });

  test("wrapListItemBodies moves the item's content, marked content included, into an LBody and repoints the ParentTree", async () => {
    const doc = await PDFDocument.load(await taggedPdf(LIST), { updateMetadata: false });
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const nums = root.lookup(PDFName.of('ParentTree'), PDFDict).lookup(PDFName.of('Nums'), PDFArray);
    const tree = new Map<number, PDFObject>();
    for (let i = 0; i < nums.size(); i += 2) tree.set((nums.get(i) as PDFNumber).asNumber(), nums.get(i + 1));
    expect(wrapListItemBodies(doc, tree)).toBe(2);
    expect(await codes(await doc.save())).toEqual([]);
    const items = [...doc.context.enumerateIndirectObjects()]
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('S')) === PDFName.of('LBody'));
    expect(items.length).toBe(2);
    for (const body of items) expect(body.get(PDFName.of('P'))).toBeInstanceOf(PDFRef);
  });
});
