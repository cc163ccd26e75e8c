/**
 * Issue 3 end to end: folios, page labels, recto chapter starts, running
 * heads, TOC page numbers, outline, typography, fonts and printer's boxes,
 * all read back from the PDFs built once by global-setup.
 */
import { describe, expect, test, beforeAll } from '@jest/globals';
import path from 'node:path';
import { fontsEmbedded, gapsBefore, readBoxes, readPdf, tocEntries, type PdfPage, type ReadPdf } from '../helpers/read-pdf.ts';
import { BLEED_OUT, SAMPLE_OUT } from './sample-paths.ts';

const BOOK_TITLE: Record<string, string> = { fr: 'Gérer une institution de microfinance', en: 'Managing a Microfinance Institution' };
const EDITIONS = ['fr/participant', 'fr/trainer', 'en/participant', 'en/trainer'];
const pdfs = new Map<string, ReadPdf>();
const mm = (v: number): number => (v * 72) / 25.4;
// The fonts map ’ and ʼ to one glyph, so extraction may give either.
const normalize = (s: string): string => s.replace(/[ʼ’]/g, '’').replace(/\s+/g, ' ').trim();

beforeAll(async () => {
  for (const name of EDITIONS) pdfs.set(name, await readPdf(path.join(SAMPLE_OUT, `${name}.pdf`)));
  pdfs.set('bleed', await readPdf(path.join(BLEED_OUT, 'en/participant.pdf')));
}, 120_000);

/** The top line of a page (running head) and its bottom line (folio). */
const topLine = (page: PdfPage): string => page.lines[0]?.text ?? '';
const bottomLine = (page: PdfPage): string => page.lines.at(-1)?.text ?? '';

describe.each(EDITIONS)('%s', (name) => {
  const book = (): ReadPdf => pdfs.get(name)!;

  test('page labels: lower-case roman front matter, arabic from 1 at the first chapter', () => {
    const labels = book().labels!;
    expect(labels).toHaveLength(book().numPages);
    const firstBody = labels.indexOf('1');
    expect(firstBody).toBeGreaterThan(2);
    expect(labels.slice(0, firstBody)).toEqual(['i', 'ii', 'iii', 'iv', 'v', 'vi', 'vii', 'viii'].slice(0, firstBody));
    labels.slice(firstBody).forEach((label, i) => expect(label).toBe(String(i + 1)));
  });

  test('every TOC entry shows the page (by label) where its heading is printed', () => {
    const entries = tocEntries(book());
    expect(entries.length).toBeGreaterThan(20);
    for (const entry of entries) {
      const index = book().labels!.indexOf(entry.folio);
      expect(index).toBeGreaterThan(0);
      const pageText = normalize(book().pages[index]!.text);
      expect({ entry: entry.title, found: pageText.includes(normalize(entry.title).slice(-25)) }).toEqual({
        entry: entry.title,
        found: true,
      });
    }
  });

  test('every chapter opens on a right-hand (odd) page; the outline has chapters and their sections', () => {
    const { outline } = book();
    expect(outline.length).toBeGreaterThanOrEqual(6);
    for (const chapter of outline) {
      expect((chapter.pageIndex + 1) % 2).toBe(1);
    }
    expect(outline.filter((c) => c.items.length > 0).length).toBeGreaterThanOrEqual(6);
    expect(outline[0]!.items[0]!.pageIndex).toBeGreaterThanOrEqual(outline[0]!.pageIndex);
  });

  test('the folio printed at the foot of each page equals its page label; blank pages carry nothing', () => {
    const { pages, labels } = book();
    let checked = 0;
    pages.forEach((page, index) => {
      if (index < 2 || page.lines.length === 0) return; // title page and its verso carry no folio
      const foot = bottomLine(page)
        .replace(/Édition formateur|Trainer edition/, '')
        .trim();
      expect({ index, foot }).toEqual({ index, foot: labels![index] });
      checked++;
    });
    expect(checked).toBeGreaterThan(pages.length * 0.8);
    expect(pages.some((p) => p.lines.length === 0)).toBe(true); // at least one inserted blank verso
  });

  test('running heads: book title on left pages, chapter title on right pages, none on chapter openers', () => {
    const { pages, outline } = book();
    const chapterAt = (index: number) => [...outline].reverse().find((c) => c.pageIndex <= index);
    let left = 0;
    let right = 0;
    pages.forEach((page, index) => {
      const chapter = chapterAt(index);
      if (!chapter || page.lines.length < 3 || outline.some((c) => c.pageIndex === index)) return;
      if (/Colophon/.test(page.text)) return;
      const head = topLine(page);
      if ((index + 1) % 2 === 0) {
        expect(head).toBe(BOOK_TITLE[name.slice(0, 2)]);
        left++;
      } else {
        const chapterTitle = chapter.title.replace(/^\d+\s+/, '');
        expect(chapterTitle.startsWith(head.replace(/…$/, ''))).toBe(true);
        right++;
      }
    });
    expect(left).toBeGreaterThan(10);
    expect(right).toBeGreaterThan(10);
    for (const chapter of outline) {
      expect(topLine(pages[chapter.pageIndex]!)).not.toBe(BOOK_TITLE[name.slice(0, 2)]);
    }
  });

  test('hyphenated line ends in the body text', () => {
    const hyphenatedEnds = book()
      .pages.flatMap((p) => p.lines)
      .filter((l) => /\p{Ll}-$/u.test(l.text));
    expect(hyphenatedEnds.length).toBeGreaterThan(20);
  });

  test('every font is embedded', async () => {
    const fonts = await fontsEmbedded(path.join(SAMPLE_OUT, `${name}.pdf`));
    expect(fonts.length).toBeGreaterThan(3);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    // DejaVu Sans Mono is the code font, from npm (@fontsource/dejavu-mono); any other DejaVu would be a fallback.
    expect(fonts.filter((f) => /DejaVu(?!SansMono)|Liberation|Arial|Helvetica|Times/.test(f.name))).toEqual([]);
  });

  test('printed for Lulu: TrimBox = A4, 0.125 in of bleed, and no room for marks (MediaBox = BleedBox) on every page', async () => {
    const boxes = await readBoxes(path.join(SAMPLE_OUT, `${name}.pdf`));
    for (const box of boxes) {
      expect(box.trimBox!.map(Math.round)).toEqual([0, 0, 595, 842]);
      expect(box.bleedBox!.map(Math.round)).toEqual([-9, -9, 604, 851]);
      expect(box.mediaBox.map(Math.round)).toEqual([-9, -9, 604, 851]);
    }
  });
});

describe('French typography', () => {
  // Chromium draws no glyph for a space, so U+202F shows as a gap: a narrow one
  // (about 0.12 em in Source Serif 4), the same on every line because it is
  // not stretched by justification, unlike word spaces (about 0.23 em or more).
  test('a narrow no-break space (U+202F) before ; ! ? and inside « »', () => {
    const book = pdfs.get('fr/participant')!;
    const beforePunctuation = gapsBefore(book, /^[;!?]/);
    expect(beforePunctuation.length).toBeGreaterThan(30);
    for (const gap of beforePunctuation) {
      expect(gap).toBeGreaterThan(0.08);
      expect(gap).toBeLessThan(0.16);
    }
    const wordSpaces = gapsBefore(book, /^\p{Ll}/u).filter((g) => g > 0.05);
    const median = wordSpaces.sort((a, b) => a - b)[Math.floor(wordSpaces.length / 2)]!;
    expect(median).toBeGreaterThan(0.2);
  });

  test('no line starts with ; ! ? : or », so the spaces before them do not break', () => {
    const lines = pdfs.get('fr/participant')!.pages.flatMap((p) => p.lines.map((l) => l.text));
    expect(lines.filter((l) => /^[;!?:»]/.test(l))).toEqual([]);
  });

  test('typographic apostrophes in French and English, no straight ones in the text', () => {
    for (const name of ['fr/participant', 'en/participant']) {
      const text = pdfs
        .get(name)!
        .pages.slice(4)
        .map((p) => p.text)
        .join('\n');
      // The font maps ’ and ʼ to one glyph; extraction may give either.
      expect(text).toMatch(/[’ʼ]/);
      expect(text).not.toMatch(/\p{L}'\p{L}/u);
    }
    const english = gapsBefore(pdfs.get('en/participant')!, /^[;!?]/);
    expect(english.every((gap) => gap < 0.05)).toBe(true);
  });
});

describe('bleed and crop marks (custom 170 × 240 mm trim, 3 mm bleed)', () => {
  test('TrimBox is the trim size, BleedBox adds the bleed, MediaBox leaves room for marks', async () => {
    const boxes = await readBoxes(path.join(BLEED_OUT, 'en/participant.pdf'));
    const [w, h, b] = [mm(170), mm(240), mm(3)];
    for (const box of boxes) {
      const [tx, ty, tx2, ty2] = box.trimBox!;
      expect(tx2! - tx!).toBeCloseTo(w, 0);
      expect(ty2! - ty!).toBeCloseTo(h, 0);
      const [bx, by, bx2, by2] = box.bleedBox!;
      expect(bx2! - bx!).toBeCloseTo(w + 2 * b, 0);
      expect(by2! - by!).toBeCloseTo(h + 2 * b, 0);
      const [mx, my, mx2, my2] = box.mediaBox;
      expect(mx2! - mx!).toBeGreaterThan(w + 2 * b + mm(8));
      expect(my2! - my!).toBeGreaterThan(h + 2 * b + mm(8));
    }
  });

  test('the cover spread is back + spine + front with bleed, the spine from the page count', async () => {
    const interior = pdfs.get('bleed')!;
    const [cover] = await readBoxes(path.join(BLEED_OUT, 'en/participant-cover.pdf'));
    const spine = Math.ceil(interior.numPages / 2) * 0.12;
    const [tx, , tx2] = cover!.trimBox!;
    expect(tx2! - tx!).toBeCloseTo(mm(2 * 170 + spine), 0);
    const [bx, , bx2] = cover!.bleedBox!;
    expect(bx2! - bx!).toBeCloseTo(mm(2 * 170 + spine + 6), 0);
  });

  test("the edition's watermark is printed across every page", () => {
    const book = pdfs.get('bleed')!;
    const marked = book.pages.filter((p) => p.items.some((i) => i.str === 'DRAFT'));
    expect(marked.length).toBe(book.pages.filter((p) => p.items.length > 0).length);
  });

  test('cross-references print the target page', () => {
    const text = pdfs
      .get('bleed')!
      .pages.map((p) => p.text)
      .join('\n');
    expect(normalize(text)).toMatch(/see Section 1\.1 on page 1/);
  });
});
