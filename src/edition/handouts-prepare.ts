/**
 * The prepare side of `output/<lang>/handouts.pdf` (edition/handouts-job.ts
 * prints and joins them): each handout of a language rendered into an HTML
 * document of its own. Apart from the joining so that preparing a build
 * loads no PDF library.
 */
import { pathToFileURL } from 'node:url';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Locale } from '../layout/locale.ts';
import { fontFaceCss } from '../layout/fonts.ts';
import { pageCss } from '../layout/page-css.ts';
import { parseChapter } from '../markdown/parse-chapter.ts';
import { renderChapterBody } from '../markdown/render-chapter.ts';
import { registerHelpers } from '../layout/render-book.ts';
import { renderTemplate, type TemplateSet } from '../layout/templates.ts';
import { textTransformsFor } from '../markdown/text-transform.ts';
import { localizedTexts, stylesheets } from './prepare-edition.ts';
import { HANDOUT_DIV, type Handout } from './handouts.ts';

export interface HandoutsJob {
  lang: string;
  handouts: Handout[];
  parts: { name: string; html: string }[];
  title: string;
  digits: string;
}

/** Key under which the registry (edition/concordance.ts) holds a language's handouts layout. */
export const handoutsSource = (lang: string): string => `${lang}#handouts`;

/** The edition handouts are rendered for: it shows handout blocks, and hides trainer notes inside them. */
const HANDOUT_EDITION: EditionConfig = { name: HANDOUT_DIV, label: {}, includes: [HANDOUT_DIV] };

export function prepareHandouts(
  config: BookConfig,
  lang: string,
  chapters: Chapter[],
  handouts: Handout[],
  locale: Locale,
  templates: TemplateSet,
  bag: DiagnosticBag,
): HandoutsJob | null {
  if (handouts.length === 0) return null;
  const texts = localizedTexts(config, lang);
  const typography = textTransformsFor(lang).typography;
  const rtl = locale.dir === 'rtl';
  registerHelpers(templates.hbs, locale);
  const parts = [];
  for (const handout of handouts) {
    const chapterNumber = chapters.findIndex((c) => c.name === handout.chapter.name) + 1;
    const chapter: Chapter = {
      ...handout.chapter,
      body: handout.markdown,
      bodyStartLine: handout.firstLine,
      frontMatter: { title: handout.title },
    };
    const parsed = parseChapter(chapter, chapterNumber, { config, edition: HANDOUT_EDITION, bag, transformsFor: textTransformsFor });
    const body = renderChapterBody(parsed, {
      refs: new Map(parsed.targets.map((t) => [t.key, t])),
      t: locale.t,
      bag,
      edition: HANDOUT_DIV,
    });
    const label = `${locale.t('trainertools.handout')} ${handout.number}`;
    // Running head in the page's margin boxes: the course title on one side, the handout's number on the other.
    const head = `@page { @top-${rtl ? 'right' : 'left'} { content: ${cssString(texts.title)}; } @top-${rtl ? 'left' : 'right'} { content: ${cssString(label)}; } }`;
    const html = renderTemplate(
      templates,
      'handout',
      {
        lang,
        dir: locale.dir,
        book: texts,
        css: {
          fonts: fontFaceCss(),
          stylesheets: stylesheets(config.root).map((file) => pathToFileURL(file).href),
          page: `${pageCss(config.page)}\n${head}`,
        },
        handout: { id: handout.id, number: handout.number, label, title: typography(handout.title), html: body },
      },
      config.root,
      bag,
    );
    if (html === null) return null;
    parts.push({ name: handout.id, html });
  }
  return { lang, handouts, parts, title: `${texts.title} — ${locale.t('trainertools.handoutsTitle')}`, digits: locale.digits };
}

function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}
