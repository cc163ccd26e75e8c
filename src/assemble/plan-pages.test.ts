import { describe, expect, it } from '@jest/globals';
import { planPages, toRoman, type PlannedPage, type PrintedLayout } from './plan-pages.ts';

/**
 * Printed pages: 0 title page, 1 its verso, 2 contents (one page),
 * 3–5 chapter 1, 6–7 chapter 2, 8–9 chapter 3, 10 colophon.
 */
const layout: PrintedLayout = {
  pageCount: 11,
  chapters: [
    { startPage: 3, title: 'Introduction' },
    { startPage: 6, title: 'Gouvernance' },
    { startPage: 8, title: 'Risques' },
  ],
  backMatterStart: 10,
  unnumberedFrontPages: 2,
};

const plan = planPages(layout);
const finalIndexOf = (printed: number): number => plan.findIndex((p) => p.printed === printed);

describe('planPages', () => {
  it('inserts blank versos so every chapter opens on a recto, and makes the total even', () => {
    expect(plan.map((p) => p.printed)).toEqual([0, 1, 2, null, 3, 4, 5, null, 6, 7, 8, 9, 10, null]);
    for (const chapter of layout.chapters) {
      const index = finalIndexOf(chapter.startPage);
      expect(index % 2).toBe(0); // even final index = odd physical page
      expect(plan[index]).toMatchObject({ opener: true, recto: true });
    }
    expect(plan.length % 2).toBe(0);
  });

  it('sides alternate recto, verso from the first page', () => {
    expect(plan.map((p) => p.recto)).toEqual(plan.map((_p, i) => i % 2 === 0));
  });

  it('labels the front matter in roman numerals, then 1, 2, 3… from the first chapter', () => {
    expect(plan.map((p) => p.label)).toEqual(['i', 'ii', 'iii', 'iv', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(plan.map((p) => p.part)).toEqual([...Array<string>(4).fill('front'), ...Array<string>(10).fill('body')]);
  });

  it('prints no folio on the title page, its verso or blank pages', () => {
    expect(plan.filter((p) => !p.showFolio).map((p) => p.label)).toEqual(['i', 'ii', 'iv', '4', '10']);
    expect(plan[2]).toMatchObject({ printed: 2, label: 'iii', showFolio: true }); // contents
  });

  it('puts no running head on front matter, openers, blanks or back matter', () => {
    const withoutHead = (p: PlannedPage): boolean => p.runningHead === null;
    expect(plan.slice(0, 4).every(withoutHead)).toBe(true);
    expect(plan.filter((p) => p.opener).every(withoutHead)).toBe(true);
    expect(plan.filter((p) => p.printed === null).every(withoutHead)).toBe(true);
    expect(plan[finalIndexOf(10)]).toMatchObject({ runningHead: null, chapter: null });
  });

  it('heads versos with the book title and rectos with their chapter title', () => {
    const heads = plan.map((p) => p.runningHead);
    expect(heads).toEqual([
      null,
      null,
      null,
      null, //              front matter and the blank before chapter 1
      null, //                                chapter 1 opener (recto)
      { kind: 'book' }, //                    verso
      { kind: 'chapter', chapter: 0 }, //     recto
      null, //                                blank
      null, //                                chapter 2 opener
      { kind: 'book' },
      null, //                                chapter 3 opener
      { kind: 'book' },
      null, //                                colophon
      null, //                                final blank
    ]);
    expect(plan.map((p) => p.chapter)).toEqual([null, null, null, null, 0, 0, 0, 0, 1, 1, 2, 2, null, null]);
  });

  it('needs no blank when chapters already open on rectos', () => {
    const pages = planPages({
      pageCount: 8,
      chapters: [
        { startPage: 2, title: 'A' },
        { startPage: 4, title: 'B' },
      ],
      backMatterStart: null,
      unnumberedFrontPages: 2,
    });
    expect(pages.map((p) => p.printed)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(pages.map((p) => p.label)).toEqual(['i', 'ii', '1', '2', '3', '4', '5', '6']);
    expect(pages[7]).toMatchObject({ recto: false, runningHead: { kind: 'book' }, chapter: 1, showFolio: true });
    expect(pages[6]).toMatchObject({ recto: true, runningHead: { kind: 'chapter', chapter: 1 } });
  });

  it('keeps a book without chapters in roman numerals', () => {
    const pages = planPages({ pageCount: 3, chapters: [], backMatterStart: null, unnumberedFrontPages: 0 });
    expect(pages.map((p) => [p.printed, p.label, p.part])).toEqual([
      [0, 'i', 'front'],
      [1, 'ii', 'front'],
      [2, 'iii', 'front'],
      [null, 'iv', 'front'],
    ]);
  });
});

describe('toRoman', () => {
  it('writes lower-case roman numerals', () => {
    expect([1, 4, 9, 14, 40, 90, 400, 1994].map(toRoman)).toEqual(['i', 'iv', 'ix', 'xiv', 'xl', 'xc', 'cd', 'mcmxciv']);
  });
});

describe('planPages padding to the print target', () => {
  it('pads with blank pages to the multiple the target asks for (signatures of 4 for offset)', () => {
    const plan = planPages({
      pageCount: 9,
      chapters: [{ startPage: 2, title: 'A' }],
      backMatterStart: null,
      unnumberedFrontPages: 2,
      pageMultiple: 4,
    });
    expect(plan).toHaveLength(12);
    expect(plan.slice(9).every((p) => p.printed === null && !p.showFolio)).toBe(true);
    expect(
      planPages({ pageCount: 9, chapters: [{ startPage: 2, title: 'A' }], backMatterStart: null, unnumberedFrontPages: 2 }),
    ).toHaveLength(10);
  });
});
