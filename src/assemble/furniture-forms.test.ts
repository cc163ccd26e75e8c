import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDocument, PDFName, PDFRawStream, StandardFonts, type PDFPage } from 'pdf-lib';
import { BrowserSession } from '../print/browser-session.ts';
import { resolveBrowser } from '../print/resolve-browser.ts';
import { readPdf } from '../../test/helpers/read-pdf.ts';
import { mupdfComplaints, popplerComplaints, qpdfComplaints } from '../../test/helpers/external-readers.ts';
import { drawForm, embedFurniture, prepareFurniture } from './furniture-forms.ts';
import { SAVE_OPTIONS } from './assemble-interior.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-furniture-forms-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Two running heads as layout/render-furniture.ts lays them out: one page each, as wide as a text block, 8 mm high. */
const HEADS = ['Gérer une institution de microfinance', 'Chapitre deux : le crédit solidaire'];
let printed: Uint8Array;

beforeAll(async () => {
  const html = path.join(dir, 'furniture.html');
  const pages = HEADS.map((head) => `<div class="head"><span>${head}</span></div>`).join('');
  fs.writeFileSync(
    html,
    `<!doctype html><html lang="fr"><style>@page { size: 150mm 8mm; margin: 0 } body { margin: 0 }
      .head { height: 8mm; break-after: page; font: 8.5pt sans-serif; display: flex; align-items: flex-end }</style>${pages}</html>`,
  );
  const session = await BrowserSession.launch(await resolveBrowser(undefined));
  try {
    const options = { allowedRoots: [dir], symlinks: [], tagged: false, loadTimeoutMs: 60_000, printTimeoutMs: 60_000 };
    printed = (await session.printHtmlFile(html, options)).pdf;
  } finally {
    await session.close();
  }
}, 120_000);

/** A book page with each furniture form drawn on it, a head's height apart, saved as the assembly saves. */
async function bookWith(furniture: Uint8Array): Promise<{ bytes: Uint8Array; file: string }> {
  const book = await PDFDocument.create({ updateMetadata: false });
  const page = book.addPage([595, 842]);
  const forms = await embedFurniture(book, await prepareFurniture(furniture, 3));
  forms.forEach((form, i) => drawForm(page, form, { x: 60, y: 780 - i * 40, width: 425, height: 22.7 }));
  const bytes = await book.save(SAVE_OPTIONS);
  const file = path.join(dir, `book-${fs.readdirSync(dir).length}.pdf`);
  fs.writeFileSync(file, bytes);
  return { bytes, file };
}

async function readersComplaints(file: string): Promise<string[]> {
  return [...(await qpdfComplaints(file)), ...(await mupdfComplaints(file)), ...(await popplerComplaints(file))];
}

function contentStreams(page: PDFPage): PDFRawStream[] {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  return refs.map((ref) => page.doc.context.lookup(ref)).filter((s): s is PDFRawStream => s instanceof PDFRawStream);
}

describe('furniture forms', () => {
  it("takes a Chromium page's compressed content as the form's stream, byte for byte", async () => {
    const prepared = await prepareFurniture(printed, 3);
    expect(prepared.forms).toHaveLength(HEADS.length);
    const source = await PDFDocument.load(printed);
    prepared.forms?.forEach((form, i) => {
      const stream = prepared.doc.context.lookup(form.ref);
      if (!(stream instanceof PDFRawStream)) throw new Error('the form is not a raw stream');
      const [pageContent] = contentStreams(source.getPage(i));
      expect(Buffer.from(stream.contents).equals(Buffer.from(pageContent!.contents))).toBe(true);
      expect(stream.dict.get(PDFName.of('Filter'))).toBe(PDFName.of('FlateDecode'));
      expect(stream.dict.get(PDFName.of('Subtype'))).toBe(PDFName.of('Form'));
      expect(form.width).toBeCloseTo((150 / 25.4) * 72, 0);
    });
  });

  it('draws the heads where they are asked, their text extractable, and readers open the book without complaint', async () => {
    const { file } = await bookWith(printed);
    const [page] = (await readPdf(file)).pages;
    expect(page?.lines.map((line) => line.text)).toEqual(HEADS);
    // The box's left edge is where the head starts (the text sits at the left of its furniture page).
    expect(Math.min(...(page?.items ?? []).filter((item) => item.str.trim()).map((item) => item.x))).toBeCloseTo(60, -1);
    expect(await readersComplaints(file)).toEqual([]);
  });

  it('gives the same bytes each time', async () => {
    const first = await bookWith(printed);
    const second = await bookWith(printed);
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
  });

  it('numbers the objects of the book the same whether the furniture was prepared before or after the parts came', async () => {
    const assemble = async (prepareFirst: boolean): Promise<Uint8Array> => {
      const early = prepareFirst ? await prepareFurniture(printed, 3) : null;
      const book = await PDFDocument.create({ updateMetadata: false });
      // What the merge puts in the book meanwhile: pages and their objects.
      for (let i = 0; i < 3; i++) book.addPage([595, 842]).drawRectangle({ x: 10, y: 10, width: 20, height: 20 });
      const late = early ?? (await prepareFurniture(printed, 3));
      const forms = await embedFurniture(book, late);
      drawForm(book.getPage(1), forms[1]!, { x: 60, y: 780, width: 425, height: 22.7 });
      return book.save(SAVE_OPTIONS);
    };
    expect(Buffer.from(await assemble(true)).equals(Buffer.from(await assemble(false)))).toBe(true);
  });

  it("hands a page with its content in two streams to pdf-lib's embedding, and its text is drawn all the same", async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([425, 22.7]);
    page.drawText('Annexe A', { x: 0, y: 6, size: 9, font });
    // A second stream on the same page: no single compressed stream to take as it is.
    const second = doc.context.register(doc.context.contentStream([]));
    page.node.addContentStream(second);
    const furniture = await doc.save({ useObjectStreams: false });
    expect((await prepareFurniture(furniture, 3)).forms).toBeNull();
    const { file } = await bookWith(furniture);
    expect((await readPdf(file)).pages[0]?.text).toBe('Annexe A');
    expect(await readersComplaints(file)).toEqual([]);
  });
});
