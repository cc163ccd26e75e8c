/**
 * savePdf must give the bytes of `doc.save(SAVE_OPTIONS)`, byte for byte: on
 * documents pdf-lib makes (content streams, fonts, embedded pages, every
 * object class and number form), on a part Chromium printed (tagged, fonts,
 * an image, links) and on parts merged and stamped as an edition is.
 * Each document is made twice, saved once each way (both change the document:
 * /Length), then each saved again the other way.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import {
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFInvalidObject,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  ParseSpeeds,
  StandardFonts,
  rgb,
} from 'pdf-lib';
import { SAVE_OPTIONS } from './assemble-interior.ts';
import { savePdf } from './write-pdf.ts';
import { sharedFontkit } from './shared-fontkit.ts';
import { embedFolioFonts } from './folio-fonts.ts';
import { folioFontFiles } from '../layout/fonts.ts';
import { mergePrintedParts } from './merge-parts.ts';
import { asArtifact, stampText } from './stamp.ts';
import { writePageLabels } from './page-labels.ts';
import { writeOutline } from './outline.ts';
import { writeMetadata } from './metadata.ts';
import { deflateNewStreams } from './deflate-new-streams.ts';
import { BrowserSession } from '../print/browser-session.ts';
import { resolveBrowser } from '../print/resolve-browser.ts';

/** Fails at the first differing byte, showing the text around it in both (a PDF is mostly text). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const b = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  if (a.equals(b)) return;
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  const around = (bytes: Buffer): string => JSON.stringify(bytes.subarray(Math.max(0, at - 60), at + 60).toString('latin1'));
  throw new Error(
    `savePdf differs from doc.save at byte ${at} of ${b.length} (savePdf ${a.length} bytes)\nsavePdf: ${around(a)}\nsave:    ${around(b)}`,
  );
}

/**
 * Makes the document three times (both ways change it), saves it each way,
 * then each again the other way. The third, made after the second's savePdf
 * remembered its flush's deflates (flush-memo.ts), is written with them.
 */
async function expectSameAsSave(make: () => Promise<PDFDocument>): Promise<Uint8Array> {
  const [forSave, forSavePdf, again] = [await make(), await make(), await make()];
  const expected = await forSave.save(SAVE_OPTIONS);
  expectSameBytes(await savePdf(forSavePdf), expected);
  expectSameBytes(await savePdf(again), expected);
  expectSameBytes(await savePdf(forSave), expected);
  expectSameBytes(await forSavePdf.save(SAVE_OPTIONS), expected);
  return expected;
}

const fixedDate = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));

describe('savePdf on documents pdf-lib makes', () => {
  it('writes drawn content streams (deflated and not), fonts, images and embedded pages as save does', async () => {
    const make = async (): Promise<PDFDocument> => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.registerFontkit(sharedFontkit);
      const standard = await doc.embedFont(StandardFonts.Helvetica);
      const custom = await doc.embedFont(fs.readFileSync(folioFontFiles('latn').latin), { subset: true, customName: 'TESTAA+Folio' });
      const page = doc.addPage([300, 400]);
      page.drawText('Héllo (world) \\ ok', { x: 10, y: 380, size: 12, font: standard });
      page.drawText('Folio 123 – ééé', { x: 10, y: 350, size: 9.5, font: custom, color: rgb(0.1, 0.2, 0.3) });
      page.drawRectangle({ x: 20.25, y: 30.125, width: 0.1, height: 1e-7, borderColor: rgb(1, 0, 0), opacity: 0.15 });
      const png = new PNG({ width: 2, height: 2 });
      png.data.fill(200);
      page.drawImage(await doc.embedPng(PNG.sync.write(png)), { x: 50, y: 50, width: 20, height: 20 });
      const source = await PDFDocument.create({ updateMetadata: false });
      source.addPage([100, 100]).drawCircle({ x: 50, y: 50, size: 20 });
      const [embedded] = await doc.embedPdf(source);
      if (!embedded) throw new Error('no embedded page');
      doc.addPage([300, 400]).drawPage(embedded, { x: 10, y: 10, width: 80, height: 80 });
      // A content stream pdf-lib does not deflate, as deflateNewStreams leaves them.
      const plain = doc.context.contentStream([], {});
      const plainDict = doc.context.obj({ Unfiltered: plain.dict });
      doc.context.register(plainDict);
      doc.context.register(doc.context.formXObject([]));
      return doc;
    };
    const bytes = await expectSameAsSave(make);
    expect(Buffer.from(bytes.subarray(0, 8)).toString('latin1')).toBe('%PDF-1.7');
  });

  it('writes every kind of object and number as save does: escapes, non-Latin text, hex strings, reals, empty containers', async () => {
    const make = async (): Promise<PDFDocument> => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.setTitle('Titre « accentué » – ł 😀', { showInWindowTitleBar: true });
      doc.setAuthor('A (b) \\c');
      doc.setCreationDate(fixedDate);
      doc.setModificationDate(fixedDate);
      const context = doc.context;
      context.trailerInfo.ID = context.obj([PDFHexString.of('00ff10AB'), PDFHexString.of('abc')]);
      const numbers = [0, -0, 1, -1, 0.1, -0.5, 1e-7, -2.5e-9, 123456789.123, 1e21, 1.7976931348623157e308, 5e-324, 72.00000000000001];
      const dict = context.obj({
        Numbers: numbers.map((n) => PDFNumber.of(n)),
        Empty: [],
        EmptyDict: {},
        Nested: [[[]], { A: [{}] }],
        Yes: true,
        No: false,
        Nothing: null,
        Literal: PDFString.of('line\\nbreak \\( \\) \\\\ \\101 é ł 😀 \u0141'),
        Hex: PDFHexString.fromText('ــ عربي 😀'),
        OddHex: PDFHexString.of('f'),
        Name: PDFName.of('With Space#20and/slash(é)'),
        Ref: PDFRef.of(999, 3),
        Date: PDFString.fromDate(fixedDate),
      });
      const ref = context.register(dict);
      // /Null kept as a value (get() hides it, the writer must not).
      dict.set(PDFName.of('Kept'), PDFNull);
      // Streams with a missing, a wrong and an indirect /Length.
      context.register(PDFRawStream.of(context.obj({}), new Uint8Array([0, 1, 2, 255])));
      context.register(PDFRawStream.of(context.obj({ Length: 99, After: 1 }), new Uint8Array(3000).fill(7)));
      context.register(PDFRawStream.of(context.obj({ Length: PDFRef.of(5) }), new Uint8Array(0)));
      context.register(context.flateStream('BT /F1 12 Tf (x) Tj ET'));
      doc.catalog.set(PDFName.of('Test'), ref);
      return doc;
    };
    await expectSameAsSave(make);
  });

  it('writes numbering gaps, non-zero generations and objects it does not know as save does', async () => {
    const make = async (): Promise<PDFDocument> => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      doc.addPage([100, 100]);
      const context = doc.context;
      // Gaps: objects 40, 41 and 45 (three subsections after the first), one with generation 2.
      context.assign(PDFRef.of(40), context.obj({ A: 1 }));
      context.assign(PDFRef.of(41, 2), context.obj([PDFBool.True]));
      context.assign(PDFRef.of(45), PDFInvalidObject.of(new Uint8Array([0x25, 0x20, 0x62, 0x61, 0x64])));
      // Object 2 taken out and put back: last in the context's map, first in the file (the map is not in order).
      const moved = PDFRef.of(2);
      const object = context.lookup(moved);
      if (!object) throw new Error('no object 2');
      context.delete(moved);
      context.assign(moved, object);
      // Two generations of one object number, in the order they were added.
      context.assign(PDFRef.of(41, 0), context.obj({ Generation: 0 }));
      // A dictionary subclass (a page) written directly, and an object copied twice.
      const extra = context.register(context.obj({ Copy: doc.getPage(0).node.clone() }));
      context.assign(PDFRef.of(50), context.lookup(extra, PDFDict).clone());
      return doc;
    };
    await expectSameAsSave(make);
  });

  it('reports the first differing byte when the bytes differ by one', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage([100, 100]);
    const bytes = await savePdf(doc);
    const changed = bytes.slice();
    changed[200] = (changed[200] ?? 0) ^ 1;
    expect(() => expectSameBytes(changed, bytes)).toThrow(/at byte 200 of/);
    // The result owns its whole buffer: the assembly thread transfers it without a copy.
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });
});

describe('savePdf on printed and assembled books', () => {
  let dir = '';
  const printed: Uint8Array[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-write-pdf-'));
    const png = new PNG({ width: 8, height: 8 });
    for (let i = 0; i < png.data.length; i++) png.data[i] = (i * 37) % 256;
    fs.writeFileSync(path.join(dir, 'dots.png'), PNG.sync.write(png));
    fs.copyFileSync(folioFontFiles('latn').latin, path.join(dir, 'serif.woff2'));
    const html = (n: number): string => `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Partie ${n}</title>
      <style>@font-face { font-family: S; src: url(serif.woff2); } body { font-family: S; } @page { size: A5; }</style></head>
      <body><h1 id="part-${n}">Partie ${n} : « épargne » et crédit</h1>
      <p>Un paragraphe avec un <a href="#part-${n}">lien interne</a> et un <a href="https://example.org/">lien externe</a>.</p>
      <figure><img src="dots.png" alt="Des points" width="80" height="80"><figcaption>Figure ${n}</figcaption></figure>
      <ul><li>Premier</li><li>Second</li></ul><table><tr><th>Taux</th><td>12,5 %</td></tr></table>
      <p style="break-before: page">Deuxième page de la partie ${n}, ١٢٣ عربي.</p></body></html>`;
    const session = await BrowserSession.launch(await resolveBrowser(undefined));
    try {
      const options = { allowedRoots: [dir], symlinks: [], tagged: true, loadTimeoutMs: 60_000, printTimeoutMs: 60_000 };
      for (const n of [1, 2]) {
        const file = path.join(dir, `part-${n}.html`);
        fs.writeFileSync(file, html(n));
        printed.push((await session.printHtmlFile(file, options)).pdf);
      }
    } finally {
      await session.close();
    }
  }, 120_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a part Chromium printed as save does', async () => {
    const load = (): Promise<PDFDocument> => PDFDocument.load(printed[0] ?? new Uint8Array(), { updateMetadata: false });
    const doc = await load();
    expect(doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeDefined();
    const text = Buffer.from(await expectSameAsSave(load)).toString('latin1');
    // What the comparison covered: links, the picture, an embedded font program.
    expect(text).toMatch(/\/Subtype \/Link/);
    expect(text).toMatch(/\/Subtype \/Image/);
    expect(text).toMatch(/\/FontFile[23]? /);
  });

  it('writes parts merged, stamped, labelled and deflated as an edition is, as save does', async () => {
    const make = async (): Promise<PDFDocument> => {
      const doc = await mergePrintedParts(printed.map((bytes) => bytes.slice()));
      doc.registerFontkit(sharedFontkit);
      const { forLabel } = await embedFolioFonts(doc, folioFontFiles('arab'));
      const furniture = await PDFDocument.load(printed[1] ?? new Uint8Array(), { parseSpeed: ParseSpeeds.Fastest, updateMetadata: false });
      const [head] = await doc.embedPdf(furniture, [0]);
      if (!head) throw new Error('no furniture page');
      const pages = doc.getPages();
      doc.insertPage(1, [pages[0]?.getWidth() ?? 420, pages[0]?.getHeight() ?? 595]);
      doc.getPages().forEach((page, index) => {
        const label = index === 0 ? 'i' : String(index);
        stampText(page, label, { font: forLabel(label), size: 9.5, x: 40, y: 20, align: 'left' });
        stampText(page, '٣', { font: forLabel('٣'), size: 9.5, x: 200, y: 20, align: 'right' });
        asArtifact(page, () => page.drawPage(head, { x: 30, y: 500, width: 300, height: 20 }));
      });
      const plan = doc.getPages().map((_, index) => ({
        printed: index,
        part: index === 0 ? ('front' as const) : ('body' as const),
        chapter: null,
        opener: false,
        recto: index % 2 === 0,
        label: String(index + 1),
        showFolio: true,
        runningHead: null,
      }));
      writePageLabels(doc, plan, (label) => label);
      const first = doc.getPages()[0];
      if (first) writeOutline(doc, [{ title: 'Partie 1 « é »', pageRef: first.ref, y: 500, children: [] }]);
      writeMetadata(
        doc,
        {
          title: 'Livre',
          author: 'Équipe',
          subject: 'Microfinance',
          keywords: ['fr'],
          lang: 'fr',
          producer: 'coursebook test',
          date: fixedDate,
          inputsDigest: 'abc123',
        },
        { document: 'interior', standard: null },
      );
      deflateNewStreams(doc);
      return doc;
    };
    await expectSameAsSave(make);
  });
});
