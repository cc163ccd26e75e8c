/**
 * The prepare stage for a whole build: every requested language × edition,
 * content → markdown → layout, in the order printing needs them (handouts
 * first, then a concordance's source edition before the editions that show
 * its pages). A generator, so that each edition prints while the next one is
 * prepared.
 */
import path from 'node:path';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import { loadChapters } from '../content/load-chapters.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { BUILTIN_LOCALES_DIR, loadLocale } from '../layout/locale.ts';
import type { TemplateSet } from '../layout/templates.ts';
import { trace } from '../trace.ts';
import type { EditionJob } from './build-outputs.ts';
import { concordanceSourceFor, editionsToPrepare } from './concordance.ts';
import { collectHandouts } from './handouts.ts';
import { prepareHandouts, type HandoutsJob } from './handouts-job.ts';
import { forgetTextTransforms, prepareEdition } from './prepare-edition.ts';
import { forgetParses } from './parse-memo.ts';
import { forgetTextMemos } from '../text-memo.ts';
import type { ParsedChapterStore } from '../cache/parsed-chapters.ts';

/** Prepares the editions lazily, in order: each one is printing while the next is prepared. */
export async function* prepareJobs(
  config: BookConfig,
  langs: string[],
  editions: EditionConfig[],
  templates: TemplateSet,
  buildDate: Date,
  bag: DiagnosticBag,
  parsedStore?: ParsedChapterStore,
): AsyncGenerator<EditionJob | { handouts: HandoutsJob }> {
  for (const lang of langs) {
    const chapters = loadChapters(config, lang, bag);
    const locale = loadLocale(lang, [path.join(config.root, 'locales'), BUILTIN_LOCALES_DIR], bag, config.root);
    // Trainer's tools (edition/concordance.ts): an edition that shows the participant edition's
    // pages needs that edition prepared first, and laid out — though not written — even when
    // only the trainer edition was asked for.
    // Handouts (edition/handouts.ts) print into handouts.pdf, first: trainer editions show their pages.
    const handouts = collectHandouts(chapters);
    const handoutsJob = prepareHandouts(config, lang, chapters, handouts, locale, templates, bag);
    if (handoutsJob) yield { handouts: handoutsJob };
    let sourceItems: Record<string, string> | undefined;
    for (const { edition, layoutOnly } of editionsToPrepare(config, editions)) {
      const concordanceSource = concordanceSourceFor(config, edition) ? sourceItems : undefined;
      const prepared = await prepareEdition({
        config,
        lang,
        edition,
        chapters,
        locale,
        templates,
        buildDate,
        bag,
        handouts,
        ...(concordanceSource ? { concordanceSource } : {}),
        ...(parsedStore ? { parsedStore } : {}),
      });
      if (prepared && edition.name === config.concordance) sourceItems = prepared.concordanceItems;
      trace(`${lang}/${edition.name}: prepared`);
      if (prepared) yield { prepared, locale, layoutOnly };
    }
  }
}

/**
 * Forgets what preparing remembers for a later build of the same process
 * (parsed chapters, text reductions, typeset runs and hyphenated words: ~45
 * MB of the main thread's heap once four 40-chapter editions are prepared),
 * for a process that builds once (BuildOptions.once).
 */
export function forgetPrepareMemos(): void {
  forgetParses();
  forgetTextMemos();
  forgetTextTransforms();
}
