/**
 * Issue 9 §1 and §3: every output of the sample (all languages, editions,
 * covers) and of the bleed course opens without an error or a warning in
 * poppler, MuPDF and qpdf (pdf.js: pdfjs-render.test.ts), every embedded font
 * program is of the kind its /FontFile* key says, the XMP packet agrees with
 * the Info dictionary, and every page has its TrimBox and BleedBox.
 */
import { describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { embeddedFontPrograms } from '../../src/report/font-programs.ts';
import { mupdfComplaints, pdfjsComplaints, popplerComplaints, qpdfComplaints } from '../helpers/external-readers.ts';
import { BLEED_OUT, SAMPLE_OUT, SOURCE_DATE_EPOCH, sampleOutputs } from './sample-paths.ts';

const outputs = sampleOutputs();
const label = (file: string): string => path.relative(path.dirname(SAMPLE_OUT), file);

test('the sample gives every language × edition an interior and a cover, and every language its handouts', () => {
  // 3 languages × (2 editions × (interior + cover) + handouts.pdf), and the bleed course's.
  expect(outputs.filter((file) => file.startsWith(SAMPLE_OUT + path.sep)).length).toBe(15);
  expect(outputs.filter((file) => file.startsWith(BLEED_OUT + path.sep)).length).toBeGreaterThanOrEqual(2);
});

describe.each(outputs.map((file) => [label(file), file]))('%s', (_name, file) => {
  test('every font program matches its /FontFile* key', async () => {
    const programs = await embeddedFontPrograms(fs.readFileSync(file));
    expect(programs.length).toBeGreaterThan(0);
    expect(programs.filter((p) => !p.valid)).toEqual([]);
  });

  test('poppler (pdffonts, pdftoppm), MuPDF and qpdf report nothing', async () => {
    const [poppler, mupdf, qpdf] = await Promise.all([popplerComplaints(file), mupdfComplaints(file), qpdfComplaints(file)]);
    expect({ poppler, mupdf, qpdf }).toEqual({ poppler: [], mupdf: [], qpdf: [] });
  });

  test('XMP metadata agrees with the Info dictionary and claims PDF/UA-1; /Trapped /False', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 }).promise;
    const { info, metadata } = (await doc.getMetadata()) as unknown as {
      info: Record<string, unknown>;
      metadata: Map<string, unknown> | null;
    };
    await doc.destroy();
    expect(metadata).not.toBeNull();
    const xmp = Object.fromEntries(metadata!);
    const isoOf = (pdfDate: unknown): string => String(pdfDate).replace(/^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z');
    expect(xmp).toMatchObject({
      'dc:title': info.Title,
      'dc:creator': [info.Author],
      'dc:description': info.Subject,
      'dc:language': info.Language ?? expect.any(String),
      'pdf:keywords': info.Keywords,
      'pdf:producer': info.Producer,
      'xmp:creatortool': info.Creator,
      'xmp:createdate': isoOf(info.CreationDate),
      'xmp:modifydate': isoOf(info.ModDate),
      'pdf:trapped': 'False',
      'pdfuaid:part': '1',
    });
    expect(info.Trapped).toEqual({ name: 'False' });
    // The build date is SOURCE_DATE_EPOCH.
    expect(xmp['xmp:createdate']).toBe(new Date(Number(SOURCE_DATE_EPOCH) * 1000).toISOString().replace('.000', ''));
  });

  test('every page has a TrimBox and a BleedBox, the bleed box around the trim box, inside the media box', async () => {
    const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
    const boxes = doc
      .getPages()
      .map((page) => ({ media: page.getMediaBox(), bleed: page.getBleedBox(), trim: page.getTrimBox(), node: page.node }));
    for (const [index, { media, bleed, trim, node }] of boxes.entries()) {
      expect({ index, trim: node.has(PDFName.of('TrimBox')), bleed: node.has(PDFName.of('BleedBox')) }).toEqual({
        index,
        trim: true,
        bleed: true,
      });
      const within = (inner: typeof media, outer: typeof media): boolean =>
        inner.x >= outer.x - 0.01 &&
        inner.y >= outer.y - 0.01 &&
        inner.x + inner.width <= outer.x + outer.width + 0.01 &&
        inner.y + inner.height <= outer.y + outer.height + 0.01;
      expect({ index, trimInBleed: within(trim, bleed), bleedInMedia: within(bleed, media) }).toEqual({
        index,
        trimInBleed: true,
        bleedInMedia: true,
      });
    }
  });
});

describe('the checks themselves', () => {
  test('catch a WOFF embedded as /FontFile2 (the Arabic folios of issue 9)', async () => {
    const { default: fontkit } = await import('@pdf-lib/fontkit');
    const { stampFontFile } = await import('../../src/layout/fonts.ts');
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    // pdf-lib embeds a font it does not subset byte for byte: the WOFF lands in /FontFile2.
    const font = await doc.embedFont(fs.readFileSync(stampFontFile('@fontsource/noto-naskh-arabic', 'arabic')), { subset: false });
    doc.addPage([200, 100]).drawText('١٠', { font, x: 20, y: 20 });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-woff-')), 'woff.pdf');
    fs.writeFileSync(file, await doc.save());
    const programs = await embeddedFontPrograms(fs.readFileSync(file));
    expect(programs.map(({ key, format, valid }) => ({ key, format, valid }))).toEqual([
      { key: 'FontFile2', format: 'woff', valid: false },
    ]);
    expect((await popplerComplaints(file)).join('\n')).toMatch(/Embedded font file may be invalid/);
    expect((await pdfjsComplaints(file)).complaints.length).toBeGreaterThan(0);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  test('catch a truncated file', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cb-cut-')), 'cut.pdf');
    const whole = fs.readFileSync(outputs[0]!);
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const [mupdf, qpdf] = await Promise.all([mupdfComplaints(file), qpdfComplaints(file)]);
    expect(mupdf.length).toBeGreaterThan(0);
    expect(qpdf.length).toBeGreaterThan(0);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
