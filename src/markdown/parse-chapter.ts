/**
 * Markdown stage, first pass: one chapter, one edition. Hidden blocks are
 * removed, the rest is lexed, and sections, figures, tables and exercises are
 * numbered so that cross-references anywhere in the book can be resolved
 * before any HTML is written.
 */
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { BlockCatalog } from './blocks.ts';
import { ChapterTargets } from './chapter-targets.ts';
import { flattenDivs, removeHiddenDivs, scanFencedDivs } from './fenced-divs.ts';
import { toHtmlId } from './ids.ts';
import { collectSpans, typesetFormulas } from './inline-passes.ts';
import { lexChapter } from './lex-chapter.ts';
import { SourceLocator } from './locate.ts';
import { BlockNumbering } from './number-blocks.ts';
import { TableCaptions } from './table-captions.ts';
import type { TextTransforms } from './text-transform.ts';
import type { ParsedChapter, RefTarget } from './types.ts';

export interface ParseContext {
  config: BookConfig;
  edition: EditionConfig;
  bag: DiagnosticBag;
  /** Typography and hyphenation for a chapter's language. */
  transformsFor: (lang: string) => TextTransforms;
}

export function parseChapter(chapter: Chapter, number: number, ctx: ParseContext): ParsedChapter {
  const { bag } = ctx;
  const file = chapter.relPath;
  const transforms = ctx.transformsFor(chapter.lang);
  const divs = scanFencedDivs(chapter.body, chapter.bodyStartLine, file, bag);
  const blocks = new BlockCatalog(ctx.config);
  reportUnknownDivs(flattenDivs(divs), blocks, ctx, file);
  const visibleBody = removeHiddenDivs(chapter.body, divs, blocks.visibility(ctx.edition));
  const { text: source, captions } = TableCaptions.extract(visibleBody, chapter.bodyStartLine);
  const { marked, tokens } = lexChapter(source, number);

  const locator = new SourceLocator(chapter.body, chapter.bodyStartLine);
  const stem = chapter.name.replace(/\.md$/i, '');
  const title = transforms.typography(chapter.frontMatter.title);
  const chapterTarget: RefTarget = {
    key: `ch:${stem}`,
    htmlId: toHtmlId(`ch-${stem}`),
    kind: 'chapter',
    number: String(number),
    title,
    level: 1,
    chapterNumber: number,
  };
  const targets = new ChapterTargets(chapterTarget, bag, file);
  const numbering = new BlockNumbering({ chapter, number, stem, ctx, marked, blocks, transforms, locator, captions, targets }, tokens);
  const inline = { marked, bag, file, locator, chapterNumber: number };

  // Formulas first: their TeX errors are reported before the numbering pass's diagnostics.
  typesetFormulas(tokens, inline);
  numbering.visitBlocks(tokens);
  const spans = collectSpans(tokens, targets, inline);
  captions.reportOrphans(bag, file);
  return { chapter, number, htmlId: chapterTarget.htmlId, title, tokens, targets: targets.list, answers: numbering.answers, spans };
}

/** Which fenced divs an edition shows: callouts always; conditional blocks per its `includes`; see blocks.ts. */
export function divVisibility(config: BookConfig, edition: EditionConfig): (name: string) => boolean {
  return new BlockCatalog(config).visibility(edition);
}

function reportUnknownDivs(divs: ReturnType<typeof flattenDivs>, blocks: BlockCatalog, ctx: ParseContext, file: string): void {
  for (const div of divs) {
    if (blocks.resolve(div.name) !== null) continue;
    const guess = blocks.suggest(div.name);
    ctx.bag.error({
      code: 'markdown/unknown-div',
      message: `unknown fenced div "::: ${div.name}"`,
      file,
      line: div.openLine,
      column: 5,
      hint:
        `${guess ? `did you mean "${guess}"? ` : ''}use one of: ${blocks.names().join(', ')} ` +
        `(or name "${div.name}" in book.yaml, under blocks: as an alias such as "${div.name}: trainer" or as a callout, or in an edition's includes)`,
    });
  }
}
