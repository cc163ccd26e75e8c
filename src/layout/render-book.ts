/**
 * Layout stage: one edition of one language becomes a single HTML document
 * (front matter, chapters, back matter) through the Handlebars layouts.
 */
import { pathToFileURL } from 'node:url';
import Handlebars from 'handlebars';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { pageAnchor, pageSlot } from '../markdown/render-chapter.ts';
import type { ParsedChapter, RefTarget } from '../markdown/types.ts';
import type { Locale } from './locale.ts';
import { renderTemplate, type TemplateSet } from './templates.ts';

export interface LaidOutChapter {
  parsed: ParsedChapter;
  html: string;
}

export interface AnswerKeyEntry {
  exerciseId: string;
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

/** The label printed for an edition in a language: book.yaml first, then the locale file. */
export function editionLabel(edition: EditionConfig, lang: string, locale: Locale): string {
  const base = lang.split('-')[0]!;
  return edition.label[lang] ?? edition.label[base] ?? locale.t(`edition.${edition.name}`);
}

/** The TOC: chapters and their sections down to `toc.depth`. */
export function tocEntries(chapters: ParsedChapter[], depth: number, extra: RefTarget[] = []): RefTarget[] {
  const entries = chapters.flatMap((c) =>
    c.targets.filter((t) => (t.kind === 'chapter' || t.kind === 'section') && (t.level ?? 9) <= depth),
  );
  return [...entries, ...extra];
}

export function renderBookHtml(input: BookLayoutInput): string | null {
  const { config, locale, edition, templates } = input;
  registerHelpers(templates.hbs, locale);
  const answerKeyTarget: RefTarget[] = input.answerKey.length
    ? [{ key: 'answers', htmlId: ANSWER_KEY_ID, kind: 'chapter', number: '', title: locale.t('answers.title'), level: 1, chapterNumber: 0 }]
    : [];
  const data = {
    lang: input.lang,
    dir: locale.dir,
    langName: languageName(input.lang),
    book: input.texts,
    edition: { name: edition.name, label: editionLabel(edition, input.lang, locale) },
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
      answerKeyTarget,
    ),
    chapters: input.chapters.map(({ parsed, html }) => ({
      number: parsed.number,
      htmlId: parsed.htmlId,
      title: parsed.title,
      html,
      fallback: parsed.chapter.fallback,
      lang: parsed.chapter.fallback ? parsed.chapter.lang : undefined,
      sessionPlan: edition.includes.includes('trainer') ? sessionPlan(parsed) : undefined,
    })),
    answerKey: input.answerKey.length ? { htmlId: ANSWER_KEY_ID, entries: input.answerKey } : undefined,
  };
  return renderTemplate(templates, 'book', data, input.projectRoot, input.bag);
}

function sessionPlan(parsed: ParsedChapter): Record<string, unknown> | undefined {
  const fm = parsed.chapter.frontMatter;
  if (!fm.duration && !fm.objectives && !fm.materials && !fm.method) return undefined;
  return { duration: fm.duration, objectives: fm.objectives, materials: fm.materials, method: fm.method };
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
