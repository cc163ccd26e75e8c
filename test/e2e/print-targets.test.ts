/**
 * Issue 9, print targets end to end: the sample (printed for Lulu) passes
 * preflight; a small course built once for an offset printer in gray, once in
 * colour, and once for a target it is too short for, read back from the PDFs.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { PDFArray, PDFDocument, PDFName, PDFStream } from 'pdf-lib';
import { preflightPdf } from '../../src/preflight/preflight.ts';
import { readOutputIntent } from '../../src/assemble/output-intent.ts';
import { readBoxes, readPdf } from '../helpers/read-pdf.ts';
import { contentOperators } from '../helpers/content-operators.ts';
import { collectObjects } from '../../src/preflight/walk.ts';
import { parseContent } from '../../src/assemble/color/content-stream.ts';
import { BLEED_COURSE, E2E_DIR, PROJECT_ROOT, SAMPLE_OUT, SOURCE_DATE_EPOCH } from './sample-paths.ts';

const CLI = path.join(PROJECT_ROOT, 'bin/coursebook.js');
const WORK = path.join(E2E_DIR, 'print-targets');
const env = { ...process.env, SOURCE_DATE_EPOCH, CI: 'true' };
const mm = (v: number): number => (v * 72) / 25.4;

/** An RGB PNG (a red-to-blue gradient), made here so the test needs no picture file. */
function rgbPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++)
      rows.set([255 - Math.round((x * 255) / width), 40, Math.round((x * 255) / width)], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The bleed fixture's chapters under another book.yaml, plus a chapter with a sample SVG drawing and an RGB picture. */
function course(name: string, yaml: string): string {
  const root = path.join(WORK, name);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.cpSync(path.join(BLEED_COURSE, 'content'), path.join(root, 'content'), { recursive: true });
  fs.mkdirSync(path.join(root, 'content/en/images'));
  fs.copyFileSync(path.join(PROJECT_ROOT, 'content/en/images/plan-cycle.svg'), path.join(root, 'content/en/images/plan-cycle.svg'));
  fs.writeFileSync(path.join(root, 'content/en/images/gradient.png'), rgbPng(2000, 200));
  fs.writeFileSync(
    path.join(root, 'content/en/03-figures.md'),
    '---\ntitle: Figures\n---\n\nThe planning cycle.\n\n![The planning cycle](images/plan-cycle.svg){#fig:cycle}\n\n![A coloured picture](images/gradient.png){#fig:gradient}\n\n' +
      // Enough text for pages after the opener: they carry running heads (form XObjects drawn by the assembly).
      Array.from(
        { length: 30 },
        (_, i) => `Count ${i + 1}: the teller counts the cash drawer twice, and a second person signs the sheet.\n`,
      ).join('\n'),
  );
  fs.writeFileSync(
    path.join(root, 'book.yaml'),
    `title: Cash Management Basics\nauthors: [coursebook test team]\nlanguages: [en]\neditions: [participant]\n${yaml}`,
  );
  return root;
}
const build = (root: string) =>
  spawnSync(process.execPath, [CLI, 'build', '--root', root, '--out', path.join(root, 'out'), '--no-cache'], { env, encoding: 'utf8' });

let grayRoot = '';
let colorRoot = '';
let shortRoot = '';
let shortBuild: ReturnType<typeof build>;

beforeAll(() => {
  grayRoot = course('offset-gray', 'page:\n  size: 170mm 240mm\nprint:\n  target: offset\n  color: gray\n');
  colorRoot = course('offset-color', 'page:\n  size: 170mm 240mm\nprint:\n  target: offset\n');
  shortRoot = course('kdp-short', 'page:\n  size: 6in 9in\n  margins: { outer: 12mm }\nprint:\n  target: kdp\n');
  for (const root of [grayRoot, colorRoot])
    execFileSync(process.execPath, [CLI, 'build', '--root', root, '--out', path.join(root, 'out'), '--no-cache'], { env, stdio: 'pipe' });
  shortBuild = build(shortRoot);
}, 180_000);

describe('the sample course, printed for Lulu', () => {
  const files = ['fr', 'en', 'ar'].flatMap((lang) =>
    ['participant', 'trainer', 'participant-cover', 'trainer-cover'].map((name) => `${lang}/${name}.pdf`),
  );

  test.each(files)('%s passes preflight for lulu', async (file) => {
    const violations = await preflightPdf(fs.readFileSync(path.join(SAMPLE_OUT, file)), { target: 'lulu', color: 'as-designed' });
    expect(violations).toEqual([]);
  });

  test('interiors and covers carry the sRGB PDF/X output intent with its ICC profile', async () => {
    for (const file of ['fr/participant.pdf', 'ar/trainer-cover.pdf']) {
      const doc = await PDFDocument.load(fs.readFileSync(path.join(SAMPLE_OUT, file)), { updateMetadata: false });
      expect(readOutputIntent(doc)).toEqual({ subtype: 'GTS_PDFX', identifier: 'sRGB IEC61966-2.1', components: 3 });
      const intent = doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0);
      const profile = (intent as unknown as { lookup: (n: PDFName) => PDFStream }).lookup(PDFName.of('DestOutputProfile'));
      expect(profile).toBeInstanceOf(PDFStream);
    }
  });

  test("folios and running heads stay inside Lulu's 0.5 in safety margin", async () => {
    const book = await readPdf(path.join(SAMPLE_OUT, 'fr/trainer.pdf'));
    const items = book.pages.flatMap((page) => page.items).filter((item) => item.str.trim() !== '');
    expect(Math.min(...items.map((item) => item.y))).toBeGreaterThanOrEqual(mm(12.7) - 0.5);
    expect(Math.max(...items.map((item) => item.y + item.size * 0.7))).toBeLessThanOrEqual(mm(297 - 12.7) + 0.5);
  });

  test('the Arabic cover is mirrored: the front cover (title) on the left of the spine, the back on the right', async () => {
    const [boxes] = await readBoxes(path.join(SAMPLE_OUT, 'ar/participant-cover.pdf'));
    const middle = (boxes!.trimBox![0]! + boxes!.trimBox![2]!) / 2;
    const cover = await readPdf(path.join(SAMPLE_OUT, 'ar/participant-cover.pdf'));
    const big = cover.pages[0]!.items.reduce((a, b) => (b.size > a.size ? b : a));
    expect(big.x + big.width).toBeLessThan(middle);
    const french = await readPdf(path.join(SAMPLE_OUT, 'fr/participant-cover.pdf'));
    expect(french.pages[0]!.items.reduce((a, b) => (b.size > a.size ? b : a)).x).toBeGreaterThan(middle);
  });
});

describe('offset, gray (small course)', () => {
  test('no colour operator left in any content stream of the interior or the cover', async () => {
    for (const file of ['participant.pdf', 'participant-cover.pdf']) {
      const ops = await contentOperators(path.join(grayRoot, 'out/en', file));
      expect(ops.length).toBeGreaterThan(50);
      expect(ops.filter((op) => / (rg|RG|k|K|sc|scn|SC|SCN|cs|CS)$/.test(op))).toEqual([]);
      expect(ops.filter((op) => / (g|G)$/.test(op)).length).toBeGreaterThan(3);
    }
  });

  test('the RGB picture was converted to gray, the SVG drawing too', async () => {
    const doc = await PDFDocument.load(fs.readFileSync(path.join(grayRoot, 'out/en/participant.pdf')), { updateMetadata: false });
    const images = collectObjects(doc).images.filter((i) => i.stream.dict.get(PDFName.of('Subtype'))?.toString() === '/Image');
    const colour = images.filter((i) => !i.stream.dict.get(PDFName.of('ImageMask')));
    expect(colour.length).toBeGreaterThan(0);
    expect(colour.map((i) => i.stream.dict.get(PDFName.of('ColorSpace'))?.toString())).toEqual(colour.map(() => '/DeviceGray'));
    const text = (await readPdf(path.join(grayRoot, 'out/en/participant.pdf'))).pages.map((p) => p.text).join('\n');
    expect(text).toMatch(/The planning cycle/);
  });

  test('pages with running heads (forms embedded by the assembly) were converted too', async () => {
    const book = await readPdf(path.join(grayRoot, 'out/en/participant.pdf'));
    expect(book.pages.some((page) => page.lines[0]?.text === 'Figures')).toBe(true);
    const doc = await PDFDocument.load(fs.readFileSync(path.join(grayRoot, 'out/en/participant.pdf')), { updateMetadata: false });
    const forms = collectObjects(doc).contents.filter((unit) => / form /.test(unit.where));
    expect(forms.length).toBeGreaterThan(1);
    expect(
      forms.flatMap((unit) => parseContent(unit.text)).filter((op) => ['rg', 'RG', 'k', 'K', 'sc', 'scn'].includes(op.operator)),
    ).toEqual([]);
  });

  test('PDF/X output intent FOGRA39, crop marks, 3 mm bleed, a page count in signatures of 4; preflight passes', async () => {
    const file = path.join(grayRoot, 'out/en/participant.pdf');
    const doc = await PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
    expect(readOutputIntent(doc)?.identifier).toBe('FOGRA39');
    expect(doc.getPageCount() % 4).toBe(0);
    const [first] = await readBoxes(file);
    expect(first!.bleedBox![2]! - first!.trimBox![2]!).toBeCloseTo(mm(3), 1);
    expect(first!.mediaBox[2]! - first!.bleedBox![2]!).toBeGreaterThan(mm(8));
    for (const name of ['participant.pdf', 'participant-cover.pdf']) {
      const violations = await preflightPdf(fs.readFileSync(path.join(grayRoot, 'out/en', name)), { target: 'offset', color: 'gray' });
      expect(violations).toEqual([]);
    }
  });
});

describe('offset, colour (small course)', () => {
  test('black text (#111 in the styles) is solid black ink only (0 0 0 1 k) and no DeviceRGB operator is left', async () => {
    const ops = await contentOperators(path.join(colorRoot, 'out/en/participant.pdf'));
    expect(ops.filter((op) => / (rg|RG)$/.test(op))).toEqual([]);
    expect(ops).toContain('0 0 0 1 k');
    expect(ops.filter((op) => /^[\d.]+ [\d.]+ [\d.]+ 1 k$/.test(op) && op !== '0 0 0 1 k')).toEqual([]);
  });
});

describe('a target the book does not fit', () => {
  test('too few pages for KDP: the build fails naming book.yaml and print.target, and writes nothing', () => {
    expect(shortBuild.status).toBe(1);
    expect(shortBuild.stderr).toMatch(
      /error config\/print-target book.yaml:9:\d+: en\/participant.pdf: \d+ pages: Amazon KDP paperback prints books of 24 pages or more/,
    );
    expect(fs.existsSync(path.join(shortRoot, 'out/en/participant.pdf'))).toBe(false);
  });
});
