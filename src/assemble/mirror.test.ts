import { afterAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts } from 'pdf-lib';
import { readPdf } from '../../test/helpers/read-pdf.ts';
import { mupdfComplaints, popplerComplaints, qpdfComplaints } from '../../test/helpers/external-readers.ts';
import { MirrorShift } from './mirror.ts';
import { deflateNewStreams } from './deflate-new-streams.ts';
import { SAVE_OPTIONS } from './assemble-interior.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cb-mirror-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Four printed-like pages, each with a line of text at x = 100 and a link over it; saved and parsed again. */
async function printed(): Promise<PDFDocument> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let n = 1; n <= 4; n++) {
    const page = doc.addPage([400, 300]);
    page.drawText(`Page ${n}`, { x: 100, y: 150, size: 12, font });
    const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [100, 145, 160, 165], Border: [0, 0, 0] });
    page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
  }
  return PDFDocument.load(await doc.save({ useObjectStreams: false }), { updateMetadata: false });
}

const contentRefs = (doc: PDFDocument, index: number): string[] =>
  doc.getPage(index).node.lookup(PDFName.of('Contents'), PDFArray).asArray().map(String);

const linkRect = (doc: PDFDocument, index: number): number[] => {
  const annot = doc.getPage(index).node.lookup(PDFName.of('Annots'), PDFArray).lookup(0, PDFDict);
  return annot
    .lookup(PDFName.of('Rect'), PDFArray)
    .asArray()
    .map((n) => (n as PDFNumber).asNumber());
};

describe('MirrorShift', () => {
  it('shares one opening stream per shift and one closing stream between all pages', async () => {
    const doc = await printed();
    const objectsBefore = doc.context.enumerateIndirectObjects().length;
    const mirror = new MirrorShift(doc.context);
    doc.getPages().forEach((page, index) => mirror.shift(page, index % 2 === 0 ? 20 : -20));
    // Two opening streams (+20, -20) and one closing stream, besides the q/Q pair pdf-lib itself shares.
    const added = doc.context.enumerateIndirectObjects().length - objectsBefore;
    expect(added).toBe(5);
    const [first, second, third, fourth] = [0, 1, 2, 3].map((i) => contentRefs(doc, i));
    expect(first![0]).toBe(third![0]);
    expect(second![0]).toBe(fourth![0]);
    expect(first![0]).not.toBe(second![0]);
    expect(new Set([first, second, third, fourth].map((refs) => refs!.at(-1))).size).toBe(1);
    expect(linkRect(doc, 0)).toEqual([120, 145, 180, 165]);
    expect(linkRect(doc, 1)).toEqual([80, 145, 140, 165]);
  });

  it('moves each page by its own shift in what readers show, and readers accept the shared streams', async () => {
    const doc = await printed();
    const mirror = new MirrorShift(doc.context);
    doc.getPages().forEach((page, index) => mirror.shift(page, index % 2 === 0 ? 20 : -20));
    // A folio stamped after the shift stays where it is drawn: it goes in the page's own stream, after the closing one.
    doc.getPages().forEach((page) => page.drawRectangle({ x: 0, y: 0, width: 5, height: 5 }));
    deflateNewStreams(doc);
    const file = path.join(dir, 'shifted.pdf');
    fs.writeFileSync(file, await doc.save(SAVE_OPTIONS));
    const pages = (await readPdf(file)).pages;
    expect(pages.map((page) => page.text)).toEqual(['Page 1', 'Page 2', 'Page 3', 'Page 4']);
    expect(pages.map((page) => Math.round(page.items[0]!.x))).toEqual([120, 80, 120, 80]);
    expect([...(await qpdfComplaints(file)), ...(await mupdfComplaints(file)), ...(await popplerComplaints(file))]).toEqual([]);
  });

  it('leaves a page without a shift as it is', async () => {
    const doc = await printed();
    const before = String(doc.getPage(0).node.get(PDFName.of('Contents')));
    new MirrorShift(doc.context).shift(doc.getPage(0), 0);
    expect(String(doc.getPage(0).node.get(PDFName.of('Contents')))).toBe(before);
  });
});
