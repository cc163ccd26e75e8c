/**
 * The numbering pass over one chapter's block tokens, in document order:
 * sections, figures, equations, tables and exercises get their numbers and ids
 * and become targets; prose gets its typography; answers are collected for the
 * answer key. Figures and equations replace the paragraph that holds them.
 */
import type { Marked, Token, Tokens } from 'marked';
import type { Chapter } from '../content/types.ts';
import { checkAltText, isDecorative } from './alt-text.ts';
import type { BlockCatalog } from './blocks.ts';
import type { ChapterTargets } from './chapter-targets.ts';
import { isToken, significantInlines, type CaptionedTable, type FigureToken, type NumberedHeading } from './chapter-tokens.ts';
import type { FencedDivToken } from './extensions.ts';
import { slugify, splitExplicitId, toHtmlId } from './ids.ts';
import { resolveImage } from './images.ts';
import type { SourceLocator } from './locate.ts';
import type { EquationToken } from './math.ts';
import type { ParseContext } from './parse-chapter.ts';
import type { TableCaptions } from './table-captions.ts';
import { plainText, transformInline, type TextTransforms } from './text-transform.ts';
import type { AnswerBlock, RefTarget } from './types.ts';

/** Everything the pass reads about the chapter and writes its findings to. */
export interface NumberingInput {
  chapter: Chapter;
  number: number;
  /** The chapter file's name without `.md`: generated keys start with it. */
  stem: string;
  ctx: ParseContext;
  marked: Marked;
  blocks: BlockCatalog;
  transforms: TextTransforms;
  locator: SourceLocator;
  captions: TableCaptions;
  targets: ChapterTargets;
}

interface Counters {
  h2: number;
  h3: number;
  figure: number;
  table: number;
  exercise: number;
  equation: number;
}

export class BlockNumbering {
  readonly answers: AnswerBlock[] = [];
  private readonly counters: Counters = { h2: 0, h3: 0, figure: 0, table: 0, exercise: 0, equation: 0 };
  private readonly exerciseStack: RefTarget[] = [];
  /** The level the chapter's sections are written at: its shallowest heading below the title ("##" in most courses). */
  private readonly sectionLevel: number;

  constructor(
    private readonly input: NumberingInput,
    tokens: Token[],
  ) {
    let sectionLevel = 6;
    // The walkers are synchronous: walkTokens returns their values, no promise to wait for.
    void input.marked.walkTokens(tokens, (token) => {
      if (isToken(token, 'heading')) sectionLevel = Math.min(sectionLevel, token.depth);
    });
    this.sectionLevel = sectionLevel;
  }

  visitBlocks(list: Token[]): void {
    const { transforms } = this.input;
    for (const [i, token] of list.entries()) {
      if (isToken(token, 'heading')) this.visitHeading(token);
      else if (isToken(token, 'paragraph')) {
        const numbered = this.asFigure(token) ?? this.asEquation(token);
        if (numbered) list[i] = numbered;
        else transformInline(token.tokens, transforms, 'prose');
      } else if (isToken(token, 'table')) this.visitTable(token);
      else if (isToken(token, 'fencedDiv')) this.visitDiv(token);
      else if (isToken(token, 'list')) for (const item of token.items) this.visitBlocks(item.tokens);
      else if (isToken(token, 'cbDefinitionList')) {
        for (const part of token.tokens) {
          if (part.type === 'cbTerm') transformInline(part.tokens, transforms, 'prose');
          else this.visitBlocks(part.tokens);
        }
      } else if (isToken(token, 'blockquote')) this.visitBlocks(token.tokens);
      else if (isToken(token, 'text')) {
        if (token.tokens) transformInline(token.tokens, transforms, 'prose');
      } else if (isToken(token, 'footnotes')) for (const item of token.items) this.visitBlocks(item.content);
    }
  }

  private visitHeading(heading: NumberedHeading): void {
    const { number, stem, locator, transforms, targets, ctx } = this.input;
    const { counters, sectionLevel } = this;
    const depth = heading.depth;
    const at = locator.locate(heading.raw.trim());
    const explicit = heading.cbAttributes?.id ?? null;
    const unnumbered = heading.cbAttributes?.classes.includes('unnumbered') ?? false;
    transformInline(heading.tokens, transforms, 'heading');
    const text = plainText(heading.tokens);
    // The chapter's shallowest heading level is its section level, whatever it is written with
    // ("#" or "###" in some lessons): printed and numbered as sections, the next level as subsections.
    const level = Math.max(2, depth - sectionLevel + 2);
    heading.depth = Math.min(6, level);
    if (level === 3 && counters.h2 === 0 && !unnumbered) {
      ctx.bag.warn({
        code: 'markdown/heading-level',
        message: `a "${'#'.repeat(depth)}" heading before any "${'#'.repeat(sectionLevel)}" section heading: its number would be ambiguous`,
        file: this.input.chapter.relPath,
        ...at,
        hint: `open a "${'#'.repeat(sectionLevel)}" section before it, or mark the heading {.unnumbered}`,
      });
    }
    let numberLabel: string | undefined;
    if (unnumbered) {
      // printed and listed without a number; the counters go on as if it were not there
    } else if (level === 2) {
      counters.h2++;
      counters.h3 = 0;
      numberLabel = `${number}.${counters.h2}`;
    } else if (level === 3) {
      counters.h3++;
      numberLabel = `${number}.${counters.h2}.${counters.h3}`;
    }
    const key = explicit ?? targets.uniqueKey(`sec:${stem}-${slugify(text) || counters.h2}`);
    heading.cbNumber = numberLabel;
    heading.cbHtmlId = toHtmlId(key);
    targets.add(
      {
        key,
        htmlId: heading.cbHtmlId,
        kind: 'section',
        number: numberLabel ?? '',
        title: text,
        level,
        chapterNumber: number,
        ...(heading.cbAttributes?.classes.includes('unlisted') ? { unlisted: true } : {}),
      },
      at,
    );
  }

  /** A paragraph holding only an image and optionally `{#fig:id}`. */
  private asFigure(paragraph: Tokens.Paragraph): FigureToken | null {
    const { chapter, number, stem, ctx, locator, transforms, targets } = this.input;
    const parts = significantInlines(paragraph);
    const image = parts[0];
    if (parts.length !== 1 || !isToken(image, 'image')) return null;
    if (isDecorative(image)) {
      // Not a figure: no number, no caption, no cross-reference target.
      resolveImage(image, chapter, ctx, locator);
      return { type: 'cbFigure', raw: paragraph.raw, image, htmlId: '', number: '', decorative: true };
    }
    this.counters.figure++;
    const figureNumber = `${number}.${this.counters.figure}`;
    const key = image.cbAttributes?.id ?? `fig:${stem}-${this.counters.figure}`;
    const at = locator.locate(paragraph.raw.trim());
    checkAltText(image, ctx.bag, { file: chapter.relPath, ...at });
    resolveImage(image, chapter, ctx, locator);
    transformInline(image.tokens ?? [], transforms, 'heading');
    const htmlId = toHtmlId(key);
    targets.add({ key, htmlId, kind: 'figure', number: figureNumber, title: image.text, chapterNumber: number }, at);
    return { type: 'cbFigure', raw: paragraph.raw, image, htmlId, number: figureNumber };
  }

  /** A paragraph holding only a display formula, with or without `{#eq:id}`; numbered when it has an id. */
  private asEquation(paragraph: Tokens.Paragraph): EquationToken | null {
    const { number, locator, targets } = this.input;
    const parts = significantInlines(paragraph);
    const math = parts[0];
    if (parts.length !== 1 || !isToken(math, 'cbMath') || !math.display) return null;
    const equation: EquationToken = { type: 'cbEquation', raw: paragraph.raw, math };
    const key = math.cbAttributes?.id;
    if (!key) return equation;
    this.counters.equation++;
    equation.number = `${number}.${this.counters.equation}`;
    equation.htmlId = toHtmlId(key);
    targets.add(
      { key, htmlId: equation.htmlId, kind: 'equation', number: equation.number, title: math.tex, chapterNumber: number },
      locator.locate(paragraph.raw.trim()),
    );
    return equation;
  }

  private visitTable(table: CaptionedTable): void {
    const { number, stem, locator, transforms, targets, captions, marked } = this.input;
    for (const cell of [...table.header, ...table.rows.flat()]) transformInline(cell.tokens, transforms, 'heading');
    const at = locator.locate(table.raw.trimEnd());
    const lastLine = at.line + table.raw.trimEnd().split('\n').length - 1;
    const caption = captions.claim(at.line, lastLine);
    if (!caption) return;
    this.counters.table++;
    const split = splitExplicitId(caption.text);
    const key = split.id ?? `tbl:${stem}-${this.counters.table}`;
    table.cbNumber = `${number}.${this.counters.table}`;
    table.cbHtmlId = toHtmlId(key);
    const captionTokens = marked.Lexer.lexInline(split.text.trim(), marked.defaults);
    transformInline(captionTokens, transforms, 'heading');
    table.cbCaption = captionTokens;
    targets.add(
      { key, htmlId: table.cbHtmlId, kind: 'table', number: table.cbNumber, title: plainText(captionTokens), chapterNumber: number },
      { line: caption.line, column: 1 },
    );
  }

  private visitDiv(div: FencedDivToken): void {
    const { chapter, number, stem, locator, transforms, targets, blocks } = this.input;
    div.name = blocks.resolve(div.name) ?? div.name;
    if (!div.title) div.title = blocks.label(div.name, chapter.lang) ?? '';
    const openerAt = (): { line: number; column: number } => locator.locate(div.raw.split('\n', 1)[0] ?? '');
    if (div.name === 'exercise') {
      this.counters.exercise++;
      div.number = `${number}.${this.counters.exercise}`;
      div.title = transforms.typography(div.title);
      // `::: {#ex:sort-files .exercise}`: the author's id, for [@ex:sort-files].
      const key = div.attributes.id ?? `ex:${stem}-${this.counters.exercise}`;
      div.htmlId = div.attributes.id ? toHtmlId(div.attributes.id) : `ex-${toHtmlId(stem)}-${this.counters.exercise}`;
      const target: RefTarget = { key, htmlId: div.htmlId, kind: 'exercise', number: div.number, title: div.title, chapterNumber: number };
      targets.add(target, openerAt());
      this.exerciseStack.push(target);
      this.visitBlocks(div.tokens);
      this.exerciseStack.pop();
      return;
    }
    div.title = transforms.typography(div.title);
    // Any other block with an {#id} is a place links can point at, with its page.
    if (div.attributes.id) {
      div.htmlId = toHtmlId(div.attributes.id);
      targets.add(
        { key: div.attributes.id, htmlId: div.htmlId, kind: 'anchor', number: '', title: div.title, chapterNumber: number },
        openerAt(),
      );
    }
    if (div.name === 'answer') this.answers.push({ exercise: this.exerciseStack.at(-1) ?? null, tokens: div.tokens });
    this.visitBlocks(div.tokens);
  }
}
