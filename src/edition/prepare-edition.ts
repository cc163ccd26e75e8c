/**
 * Content → markdown → layout for one language × edition: the chapters of the
 * edition are parsed, numbered, cross-referenced and laid out into one HTML
 * document, with everything the assemble stage needs to know about it.
 */
import { setImmediate as letOtherWorkRun } from 'node:timers/promises';
import path from 'node:path';
import fs from 'node:fs';
import { bookTextsFor, type BookConfig, type EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { parseChapter } from '../markdown/parse-chapter.ts';
import { renderChapterBody, renderTokens, type RenderContext } from '../markdown/render-chapter.ts';
import { textTransformsFor, type TextTransforms } from '../markdown/text-transform.ts';
import type { ParsedChapter, RefIndex } from '../markdown/types.ts';
import type { Locale } from '../layout/locale.ts';
import { ANSWER_KEY_ID, editionLabel, renderBookParts, tocEntries, type AnswerKeyEntry, type BookPart } from '../layout/render-book.ts';
import type { TemplateSet } from '../layout/templates.ts';
import { fontFaceCss } from '../layout/fonts.ts';
import { estimateSlotDigits, pageCss } from '../layout/page-css.ts';
import { BUILTIN_STYLES } from '../project-paths.ts';
import type { OutlineTarget } from '../assemble/assemble-interior.ts';
import { editionText, type EditionText } from '../report/leak-guard/edition-text.ts';
import { memoizedParse } from './parse-memo.ts';
import type { ParsedChapterStore } from '../cache/parsed-chapters.ts';
import { memoizeByText, TEXT_MEMO_CHARS } from '../text-memo.ts';
import { listFiles } from '../inputs-digest.ts';
import { answerEntryId } from '../markdown/answer-links.ts';
import { buildBookIndex } from '../layout/render-index.ts';
import { addConcordanceReferences, linesHiddenFrom, participantPageOfReference, sourceItems, type ConcordanceSlot } from './concordance.ts';
import {
  handoutDisplay,
  handoutReferences,
  numberInlineHandouts,
  sessionHandouts,
  withHandoutPlaceholders,
  type Handout,
} from './handouts.ts';

export interface PreparedEdition {
  lang: string;
  /** Title, subtitle… in this language, typography applied. */
  texts: BookTexts;
  edition: EditionConfig;
  /** The documents to print, in order: front matter, groups of chapters, back matter. */
  parts: BookPart[];
  editionLabel: string;
  chapters: { htmlId: string; title: string }[];
  outline: OutlineTarget[];
  /** Chapters printed in the source language because their translation is missing. */
  fallbackChapters: string[];
  /** Text of the blocks and chapters excluded from this edition, and of what it shows, for the leak guard. */
  text: EditionText;
  /** Index page-number slots (`cbix--N`) → page anchors of the entry's marks (assemble/index-pages.ts). */
  indexSlots: Record<string, string[]>;
  /** Chapters, level-2 sections and exercises by where they are written → html id (edition/concordance.ts). */
  concordanceItems: Record<string, string>;
  /** Participant-page slots (`cbpc--N`) of a trainer edition → the item each names. */
  concordanceSlots: Record<string, ConcordanceSlot>;
  /** Handout reference slots (`cbho--N`) → the handout each names, its page in handouts.pdf. */
  handoutSlots: Record<string, ConcordanceSlot>;
}

export interface PrepareInput {
  config: BookConfig;
  lang: string;
  edition: EditionConfig;
  chapters: Chapter[];
  locale: Locale;
  templates: TemplateSet;
  buildDate: Date;
  bag: DiagnosticBag;
  /** The items of the edition this one points at (its `concordanceItems`), for a trainer edition with a concordance. */
  concordanceSource?: Record<string, string>;
  /** The language's handouts (edition/handouts.ts). */
  handouts?: Handout[];
  /** Parsed chapters on disk, from and for builds in other processes (absent: remembered in this process only). */
  parsedStore?: ParsedChapterStore;
}

const transformsCache = new Map<string, TextTransforms>();
function transformsFor(lang: string): TextTransforms {
  let cached = transformsCache.get(lang);
  if (!cached) transformsCache.set(lang, (cached = textTransformsFor(lang)));
  return cached;
}

/** Drops each language's transforms, with the typeset runs and hyphenated words they remember (prepare-jobs.ts forgetPrepareMemos). */
export function forgetTextTransforms(): void {
  transformsCache.clear();
}

export type BookTexts = ReturnType<typeof bookTextsFor>;

/** The book's own texts in a language, set with that language's typography. */
export function localizedTexts(config: BookConfig, lang: string): BookTexts {
  const texts = bookTextsFor(config, lang);
  const typo = transformsFor(lang).typography;
  return {
    ...texts,
    title: typo(texts.title),
    subtitle: typo(texts.subtitle),
    publisher: typo(texts.publisher),
    subject: typo(texts.subject),
    rights: typo(texts.rights),
  };
}

/** Characters of running text the HTML is worth on the page, for the page-count estimate (a chapter's HTML, remembered: see text-memo.ts). */
const visibleTextLength = memoizeByText(countVisibleText, TEXT_MEMO_CHARS);

function countVisibleText(html: string): number {
  // A line of code takes a line whatever its length, a figure about a third of a page (measured on
  // a code-heavy lesson: counted by their characters, 126 pages were estimated under 100).
  const codeLines = html.match(/<span class="line">/g)?.length ?? 0;
  const figures = html.match(/<svg\b|<img\b/g)?.length ?? 0;
  const text = html
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ').length;
  return text + codeLines * CODE_LINE_CHARS + figures * FIGURE_CHARS;
}

const CODE_LINE_CHARS = 60;
const FIGURE_CHARS = 900;

export function chaptersOfEdition(chapters: Chapter[], edition: EditionConfig): Chapter[] {
  return chapters.filter((c) => !c.frontMatter.editions || c.frontMatter.editions.includes(edition.name));
}

/**
 * Preparing an edition is a second of synchronous work at 500 pages. Between
 * chapters the event loop gets a turn, so the browser's launch handshake and
 * finished prints of other editions are handled meanwhile instead of waiting.
 */
export async function prepareEdition(input: PrepareInput): Promise<PreparedEdition | null> {
  const { config, edition, bag, locale } = input;
  const parsed = [];
  // Handouts are printed apart; an edition with trainer blocks shows a reference line in their place.
  const handouts = (input.handouts ?? []).map((h) => ({ ...h, title: transformsFor(input.lang).typography(h.title) }));
  const handoutRefs = handoutDisplay(edition) === 'reference';
  const editionChapters = chaptersOfEdition(input.chapters, edition).map((c) => (handoutRefs ? withHandoutPlaceholders(c, handouts) : c));
  const courseFiles = listFiles(path.join(config.root, 'content')).join('\n');
  for (const [i, chapter] of editionChapters.entries()) {
    parsed.push(
      memoizedParse(
        chapter,
        i + 1,
        { config, edition, courseFiles, bag, ...(input.parsedStore ? { store: input.parsedStore } : {}) },
        (own) => parseChapter(chapter, i + 1, { config, edition, bag: own, transformsFor }),
      ),
    );
    await letOtherWorkRun();
  }
  const refs = indexTargets(parsed, bag);
  const hasAnswerKey = edition.includes.includes('answer');
  const answered = new Set(hasAnswerKey ? parsed.flatMap((p) => p.answers.flatMap((a) => (a.exercise ? [a.exercise.htmlId] : []))) : []);
  const concordanceSlots = new Map<string, ConcordanceSlot>();
  const ctx: RenderContext = {
    refs,
    t: locale.t,
    bag,
    edition: edition.name,
    answered,
    ...participantPagesOfReferences(input, parsed, concordanceSlots),
  };
  const laidOut = [];
  for (const p of parsed) {
    laidOut.push({ parsed: p, html: renderChapterBody(p, ctx) });
    await letOtherWorkRun();
  }
  // Trainer editions: "Participant manual, p. N" beside each item the participant edition also has.
  const concordance = new Map<string, { opener: string | null; sessionPages: string | null }>();
  if (input.concordanceSource) {
    for (const chapter of laidOut) {
      const added = addConcordanceReferences(chapter.html, chapter.parsed, input.concordanceSource, concordanceSlots, locale.t);
      chapter.html = added.html;
      concordance.set(chapter.parsed.htmlId, added);
    }
  }
  if (handoutDisplay(edition) === 'inline') {
    for (const chapter of laidOut)
      chapter.html = numberInlineHandouts(chapter.html, chapter.parsed.chapter, handouts, locale.t('trainertools.handout'));
  }
  const handoutSlots = new Map<string, ConcordanceSlot>();
  if (handoutRefs && handouts.length) {
    for (const chapter of laidOut) {
      chapter.html = handoutReferences(chapter.html, handouts, handoutSlots, locale.t);
      const listed = sessionHandouts(chapter.parsed.chapter, handouts, handoutSlots, locale.t);
      const refs = concordance.get(chapter.parsed.htmlId) ?? { opener: null, sessionPages: null };
      if (listed) concordance.set(chapter.parsed.htmlId, { ...refs, sessionPages: (refs.sessionPages ?? '') + listed });
    }
  }
  const answerKey = hasAnswerKey ? buildAnswerKey(parsed, ctx) : [];
  const texts = localizedTexts(config, input.lang);
  const index = buildBookIndex(
    [...laidOut.map((c) => c.html), ...answerKey.map((a) => a.html)],
    input.lang,
    transformsFor(input.lang).typography,
  );
  const parts = renderBookParts({
    index,
    concordance,
    config,
    texts,
    lang: input.lang,
    locale,
    edition,
    chapters: laidOut,
    answerKey,
    stylesheets: stylesheets(config.root),
    fontCss: fontFaceCss(),
    pageCss: pageCss(
      config.page,
      estimateSlotDigits(
        laidOut.reduce((n, c) => n + visibleTextLength(c.html), 0),
        config.page,
      ),
    ),
    buildDate: input.buildDate,
    templates: input.templates,
    projectRoot: config.root,
    bag,
  });
  if (parts === null) return null;
  const chapters = parsed.map((p) => ({ htmlId: p.htmlId, title: p.title }));
  if (answerKey.length) chapters.push({ htmlId: ANSWER_KEY_ID, title: locale.t('answers.title') });
  const outline = tocEntries(parsed, Math.max(2, config.toc.depth)).map((t) => ({
    htmlId: t.htmlId,
    title: t.number ? `${t.number} ${t.title}` : t.title,
    level: t.level ?? 1,
  }));
  if (answerKey.length) outline.push({ htmlId: ANSWER_KEY_ID, title: locale.t('answers.title'), level: 1 });
  if (index) {
    chapters.push({ htmlId: index.htmlId, title: locale.t('trainertools.indexTitle') });
    outline.push({ htmlId: index.htmlId, title: locale.t('trainertools.indexTitle'), level: 1 });
  }
  return {
    lang: input.lang,
    texts,
    edition,
    parts,
    editionLabel: editionLabel(edition, input.lang, locale),
    chapters,
    outline,
    fallbackChapters: parsed.filter((p) => p.chapter.fallback).map((p) => p.chapter.name),
    text: editionText(config, edition, input.chapters, input.lang),
    indexSlots: index ? Object.fromEntries(index.slots) : {},
    concordanceItems: sourceItems(parsed),
    concordanceSlots: Object.fromEntries(concordanceSlots),
    handoutSlots: Object.fromEntries(handoutSlots),
  };
}

/** A trainer edition with a concordance: references written where the participant edition cannot see them also give its page. */
function participantPagesOfReferences(
  input: PrepareInput,
  parsed: ParsedChapter[],
  slots: Map<string, ConcordanceSlot>,
): Pick<RenderContext, 'afterReference'> {
  const source = input.concordanceSource;
  const sourceEdition = input.config.editions.find((e) => e.name === input.config.concordance);
  if (!source || !sourceEdition) return {};
  const hidden = new Map<ParsedChapter, (line: number) => boolean>();
  const hiddenFromSource = (chapter: ParsedChapter): ((line: number) => boolean) => {
    let lines = hidden.get(chapter);
    if (!lines) hidden.set(chapter, (lines = linesHiddenFrom(chapter, sourceEdition, input.config)));
    return lines;
  };
  return {
    afterReference: (target, at) => participantPageOfReference(target, at, { parsed, source, hiddenFromSource, slots, t: input.locale.t }),
  };
}

/** Every target of the edition by key; the same key in two chapters is an error. */
function indexTargets(parsed: ParsedChapter[], bag: DiagnosticBag): RefIndex {
  const refs: RefIndex = new Map();
  const owner = new Map<string, ParsedChapter>();
  for (const chapter of parsed) {
    for (const target of chapter.targets) {
      const first = owner.get(target.key);
      if (first && first !== chapter) {
        bag.error({
          code: 'markdown/duplicate-id',
          message: `the id "${target.key}" is also used in ${first.chapter.relPath}`,
          file: chapter.chapter.relPath,
          line: target.line ?? chapter.chapter.bodyStartLine,
          column: target.column ?? 1,
          hint: 'ids must be unique in the whole course: prefix them with the chapter topic',
        });
        continue;
      }
      owner.set(target.key, chapter);
      refs.set(target.key, target);
    }
  }
  return refs;
}

function buildAnswerKey(parsed: ParsedChapter[], ctx: Parameters<typeof renderTokens>[2]): AnswerKeyEntry[] {
  return parsed.flatMap((chapter) =>
    chapter.answers.flatMap(({ exercise, tokens }) =>
      exercise
        ? [
            {
              exerciseId: exercise.htmlId,
              answerId: answerEntryId(exercise.htmlId),
              exerciseNumber: exercise.number,
              exerciseTitle: exercise.title,
              html: renderTokens(chapter, tokens, ctx),
            },
          ]
        : [],
    ),
  );
}

/** Stylesheets with a document of their own, not linked into the book. */
const OTHER_DOCUMENT_STYLES = ['cover.css', 'furniture.css'];

/** Built-in stylesheets, then the course's own of the same name replacing them, then its extra ones. */
export function stylesheets(courseRoot: string): string[] {
  const isBookStyle = (f: string): boolean => f.endsWith('.css') && !OTHER_DOCUMENT_STYLES.includes(f);
  const builtin = fs.readdirSync(BUILTIN_STYLES).filter(isBookStyle).sort();
  const courseDir = path.join(courseRoot, 'styles');
  const course =
    fs.existsSync(courseDir) && path.resolve(courseDir) !== path.resolve(BUILTIN_STYLES)
      ? fs.readdirSync(courseDir).filter(isBookStyle).sort()
      : [];
  const chosen = builtin.map((f) => (course.includes(f) ? path.join(courseDir, f) : path.join(BUILTIN_STYLES, f)));
  const extra = course.filter((f) => !builtin.includes(f)).map((f) => path.join(courseDir, f));
  return [...chosen, ...extra];
}
