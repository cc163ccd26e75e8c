/**
 * Issue 11 end to end, on the sample course: exercises and answers point at
 * each other, the back-of-book index; every printed page number is read back
 * with its link and checked against the page it lands on.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { fontsEmbedded } from '../helpers/read-pdf.ts';
import { itemsIn, readLinks, type LinkedPage, type PageLink, type ReadLinks } from '../helpers/read-links.ts';
import { PROJECT_ROOT, SAMPLE_OUT } from './sample-paths.ts';

const LANGS = ['fr', 'en', 'ar'] as const;
const EDITIONS = ['participant', 'trainer'] as const;
const books = new Map<string, ReadLinks>();

beforeAll(async () => {
  for (const lang of LANGS) {
    for (const edition of EDITIONS) books.set(`${lang}/${edition}`, await readLinks(path.join(SAMPLE_OUT, lang, `${edition}.pdf`), 'pg--'));
  }
}, 120_000);

afterAll(async () => {
  for (const book of books.values()) await book.close();
});

/** Lowercased, without spaces, hyphens and soft hyphens, one apostrophe: text as a search key across line breaks. */
// eslint-disable-next-line no-control-regex -- pdftotext leaves NULs where a glyph has no Unicode mapping
const NOT_SEARCHED = /[\s\-\u0000\u00AD\u2010\u202F\u00A0]/g;
const squeeze = (text: string): string => text.normalize('NFKC').toLowerCase().replace(NOT_SEARCHED, '').replace(/[’‘ʼ]/g, "'");
const ARABIC_DIGITS = /^[\u0660-\u0669]+$/;
/** pdf.js may give a run of Arabic-Indic digits in visual order. */
const sameLabel = (read: string, label: string): boolean =>
  read === label || (ARABIC_DIGITS.test(read) && [...read].reverse().join('') === label);

/** Text of the items a link covers. */
const linkText = (page: LinkedPage, link: PageLink): string =>
  itemsIn(page, link.rect)
    .map((i) => i.str)
    .join('')
    .trim();

/** Index marks written in the course's Markdown for a language (fallback chapters in French): last part of the term → marked texts. */
function markedTexts(lang: string, edition: string): Map<string, string[]> {
  const byTerm = new Map<string, string[]>();
  const dir = path.join(PROJECT_ROOT, 'content', lang);
  const names = fs.readdirSync(path.join(PROJECT_ROOT, 'content/fr')).filter((f) => f.endsWith('.md'));
  for (const name of names) {
    const file = fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : path.join(PROJECT_ROOT, 'content/fr', name);
    let body = fs.readFileSync(file, 'utf8');
    if (edition === 'participant') body = body.replace(/^::: trainer\n[\s\S]*?\n:::$/gm, '');
    for (const m of body.matchAll(/\[([^\]]+)\]\{\.index([^}]*)\}/g)) {
      if (/see="/.test(m[2]!)) continue;
      const term = /term="([^"]*)"/.exec(m[2]!)?.[1] ?? m[1]!;
      const key = squeeze(term.split('!').at(-1)!);
      byTerm.set(key, [...(byTerm.get(key) ?? []), m[1]!]);
    }
  }
  return byTerm;
}

/** The index's pages (from its title to the end) and their page-number links, which go back into the book. */
async function indexLinks(book: ReadLinks) {
  const start = book.destinations.get('pg--book-index')!;
  expect(start).toBeGreaterThan(0);
  const found = [];
  for (let pageIndex = start; pageIndex < book.numPages; pageIndex++) {
    const page = await book.page(pageIndex);
    for (const link of page.links) if (link.target !== null && link.target < start) found.push({ page, pageIndex, link });
  }
  return found;
}

/** The entry a page number belongs to: the words before its slot on the same line (pieces of the slot skipped). */
function entryOf(page: LinkedPage, link: PageLink, rtl: boolean): string {
  const [x1, y1, x2, y2] = link.rect;
  const sameLine = page.items.filter((i) => i.y > y1 - 1 && i.y < y2);
  const slotPiece = /^[\s\d\u0660-\u0669,،–]*$/;
  const before = sameLine.filter((i) => (rtl ? i.x >= x2 - 0.5 : i.x + i.width <= x1 + 0.5)).sort((a, b) => (rtl ? a.x - b.x : b.x - a.x));
  const words: string[] = [];
  let edge = rtl ? x2 : x1;
  for (const item of before) {
    const gap = rtl ? item.x - edge : edge - (item.x + item.width);
    if (slotPiece.test(item.str) && words.length === 0) {
      edge = rtl ? item.x + item.width : item.x;
      continue;
    }
    if (gap > 12) break;
    words.unshift(item.str);
    edge = rtl ? item.x + item.width : item.x;
  }
  return (rtl ? words.reverse() : words).join('').trim();
}

describe('answers and exercises point at each other', () => {
  test.each(LANGS)(
    "%s trainer: each exercise links to its answer's page, and the answer key links back to the exercise's page",
    async (lang) => {
      const book = books.get(`${lang}/trainer`)!;
      /** A link on `from` (or the page after, where a block may continue) to page `to`, printing `to`'s label. */
      const linkTo = async (from: number, to: number): Promise<boolean> => {
        for (const index of [from, from + 1].filter((i) => i < book.numPages)) {
          const page = await book.page(index);
          if (page.links.some((l) => l.target === to && sameLabel(linkText(page, l), book.labels[to]!))) return true;
        }
        return false;
      };
      let checked = 0;
      for (const [name, answerPage] of book.destinations) {
        const exercise = /^pg--answer-of-(.+)$/.exec(name)?.[1];
        if (!exercise) continue;
        const exercisePage = book.destinations.get(`pg--${exercise}`)!;
        expect({ exercise, toAnswer: await linkTo(exercisePage, answerPage) }).toEqual({ exercise, toAnswer: true });
        expect({ exercise, toExercise: await linkTo(answerPage, exercisePage) }).toEqual({ exercise, toExercise: true });
        checked++;
      }
      expect(checked).toBeGreaterThanOrEqual(5);
    },
  );

  test('the trainer edition words it "Answer on page N"; the participant edition, without an answer key, has no such line', async () => {
    const en = books.get('en/trainer')!;
    const firstAnswer = [...en.destinations.keys()].find((n) => n.startsWith('pg--answer-of-'))!;
    const exercisePage = en.destinations.get(firstAnswer.replace('pg--answer-of-', 'pg--'))!;
    const texts = await Promise.all([exercisePage, exercisePage + 1].map(async (i) => (await en.page(i)).text));
    // (The number itself is stamped after printing: it comes last in the page's text; the test above reads it.)
    expect(squeeze(texts.join(' '))).toContain('answeronpage');
    expect([...books.get('en/participant')!.destinations.keys()].some((n) => n.startsWith('pg--answer-of-'))).toBe(false);
  });
});

describe('back-of-book index', () => {
  test.each(LANGS.flatMap((lang) => EDITIONS.map((edition) => [lang, edition] as const)))(
    '%s %s: every page number is a link to a page with that label, holding an index mark of that entry',
    async (lang, edition) => {
      const book = books.get(`${lang}/${edition}`)!;
      const marks = markedTexts(lang, edition);
      const markPages = new Set([...book.destinations].filter(([name]) => name.startsWith('pg--ix-')).map(([, page]) => page));
      const links = await indexLinks(book);
      expect(links.length).toBeGreaterThan(15);
      let textChecked = 0;
      for (const { page, link } of links) {
        const label = linkText(page, link);
        expect(sameLabel(label, book.labels[link.target!]!)).toBe(true);
        // Every number lands on a page where an index mark (its page anchor) was printed.
        expect(markPages.has(link.target!)).toBe(true);
        const entry = entryOf(page, link, lang === 'ar');
        const texts = marks.get(squeeze(entry));
        if (/\p{Script=Arabic}/u.test(entry)) continue; // pdf.js reorders shaped Arabic: checked by the anchors above
        expect({ entry, texts }).toEqual({ entry, texts: expect.any(Array) });
        // A mark at the foot of a page may have its text run on to the next one.
        const next = link.target! + 1 < book.numPages ? (await book.page(link.target! + 1)).text : '';
        const target = squeeze(`${(await book.page(link.target!)).text} ${next}`);
        // A ligature drawn without ActualText ("ﬃ") reads back as nothing: f-ligature letters are left out of both sides.
        const noLigatures = (text: string): string => text.replace(/ff?[il]?/g, '');
        expect({ entry, found: texts!.some((t) => noLigatures(target).includes(noLigatures(squeeze(t)))) }).toEqual({ entry, found: true });
        textChecked++;
      }
      expect(textChecked).toBeGreaterThan(lang === 'ar' ? 10 : 15);
    },
  );

  test('trainer-only marks are in the trainer index only; "see" entries are printed', async () => {
    const texts = new Map<string, string>();
    for (const name of ['fr/trainer', 'fr/participant', 'en/trainer', 'en/participant']) texts.set(name, await indexText(books.get(name)!));
    const text = (name: string): string => texts.get(name)!;
    expect(text('fr/trainer')).toContain('confusion avec le microcrédit');
    expect(text('fr/participant')).not.toContain('confusion');
    expect(text('en/trainer')).toContain('confusion with microcredit');
    expect(text('en/participant')).not.toContain('confusion');
    expect(text('fr/participant')).toMatch(/microcrédit voir crédit/);
    expect(text('en/participant')).toMatch(/Microcredit see credit/);
  });

  test('French entries are sorted with "é" among the e', async () => {
    const order = await indexText(books.get('fr/participant')!);
    expect(order.indexOf('double résultat')).toBeGreaterThan(-1);
    const at = (term: string): number => order.indexOf(term);
    expect(at('budget')).toBeLessThan(at('compte de résultat'));
    expect(at('séance')).toBeLessThan(at('séparation des tâches'));
  });
});

/** The index's text, in reading order. */
async function indexText(book: ReadLinks): Promise<string> {
  const first = book.destinations.get('pg--book-index')!;
  const pages = [];
  for (let i = first; i < book.numPages; i++) pages.push((await book.page(i)).items.map((item) => item.str).join(' '));
  return pages.join(' ').replace(/\s+/g, ' ');
}

/** The label a link covers and, for a range, the dash and last label stamped right after it (in reading order). */
function stampedRun(page: LinkedPage, link: PageLink, rtl: boolean): string[] {
  const onLine = page.items.filter((i) => i.y > link.rect[1] - 1 && i.y < link.rect[3] && /^[\d\u0660-\u0669–]+$/.test(i.str.trim()));
  const first = itemsIn(page, link.rect).find((i) => onLine.includes(i));
  if (!first) return [];
  const run = [first];
  for (;;) {
    const last = run.at(-1)!;
    const next = onLine.find(
      (i) => !run.includes(i) && (rtl ? Math.abs(i.x + i.width - last.x) < 2 : Math.abs(i.x - (last.x + last.width)) < 2),
    );
    if (!next) break;
    run.push(next);
  }
  return run.map((i) => i.str.trim());
}

/** The pages of the trainer-only session plans chapter: from its opener to the next chapter, answer key or index. */
function sessionPlanPages(trainer: ReadLinks): { first: number; end: number } {
  const first = trainer.destinations.get('pg--ch-08-session-plans')!;
  expect(first).toBeGreaterThan(0);
  const after = [...trainer.destinations].filter(([n, p]) => /^pg--(ch-|answer-key$|book-index$)/.test(n) && p > first).map(([, p]) => p);
  return { first, end: Math.min(trainer.numPages, ...after) };
}

describe('participant-page concordance in the trainer edition', () => {
  /** The item a reference stands under: the nearest chapter, section or exercise anchor above it (on its page or the page before). */
  function itemAbove(book: ReadLinks, pageIndex: number, top: number): string | null {
    let best: { name: string; score: number } | null = null;
    for (const [name, page] of book.destinations) {
      if (!/^pg--(ch-|sec-|ex-)/.test(name) && !/^pg--[a-z]/.test(name)) continue;
      if (name.startsWith('pg--ix-') || name.startsWith('pg--answer-') || name.startsWith('pg--fig-') || name.startsWith('pg--tbl-'))
        continue;
      const y = book.destinationTops.get(name)!;
      // Chromium's destinations point some 80 pt above the anchor's line (measured: 81–88 pt on A4), so an
      // anchor less than 40 pt above the reference is in fact below it.
      const score = page === pageIndex && y - top >= 40 ? y - top : page === pageIndex - 1 ? 10_000 - y : Infinity;
      if (score < (best?.score ?? Infinity)) best = { name, score };
    }
    return best?.name ?? null;
  }

  test.each(LANGS)(
    '%s: every "participant manual, p. N" opens participant.pdf at the page labelled N, which holds that item',
    async (lang) => {
      const trainer = books.get(`${lang}/trainer`)!;
      const participant = books.get(`${lang}/participant`)!;
      const chapterStarts = [...participant.destinations]
        .filter(([n]) => n.startsWith('pg--ch-'))
        .map(([, p]) => p)
        .sort((a, b) => a - b);
      // The session plans' « manuel p. N » stand beside cross-references, not under items: checked below.
      const plans = sessionPlanPages(trainer);
      let pages = 0;
      let ranges = 0;
      for (let pageIndex = 0; pageIndex < trainer.numPages; pageIndex++) {
        if (pageIndex >= plans.first && pageIndex < plans.end) continue;
        const page = await trainer.page(pageIndex);
        for (const link of page.links) {
          if (link.remote?.file !== 'participant.pdf') continue;
          const printed = stampedRun(page, link, lang === 'ar');
          const first = printed[0]!;
          expect(sameLabel(first, participant.labels[link.remote.page]!)).toBe(true);
          const item = itemAbove(trainer, pageIndex, link.rect[3]);
          expect({ item, inParticipant: participant.destinations.get(item!) }).toEqual({ item, inParticipant: link.remote.page });
          if (printed.includes('–')) {
            // A session plan's range: from the chapter's first page to its last, before the next chapter.
            const last = printed.at(-1)!;
            // (pdf.js may read "٥٢" as "٢٥": the label looked for is the first one after the chapter's first page.)
            const lastIndex = participant.labels.findIndex((l, i) => i > link.remote!.page && sameLabel(last, l));
            const next = chapterStarts.find((s) => s > link.remote!.page) ?? participant.numPages;
            expect(lastIndex).toBeGreaterThan(link.remote.page);
            expect(lastIndex).toBeLessThan(next);
            ranges++;
          } else pages++;
        }
      }
      expect(pages).toBeGreaterThan(20);
      expect(ranges).toBeGreaterThanOrEqual(lang === 'ar' ? 2 : 7);
    },
  );

  test.each(LANGS)('%s: each activity of the session plans gives the participant page of each item it uses', async (lang) => {
    const trainer = books.get(`${lang}/trainer`)!;
    const participant = books.get(`${lang}/participant`)!;
    // The items the session plans' Markdown names (Arabic has no translation of it: the French one is used).
    const file = ['lang', 'fr']
      .map((l) => path.join(PROJECT_ROOT, 'content', l === 'lang' ? lang : l, '08-session-plans.md'))
      .find((f) => fs.existsSync(f))!;
    const written = fs.readFileSync(file, 'utf8');
    const activityRows = written.split('\n').filter((line) => /^\| \d:\d\d–\d:\d\d \|/.test(line) && line.includes('[@'));
    expect(activityRows.length).toBeGreaterThanOrEqual(25);
    const unmatched = [...written.matchAll(/\[@([a-z]+:[\w-]+)\]/g)].map((m) => m[1]!);
    expect(unmatched.length).toBeGreaterThan(activityRows.length);
    const plans = sessionPlanPages(trainer);
    let checked = 0;
    for (let pageIndex = plans.first; pageIndex < plans.end; pageIndex++) {
      const page = await trainer.page(pageIndex);
      for (const link of page.links) {
        if (link.remote?.file !== 'participant.pdf') continue;
        // (In Arabic the plans are the French fallback, whose mixed-direction lines pdf.js may read overlapping: any figure under the link.)
        const printed = itemsIn(page, link.rect).map((i) => i.str.trim());
        expect({ printed, label: printed.some((p) => sameLabel(p, participant.labels[link.remote!.page]!)) }).toEqual({
          printed,
          label: true,
        });
        // That page of participant.pdf is where one of the items the plans name is printed.
        const at = unmatched.findIndex(
          (key) => participant.destinations.get(`pg--${key.replace(/[^A-Za-z0-9_-]+/g, '-')}`) === link.remote!.page,
        );
        expect({ page: link.remote.page, holdsANamedItem: at >= 0 }).toEqual({ page: link.remote.page, holdsANamedItem: true });
        unmatched.splice(at, 1);
        checked++;
      }
    }
    // One label per reference written, none left without its page.
    expect(unmatched).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(activityRows.length);
  });

  test.each(LANGS)('%s: items only in the trainer edition get no reference', async (lang) => {
    const trainer = books.get(`${lang}/trainer`)!;
    const participant = books.get(`${lang}/participant`)!;
    const trainerOnly = [...trainer.destinations.keys()].filter((n) => /^pg--(ch-|sec-)/.test(n) && !participant.destinations.has(n));
    expect(trainerOnly.length).toBeGreaterThan(3); // the session plans chapter and its sections
    // The session plans' pages hold only the activities' « manuel p. N », one for each reference written (test above).
    const plans = sessionPlanPages(trainer);
    for (const name of trainerOnly) {
      const pageIndex = trainer.destinations.get(name)!;
      if (pageIndex >= plans.first && pageIndex < plans.end) continue;
      const page = await trainer.page(pageIndex);
      const top = trainer.destinationTops.get(name)!;
      expect(page.links.filter((l) => l.remote && l.rect[3] <= top + 1 && l.rect[3] > top - 40)).toEqual([]);
    }
  });
});

describe('--edition trainer alone', () => {
  test('lays the participant edition out without writing it, and prints the same participant page numbers', async () => {
    const { build } = await import('../../src/build.ts');
    const { SOURCE_DATE_EPOCH } = await import('./sample-paths.ts');
    const os = await import('node:os');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'coursebook-trainer-alone-'));
    const before = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = SOURCE_DATE_EPOCH;
    try {
      // No cache: the participant layout is computed (printed and assembled), not read back.
      const result = await build({ root: PROJECT_ROOT, outDir: out, langs: ['fr'], editions: ['trainer'], cache: false, jobs: 2 });
      expect(result.manifest.outputs.map((o) => `${o.lang}/${o.edition}/${o.kind}`).sort()).toEqual([
        'fr/handout/handouts',
        'fr/trainer/cover',
        'fr/trainer/interior',
      ]);
      expect(fs.existsSync(path.join(out, 'fr/participant.pdf'))).toBe(false);
      const alone = fs.readFileSync(path.join(out, 'fr/trainer.pdf'));
      expect(alone.equals(fs.readFileSync(path.join(SAMPLE_OUT, 'fr/trainer.pdf')))).toBe(true);
    } finally {
      if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = before;
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});

describe('handouts', () => {
  const HANDOUT = { fr: 'Fiche', en: 'Handout', ar: 'ورقة التوزيع' } as const;

  test.each(LANGS)(
    '%s: handouts.pdf holds each handout from a new page, its number in the running head, and is in the manifest',
    async (lang) => {
      const manifest = JSON.parse(fs.readFileSync(path.join(SAMPLE_OUT, 'manifest.json'), 'utf8')) as {
        outputs: { lang: string; kind: string; file: string; pages: number }[];
      };
      const entry = manifest.outputs.find((o) => o.lang === lang && o.kind === 'handouts')!;
      expect(entry).toMatchObject({ file: `${lang}/handouts.pdf` });
      const { createHash } = await import('node:crypto');
      expect(
        createHash('sha256')
          .update(fs.readFileSync(path.join(SAMPLE_OUT, entry.file)))
          .digest('hex'),
      ).toBe((entry as unknown as { sha256: string }).sha256);
      // Running heads and folios in the book's fonts, all embedded (no fallback font).
      const fonts = await fontsEmbedded(path.join(SAMPLE_OUT, entry.file));
      expect(fonts.filter((f) => !f.embedded || /DejaVu|Liberation|Arial|Helvetica|Times/.test(f.name))).toEqual([]);
      const handouts = await readLinks(path.join(SAMPLE_OUT, entry.file), 'pg--handout-');
      try {
        expect(handouts.numPages).toBe(entry.pages);
        // Two handouts (chapters 1 and 7), each opening a page of its own.
        const starts = [...handouts.destinations.values()].sort((a, b) => a - b);
        expect(starts).toHaveLength(2);
        expect(new Set(starts).size).toBe(2);
        for (let i = 0; i < handouts.numPages; i++) {
          const text = squeeze((await handouts.page(i)).text);
          if (lang !== 'ar') expect(text).toContain(squeeze(i < starts[1]! ? `${HANDOUT[lang]} 1.1` : `${HANDOUT[lang]} 7.1`));
          else expect(text).toMatch(i < starts[1]! ? /1\.1/ : /7\.1/);
        }
      } finally {
        await handouts.close();
      }
    },
  );

  test.each(LANGS)(
    "%s: the trainer edition points at each handout's page of handouts.pdf; no edition prints a handout's text",
    async (lang) => {
      const trainer = books.get(`${lang}/trainer`)!;
      const handouts = await readLinks(path.join(SAMPLE_OUT, lang, 'handouts.pdf'), 'pg--handout-');
      try {
        let references = 0;
        for (let pageIndex = 0; pageIndex < trainer.numPages; pageIndex++) {
          const page = await trainer.page(pageIndex);
          for (const link of page.links) {
            if (link.remote?.file !== 'handouts.pdf') continue;
            const [label] = stampedRun(page, link, lang === 'ar');
            expect(sameLabel(label!, handouts.labels[link.remote.page]!)).toBe(true);
            // The line names the handout ("Fiche 7.1 — …, page N"), and that page of handouts.pdf is where it starts.
            const line = page.items
              .filter((i) => i.y > link.rect[1] - 1 && i.y < link.rect[3])
              .map((i) => i.str)
              .join('');
            const number = /([17])\.1/.exec(line)?.[1];
            expect(number).toBeDefined();
            const start = [...handouts.destinations].find(([name]) => name.includes(number === '1' ? '01-' : '07-'))![1];
            expect(link.remote.page).toBe(start);
            references++;
          }
        }
        // Each handout in place of its block and in its chapter's session plan.
        expect(references).toBe(4);
      } finally {
        await handouts.close();
      }
      const handoutText = { fr: 'associationvillageoise', en: 'villageassociation', ar: null }[lang];
      if (handoutText) {
        for (const edition of EDITIONS) {
          const book = books.get(`${lang}/${edition}`)!;
          const chapterOne = book.destinations.get('pg--ch-01-introduction')!;
          for (const i of [chapterOne, chapterOne + 1, chapterOne + 2])
            expect(squeeze((await book.page(i)).text)).not.toContain(handoutText);
        }
      }
    },
  );
});
