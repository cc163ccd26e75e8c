/**
 * Layout stage: one edition of one language becomes a few HTML documents
 * through the Handlebars layouts, each printed on its own: the front matter,
 * groups of chapters (chaptersPerPart) and the back matter (renderBookParts).
 */
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { pageAnchor, pageSlot } from '../markdown/render-chapter.ts';
import type { ParsedChapter, RefTarget } from '../markdown/types.ts';
import type { Locale } from './locale.ts';
import { renderTemplate, type TemplateSet } from './templates.ts';
import { applyTypography } from '../markdown/typography.ts';
import type { BookIndex } from './render-index.ts';
import { memoizeByText, TEXT_MEMO_CHARS } from '../text-memo.ts';

export interface LaidOutChapter {
  parsed: ParsedChapter;
  html: string;
}

export interface AnswerKeyEntry {
  exerciseId: string;
  /** The entry's own id: exercises link to it ("Answer on page N"). */
  answerId: string;
  exerciseNumber: string;
  exerciseTitle: string;
  html: string;
}

export interface BookLayoutInput {
  config: BookConfig;
  /** The book's texts in this language (title, subtitle, publisher, rights, authors). */
  texts: Record<string, unknown>;
  lang: string;
  locale: Locale;
  edition: EditionConfig;
  chapters: LaidOutChapter[];
  answerKey: AnswerKeyEntry[];
  /** Participant-page references of each chapter (html id): opener and session plan (edition/concordance.ts). */
  concordance?: Map<string, { opener: string | null; sessionPages: string | null }>;
  /** The back-of-book index (layout/render-index.ts), if the edition has index marks. */
  index?: BookIndex | null;
  /** Stylesheet files (absolute paths), built-in first, course overrides after. */
  stylesheets: string[];
  fontCss: string;
  pageCss: string;
  buildDate: Date;
  templates: TemplateSet;
  projectRoot: string;
  bag: DiagnosticBag;
}

export const ANSWER_KEY_ID = 'answer-key';

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi']);

/** The label printed for an edition in a language: book.yaml first, then the locale file. */
export function editionLabel(edition: EditionConfig, lang: string, locale: Locale): string {
  const base = lang.replace(/-.*/s, '');
  return edition.label[lang] ?? edition.label[base] ?? locale.t(`edition.${edition.name}`);
}

/** The TOC: chapters and their sections down to `toc.depth`. */
export function tocEntries(chapters: ParsedChapter[], depth: number, extra: RefTarget[] = []): RefTarget[] {
  const entries = chapters.flatMap((c) =>
    c.targets.filter((t) => (t.kind === 'chapter' || t.kind === 'section') && (t.level ?? 9) <= depth && !t.unlisted),
  );
  return [...entries, ...extra];
}

/** One printed document of an edition: the front matter, a group of chapters, or the back matter. */
export interface BookPart {
  name: string;
  html: string;
}

/**
 * Chapters per printed part: at most twenty groups, so that an edit reprints
 * about a twentieth of a long book (two chapters of 40, some 25 pages) while
 * the fixed cost of a document on a reused tab stays small against its print.
 * The grouping depends only on the number of chapters, never on their
 * content, so an edit never regroups (and so reprints) other chapters.
 */
export function chaptersPerPart(chapterCount: number): number {
  return Math.max(1, Math.ceil(chapterCount / 20));
}

export function renderBookParts(input: BookLayoutInput): BookPart[] | null {
  const per = chaptersPerPart(input.chapters.length);
  const slices: { name: string; front: boolean; back: boolean; chapters: LaidOutChapter[] }[] = [
    { name: 'front', front: true, back: false, chapters: [] },
  ];
  for (let i = 0; i < input.chapters.length; i += per) {
    slices.push({
      name: `chapters-${String(i / per + 1).padStart(2, '0')}`,
      front: false,
      back: false,
      chapters: input.chapters.slice(i, i + per),
    });
  }
  slices.push({ name: 'back', front: false, back: true, chapters: [] });
  const parts: BookPart[] = [];
  for (const slice of slices) {
    const html = renderBookHtml(input, slice);
    if (html === null) return null;
    parts.push({ name: slice.name, html: withDestinationLinks(html) });
  }
  return parts;
}

/**
 * Each part is printed on its own, but links cross parts (the TOC, in the
 * front matter, points into every chapter). Two Blink rules matter here:
 * a named destination is written only for an element that some link in the
 * same document points at (painted or not), and a link to a fragment is
 * written only if an element with that id exists in the document. So every
 * part gets, hidden: a link to each of its own ids (their destinations are
 * written where they are printed), and an empty element for each id it links
 * to in other parts (no layout, so no destination of its own; after merging,
 * the link resolves to the owner part's destination).
 */
export function withDestinationLinks(html: string): string {
  const block = destinationBlockOf(html);
  return block === null ? html : html.replace(/<\/body>/, block);
}

/**
 * What a part's HTML gets before `</body>`, remembered by the HTML (text-memo.ts): after an edit,
 * all parts but one have the same HTML as before. Only the block is kept, not the HTML with it.
 */
const destinationBlockOf = memoizeByText(destinationBlock, TEXT_MEMO_CHARS);

function destinationBlock(html: string): string | null {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  const defined = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!));
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  const linked = new Set([...html.matchAll(/\shref="#([^"]+)"/g)].map((m) => m[1]!));
  const links = [...defined].map((id) => `<a href="#${id}"></a>`).join('');
  const placeholders = [...linked]
    .filter((id) => !defined.has(id))
    .map((id) => `<span id="${id}"></span>`)
    .join('');
  if (!links && !placeholders) return null;
  return `<div hidden class="cb-destinations">${links}${placeholders}</div>\n</body>`;
}

function renderBookHtml(input: BookLayoutInput, slice: { front: boolean; back: boolean; chapters: LaidOutChapter[] }): string | null {
  const { config, locale, edition, templates } = input;
  registerHelpers(templates.hbs, locale);
  const answerKeyTarget: RefTarget[] = input.answerKey.length
    ? [{ key: 'answers', htmlId: ANSWER_KEY_ID, kind: 'chapter', number: '', title: locale.t('answers.title'), level: 1, chapterNumber: 0 }]
    : [];
  const indexTarget: RefTarget[] = input.index
    ? [
        {
          key: 'index',
          htmlId: input.index.htmlId,
          kind: 'chapter',
          number: '',
          title: locale.t('trainertools.indexTitle'),
          level: 1,
          chapterNumber: 0,
        },
      ]
    : [];
  const data = {
    lang: input.lang,
    dir: locale.dir,
    langName: languageName(input.lang),
    book: input.texts,
    edition: {
      name: edition.name,
      label: editionLabel(edition, input.lang, locale),
      // {{#if edition.is.trainer}} in templates; names are checked against book.yaml (templates.ts).
      is: Object.fromEntries(config.editions.map((e) => [e.name, e.name === edition.name])),
    },
    year: input.buildDate.getUTCFullYear(),
    buildDate: locale.formatDate(input.buildDate),
    css: {
      fonts: input.fontCss,
      page: input.pageCss,
      stylesheets: input.stylesheets.map((file) => pathToFileURL(file).href),
    },
    toc: tocEntries(
      input.chapters.map((c) => c.parsed),
      config.toc.depth,
      [...answerKeyTarget, ...indexTarget],
    ),
    part: { front: slice.front, back: slice.back },
    chapters: slice.chapters.map(({ parsed, html }) => ({
      number: parsed.number,
      htmlId: parsed.htmlId,
      title: parsed.title,
      html,
      fallback: parsed.chapter.fallback,
      // A chapter printed in the source language keeps that language's direction inside an Arabic book.
      lang: parsed.chapter.fallback ? parsed.chapter.lang : undefined,
      langDir: RTL_LANGUAGES.has(parsed.chapter.lang.replace(/-.*/s, '')) ? 'rtl' : 'ltr',
      sessionPlan: edition.includes.includes('trainer')
        ? withParticipantPages(sessionPlan(parsed), input.concordance?.get(parsed.htmlId)?.sessionPages)
        : undefined,
      concordance: input.concordance?.get(parsed.htmlId)?.opener ?? undefined,
    })),
    answerKey: input.answerKey.length ? { htmlId: ANSWER_KEY_ID, entries: input.answerKey } : undefined,
    bookIndex: input.index ? { htmlId: input.index.htmlId, groups: input.index.groups } : undefined,
  };
  return renderTemplate(templates, 'book', data, input.projectRoot, input.bag);
}

function sessionPlan(parsed: ParsedChapter): Record<string, unknown> | undefined {
  const fm = parsed.chapter.frontMatter;
  if (!fm.duration && !fm.objectives && !fm.materials && !fm.method) return undefined;
  // Front-matter prose gets the same typography as the chapter (apostrophes, French spacing).
  const typo = (text: string | undefined): string | undefined =>
    text === undefined ? undefined : applyTypography(text, parsed.chapter.lang);
  return {
    duration: typo(fm.duration),
    objectives: fm.objectives?.map((o) => typo(o)),
    materials: fm.materials?.map((m) => typo(m)),
    method: typo(fm.method),
  };
}

/** The session plan lists the participant pages the session uses (trainer editions with a concordance). */
function withParticipantPages(
  plan: Record<string, unknown> | undefined,
  pages: string | null | undefined,
): Record<string, unknown> | undefined {
  return plan && pages ? { ...plan, participantPages: pages } : plan;
}

export function registerHelpers(hbs: typeof Handlebars, locale: Locale): void {
  hbs.registerHelper('t', (key: string, options: Handlebars.HelperOptions) => locale.t(key, options?.hash ?? {}));
  hbs.registerHelper('pageSlot', (id: string) => new hbs.SafeString(pageSlot(id)));
  hbs.registerHelper('pageAnchor', (id: string) => new hbs.SafeString(pageAnchor(id)));
  hbs.registerHelper('formatNumber', (n: number) => locale.formatNumber(n));
  hbs.registerHelper('formatDate', (d: Date) => locale.formatDate(d));
  hbs.registerHelper('eq', (a: unknown, b: unknown) => a === b);
}

function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}
