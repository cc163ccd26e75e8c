/**
 * Deliberately broken PDFs, made here, that preflight must catch — and the
 * same files once coursebook's own conversions have run, which it must pass.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from '@jest/globals';
import { PDFDocument, PDFName, PDFOperator, PDFRawStream, StandardFonts } from 'pdf-lib';
import { sharedFontkit } from '../assemble/shared-fontkit.ts';
import { applyPrintBoxes } from '../assemble/print-boxes.ts';
import { mm } from '../assemble/units.ts';
import { convertDocumentColors } from '../assemble/color/convert-document.ts';
import { readOutputIntent, writeOutputIntent } from '../assemble/output-intent.ts';
import { stampFontFile } from '../layout/fonts.ts';
import { fontProgramKind } from './check-fonts.ts';
import { preflightDocument, preflightPdf } from './preflight.ts';
import type { PreflightOptions } from './types.ts';

const A4: [number, number] = [mm(210), mm(297)];
const bleed = mm(3.175);
const codes = async (bytes: Uint8Array, options: PreflightOptions): Promise<string[]> =>
  (await preflightPdf(bytes, options)).map((v) => `${v.code}${v.page ? `@${v.page}` : ''}`);

/** A 2-page A4 book with boxes for Lulu, a text in an embedded TrueType font, and optionally an RGB image. */
async function book(options: { trimBox?: boolean; rgbImage?: boolean; pixels?: number } = {}): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(sharedFontkit);
  const font = await doc.embedFont(fs.readFileSync(stampFontFile('@fontsource/source-serif-4', 'latin')), { subset: true });
  for (let i = 0; i < 2; i++) {
    const page = doc.addPage(A4);
    page.drawText('Chapitre', { x: 72, y: 700, size: 12, font });
    if (options.trimBox !== false) applyPrintBoxes(page, { width: A4[0], height: A4[1], bleed, marks: false });
  }
  if (options.rgbImage) {
    const side = options.pixels ?? 2000;
    const samples = Buffer.alloc(side * side * 3, 0);
    for (let p = 0; p < side * side; p++) samples[p * 3] = 255; // red
    const image = doc.context.register(
      PDFRawStream.of(
        doc.context.obj({
          Type: 'XObject',
          Subtype: 'Image',
          Width: side,
          Height: side,
          ColorSpace: 'DeviceRGB',
          BitsPerComponent: 8,
          Filter: 'FlateDecode',
        }),
        zlib.deflateSync(samples),
      ),
    );
    const page = doc.getPage(1);
    page.node.setXObject(PDFName.of('Im1'), image);
    // Drawn 2 inches wide: 2000 px make 1000 ppi, 200 px make 100 ppi.
    page.pushOperators(
      PDFOperator.of('q' as never),
      PDFOperator.of(
        'cm' as never,
        [144, 0, 0, 144, 72, 72].map((n) => doc.context.obj(n)),
      ),
      PDFOperator.of('Do' as never, [PDFName.of('Im1')]),
      PDFOperator.of('Q' as never),
    );
    page.drawRectangle({ x: 72, y: 300, width: 100, height: 20 });
  }
  return doc;
}

const save = (doc: PDFDocument): Promise<Uint8Array> => doc.save({ useObjectStreams: false });

describe('preflight catches broken PDFs', () => {
  it('a font that is not embedded', async () => {
    const doc = await book();
    doc.getPage(0).drawText('Helvetica', { x: 72, y: 600, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
    expect(await codes(await save(doc), { target: 'office', color: 'as-designed', kind: 'interior' })).toEqual([
      'preflight/font-not-embedded@1',
    ]);
  });

  it('a WOFF file in /FontFile2 (the Arabic digits bug)', async () => {
    const doc = await book();
    const woff = fs.readFileSync(stampFontFile('@fontsource/noto-naskh-arabic', 'arabic'));
    expect(fontProgramKind(woff)).toBe('woff');
    const digits = await doc.embedFont(woff, { subset: false });
    doc.getPage(1).drawText('12', { x: 72, y: 600, size: 12, font: digits });
    const found = await preflightPdf(await save(doc), { target: 'office', color: 'as-designed', kind: 'interior' });
    expect(found.map((v) => [v.code, v.page])).toEqual([['preflight/font-invalid', 2]]);
    expect(found[0]!.message).toMatch(/\/FontFile2 holds a WOFF file/);
  });

  it('an RGB image and RGB drawing in a gray book; converted, they pass', async () => {
    const doc = await book({ rgbImage: true });
    const broken = await codes(await save(doc), { target: 'office', color: 'gray', kind: 'interior' });
    expect(broken).toContain('preflight/color-in-gray@2');
    expect(broken.filter((c) => c.startsWith('preflight/color-in-gray')).length).toBeGreaterThanOrEqual(2);
    const report = await convertDocumentColors(doc, 'gray');
    expect(report.images).toBe(1);
    expect(report.unconverted).toEqual([]);
    expect(await codes(await save(doc), { target: 'office', color: 'gray', kind: 'interior' })).toEqual([]);
  });

  it('a missing TrimBox, and bleed or crop-mark room a print-on-demand target refuses', async () => {
    const options: PreflightOptions = { target: 'lulu', color: 'as-designed', kind: 'interior' };
    const noBoxes = await codes(await save(await book({ trimBox: false })), options);
    expect(noBoxes).toEqual(
      expect.arrayContaining(['preflight/no-trimbox@1', 'preflight/page-count', 'preflight/output-intent', 'preflight/xmp']),
    );
    const marked = await book({ trimBox: false });
    for (const page of marked.getPages()) applyPrintBoxes(page, { width: A4[0], height: A4[1], bleed: mm(2), marks: true });
    const found = await codes(await save(marked), options);
    expect(found).toEqual(expect.arrayContaining(['preflight/bleed@1', 'preflight/marks@1']));
  });

  it('DeviceRGB under a CMYK output intent; after conversion only managed RGB and black ink are left', async () => {
    const doc = await book({ rgbImage: true });
    writeOutputIntent(doc, 'cmyk');
    expect(readOutputIntent(doc)).toEqual({ subtype: 'GTS_PDFX', identifier: 'FOGRA39', components: 4 });
    const options: PreflightOptions = { target: 'offset', color: 'as-designed', kind: 'interior' };
    expect(await codes(await save(doc), options)).toEqual(
      expect.arrayContaining(['preflight/unmanaged-color@1', 'preflight/unmanaged-color@2']),
    );
    await convertDocumentColors(doc, 'cmyk');
    const after = await codes(await save(doc), options);
    expect(after.filter((c) => c.startsWith('preflight/unmanaged-color'))).toEqual([]);
  });

  it('an image under 300 ppi at its printed size is a warning with its page', async () => {
    const found = await preflightPdf(await save(await book({ rgbImage: true, pixels: 200 })), {
      target: 'office',
      color: 'as-designed',
      kind: 'interior',
    });
    expect(found).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'preflight/image-resolution',
        page: 2,
        message: expect.stringMatching(/prints at 100 ppi/),
      }),
    ]);
  });

  it('an unreadable file is one error, not a crash', async () => {
    expect(await codes(new TextEncoder().encode('%PDF-1.7 nothing'), { target: 'office', color: 'as-designed' })).toEqual([
      'preflight/unreadable',
    ]);
  });
});

describe('KDP interiors bleed at the top, bottom and outside edge only', () => {
  /** Two pages, a recto (binding on the left) then a verso (binding on the right). */
  async function kdpBook(bindingWithoutBleed: boolean): Promise<Uint8Array> {
    const doc = await PDFDocument.create();
    for (const noBleedAt of ['left', 'right'] as const) {
      const page = doc.addPage(A4);
      applyPrintBoxes(page, { width: A4[0], height: A4[1], bleed, marks: false, ...(bindingWithoutBleed ? { noBleedAt } : {}) });
    }
    return save(doc);
  }
  const bleedCodes = async (bytes: Uint8Array): Promise<string[]> =>
    (await codes(bytes, { target: 'kdp', color: 'as-designed', kind: 'interior' })).filter((c) => c.startsWith('preflight/bleed'));

  it('the page is the trim plus 0.125 in across and 0.25 in down', async () => {
    const doc = await PDFDocument.load(await kdpBook(true));
    for (const page of doc.getPages()) {
      const media = page.getMediaBox();
      expect(media.width).toBeCloseTo(A4[0] + bleed, 3);
      expect(media.height).toBeCloseTo(A4[1] + 2 * bleed, 3);
    }
    expect(doc.getPage(0).getMediaBox().x).toBeCloseTo(0, 3); // recto: no bleed left of the trim
    expect(doc.getPage(1).getMediaBox().x).toBeCloseTo(-bleed, 3);
  });

  it('passes with no bleed at the binding, fails with bleed all round', async () => {
    expect(await bleedCodes(await kdpBook(true))).toEqual([]);
    expect(await bleedCodes(await kdpBook(false))).toEqual(['preflight/bleed@1']); // reported once, at its first page
  });
});

describe('the build preflights the document it has just saved, without parsing it again', () => {
  it('finds what a preflight of the saved file finds, in a gray, an offset and an office book', async () => {
    const cases: [Parameters<typeof book>[0], PreflightOptions][] = [
      [
        { rgbImage: true, pixels: 200 },
        { target: 'office', color: 'gray', kind: 'interior' },
      ],
      [{ rgbImage: true }, { target: 'offset', color: 'as-designed', kind: 'interior' }],
      [{ trimBox: false }, { target: 'lulu', color: 'as-designed', kind: 'interior' }],
    ];
    for (const [shape, options] of cases) {
      const doc = await book(shape);
      const bytes = await save(doc);
      const inMemory = await preflightDocument(doc, options);
      expect(inMemory.length).toBeGreaterThan(0);
      expect(inMemory).toEqual(await preflightPdf(bytes, options));
    }
  });
});
