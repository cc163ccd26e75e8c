/**
 * Markdown stage, first pass: one chapter, one edition. Hidden blocks are
 * removed, the rest is lexed, and sections, figures, tables and exercises are
 * numbered so that cross-references anywhere in the book can be resolved
 * before any HTML is written.
 */
import type { Token, Tokens } from 'marked';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { codeFenceTracker, flattenDivs, removeHiddenDivs, scanFencedDivs } from './fenced-divs.ts';
import type { FencedDivToken } from './extensions.ts';
import { BlockCatalog } from './blocks.ts';
import { trailingAttributes, type Attributes } from './attributes.ts';
import { attachTrailingAttributes, type WithAttributes } from './trailing-attributes.ts';
import { spanHint, spanProblem, type SpanToken } from './spans.ts';
import { markIndexSpan } from './index-terms.ts';
import type { DefinitionListToken } from './definition-lists.ts';
import { typeset, type EquationToken, type MathToken } from './math.ts';
import { createChapterMarked } from './marked-instance.ts';
import { slugify, splitExplicitId, toHtmlId } from './ids.ts';
import { SourceLocator } from './locate.ts';
import { resolveImage } from './images.ts';
import { checkAltText, isDecorative } from './alt-text.ts';
import { transformInline, plainText, type TextTransforms } from './text-transform.ts';
import type { AnswerBlock, ParsedChapter, RefTarget, SpanUse } from './types.ts';

export interface ParseContext {
  config: BookConfig;
  edition: EditionConfig;
  bag: DiagnosticBag;
  /** Typography and hyphenation for a chapter's language. */
  transformsFor: (lang: string) => TextTransforms;
}

/** A figure: a paragraph holding only an image and optionally `{#fig:id}`. */
export interface FigureToken extends Tokens.Generic {
  type: 'cbFigure';
  raw: string;
  image: Tokens.Image;
  htmlId: string;
  number: string;
  /** Marked decorative (see alt-text.ts): printed as an artifact, without number or caption. */
  decorative?: boolean;
}

export interface CaptionedTable extends Tokens.Table {
  cbCaption?: Token[];
  cbNumber?: string;
  cbHtmlId?: string;
}

export interface NumberedHeading extends Tokens.Heading {
  cbNumber?: string;
  cbHtmlId?: string;
  cbAttributes?: Attributes;
}

export function parseChapter(chapter: Chapter, number: number, ctx: ParseContext): ParsedChapter {
  const { bag } = ctx;
  const file = chapter.relPath;
  const transforms = ctx.transformsFor(chapter.lang);
  const divs = scanFencedDivs(chapter.body, chapter.bodyStartLine, file, bag);
  const blocks = new BlockCatalog(ctx.config);
  const isVisible = blocks.visibility(ctx.edition);
  reportUnknownDivs(flattenDivs(divs), blocks, ctx, file);
  const visibleBody = removeHiddenDivs(chapter.body, divs, isVisible);
  const { text: source, captions } = extractTableCaptions(visibleBody, chapter.bodyStartLine);

  const marked = createChapterMarked(number);
  const tokens = marked.lexer(source) as Token[];
  // The walkers are synchronous: walkTokens returns their values, no promise to wait for.
  void marked.walkTokens(tokens, marked.defaults.walkTokens ?? (() => undefined));
  void marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') splitHeadingAttributes(token as NumberedHeading, marked);
    if (token.type === 'table') for (const cell of [...(token as Tokens.Table).header, ...(token as Tokens.Table).rows.flat()]) attachTrailingAttributes(cell.tokens);
    if ('tokens' in token && Array.isArray(token.tokens)) attachTrailingAttributes(token.tokens);
  });

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
  const targets: RefTarget[] = [chapterTarget];
  const answers: AnswerBlock[] = [];
  const spans: SpanUse[] = [];
  const counters = { h2: 0, h3: 0, figure: 0, table: 0, exercise: 0, equation: 0 };
  const exerciseStack: RefTarget[] = [];

  /**
   * Generated ids never collide: repeated titles ("Objectifs") get -2, -3…, and
   * so do titles whose HTML ids coincide (non-Latin letters all become "-").
   */
  const uniqueKey = (base: string): string => {
    let key = base;
    for (let n = 2; targets.some((t) => t.key === key || t.htmlId === toHtmlId(key)); n++) key = `${base}-${n}`;
    return key;
  };

  /** `at` is where the target is declared: each declaration is located once, in document order. */
  const addTarget = (target: RefTarget, at: { line: number; column: number }): void => {
    target.line = at.line;
    target.column = at.column;
    if (targets.some((t) => t.htmlId === target.htmlId)) {
      bag.error({
        code: 'markdown/duplicate-id',
        message: `the id "${target.key}" is used twice in this chapter`,
        file,
        ...at,
        hint: 'give each heading, figure and table its own {#id}',
      });
      return;
    }
    targets.push(target);
  };

  /** The level the chapter's sections are written at: its shallowest heading below the title ("##" in most courses). */
  let sectionLevel = 6;
  void marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') sectionLevel = Math.min(sectionLevel, (token as Tokens.Heading).depth);
  });

  const visitBlocks = (list: Token[]): void => {
    for (let i = 0; i < list.length; i++) {
      const token = list[i]!;
      switch (token.type) {
        case 'heading':
          visitHeading(token as NumberedHeading);
          break;
        case 'paragraph': {
          const figure = asFigure(token as Tokens.Paragraph);
          const equation = figure ? null : asEquation(token as Tokens.Paragraph);
          if (figure) list[i] = figure;
          else if (equation) list[i] = equation;
          else transformInline((token as Tokens.Paragraph).tokens, transforms, 'prose');
          break;
        }
        case 'table':
          visitTable(token as CaptionedTable);
          break;
        case 'fencedDiv':
          visitDiv(token as FencedDivToken);
          break;
        case 'list':
          for (const item of (token as Tokens.List).items) visitBlocks(item.tokens);
          break;
        case 'cbDefinitionList':
          for (const part of (token as DefinitionListToken).tokens) {
            if (part.type === 'cbTerm') transformInline(part.tokens, transforms, 'prose');
            else visitBlocks(part.tokens);
          }
          break;
        case 'blockquote':
          visitBlocks((token as Tokens.Blockquote).tokens);
          break;
        case 'text':
          if ((token as Tokens.Text).tokens) transformInline((token as Tokens.Text).tokens!, transforms, 'prose');
          break;
        case 'footnotes':
          for (const item of token['items'] as { content: Token[] }[]) visitBlocks(item.content);
          break;
        default:
          break;
      }
    }
  };

  const visitHeading = (heading: NumberedHeading): void => {
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
      bag.warn({
        code: 'markdown/heading-level',
        message: `a "${'#'.repeat(depth)}" heading before any "${'#'.repeat(sectionLevel)}" section heading: its number would be ambiguous`,
        file,
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
    const key = explicit ?? uniqueKey(`sec:${stem}-${slugify(text) || counters.h2}`);
    heading.cbNumber = numberLabel;
    heading.cbHtmlId = toHtmlId(key);
    addTarget(
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
  };

  const asFigure = (paragraph: Tokens.Paragraph): FigureToken | null => {
    const parts = paragraph.tokens.filter((t) => !(t.type === 'text' && (t as Tokens.Text).text.trim() === ''));
    const image = parts[0];
    if (!image || image.type !== 'image') return null;
    if (parts.length > 1) return null;
    const explicit = (image as WithAttributes<Tokens.Image>).cbAttributes?.id ?? null;
    const img = image as WithAttributes<Tokens.Image>;
    if (isDecorative(img)) {
      // Not a figure: no number, no caption, no cross-reference target.
      resolveImage(img, chapter, ctx, locator);
      return { type: 'cbFigure', raw: paragraph.raw, image: img, htmlId: '', number: '', decorative: true };
    }
    counters.figure++;
    const figureNumber = `${number}.${counters.figure}`;
    const key = explicit ?? `fig:${stem}-${counters.figure}`;
    const at = locator.locate(paragraph.raw.trim());
    checkAltText(img, ctx.bag, { file: chapter.relPath, ...at });
    resolveImage(img, chapter, ctx, locator);
    transformInline(img.tokens ?? [], transforms, 'heading');
    const htmlId = toHtmlId(key);
    addTarget({ key, htmlId, kind: 'figure', number: figureNumber, title: img.text, chapterNumber: number }, at);
    return { type: 'cbFigure', raw: paragraph.raw, image: img, htmlId, number: figureNumber };
  };

  /** A paragraph holding only a display formula, with or without `{#eq:id}`; numbered when it has an id. */
  const asEquation = (paragraph: Tokens.Paragraph): EquationToken | null => {
    const parts = paragraph.tokens.filter((t) => !(t.type === 'text' && (t as Tokens.Text).text.trim() === ''));
    const math = parts[0] as WithAttributes<MathToken> | undefined;
    if (parts.length !== 1 || math?.type !== 'cbMath' || !math.display) return null;
    const equation: EquationToken = { type: 'cbEquation', raw: paragraph.raw, math };
    const key = math.cbAttributes?.id;
    if (!key) return equation;
    counters.equation++;
    equation.number = `${number}.${counters.equation}`;
    equation.htmlId = toHtmlId(key);
    addTarget({ key, htmlId: equation.htmlId, kind: 'equation', number: equation.number, title: math.tex, chapterNumber: number }, locator.locate(paragraph.raw.trim()));
    return equation;
  };

  const visitTable = (table: CaptionedTable): void => {
    for (const cell of [...table.header, ...table.rows.flat()]) transformInline(cell.tokens, transforms, 'heading');
    const at = locator.locate(table.raw.trimEnd());
    const lastLine = at.line + table.raw.trimEnd().split('\n').length - 1;
    // After the table, or (as Pandoc also allows) just before it.
    const caption =
      captions.find((c) => c.line === lastLine + 1 || c.line === lastLine + 2) ??
      captions.find((c) => c.line === at.line - 1 || c.line === at.line - 2);
    if (!caption) return;
    captions.splice(captions.indexOf(caption), 1);
    counters.table++;
    const split = splitExplicitId(caption.text);
    const key = split.id ?? `tbl:${stem}-${counters.table}`;
    table.cbNumber = `${number}.${counters.table}`;
    table.cbHtmlId = toHtmlId(key);
    const captionTokens = marked.Lexer.lexInline(split.text.trim(), marked.defaults);
    transformInline(captionTokens, transforms, 'heading');
    table.cbCaption = captionTokens;
    addTarget(
      { key, htmlId: table.cbHtmlId, kind: 'table', number: table.cbNumber, title: plainText(captionTokens), chapterNumber: number },
      { line: caption.line, column: 1 },
    );
  };

  const visitDiv = (div: FencedDivToken): void => {
    div.name = blocks.resolve(div.name) ?? div.name;
    if (!div.title) div.title = blocks.label(div.name, chapter.lang) ?? '';
    if (div.name === 'exercise') {
      counters.exercise++;
      div.number = `${number}.${counters.exercise}`;
      div.title = transforms.typography(div.title);
      // `::: {#ex:sort-files .exercise}`: the author's id, for [@ex:sort-files].
      const key = div.attributes.id ?? `ex:${stem}-${counters.exercise}`;
      div.htmlId = div.attributes.id ? toHtmlId(div.attributes.id) : `ex-${toHtmlId(stem)}-${counters.exercise}`;
      const target: RefTarget = {
        key,
        htmlId: div.htmlId,
        kind: 'exercise',
        number: div.number,
        title: div.title,
        chapterNumber: number,
      };
      addTarget(target, locator.locate(div.raw.split('\n')[0]!));
      exerciseStack.push(target);
      visitBlocks(div.tokens);
      exerciseStack.pop();
      return;
    }
    div.title = transforms.typography(div.title);
    // Any other block with an {#id} is a place links can point at, with its page.
    if (div.attributes.id) {
      div.htmlId = toHtmlId(div.attributes.id);
      addTarget({ key: div.attributes.id, htmlId: div.htmlId, kind: 'anchor', number: '', title: div.title, chapterNumber: number }, locator.locate(div.raw.split('\n')[0]!));
    }
    if (div.name === 'answer') answers.push({ exercise: exerciseStack.at(-1) ?? null, tokens: div.tokens });
    visitBlocks(div.tokens);
  };

  void marked.walkTokens(tokens, (token) => {
    if (token.type !== 'cbMath') return;
    const math = token as MathToken;
    const result = typeset(math.tex, math.display);
    if ('html' in result) {
      math.html = result.html;
      return;
    }
    bag.error({
      code: 'markdown/math',
      message: `TeX error in "${math.raw.length > 60 ? `${math.raw.slice(0, 57)}…` : math.raw}": ${result.error}`,
      file,
      ...locator.locate(math.raw),
      hint: 'fix the formula (coursebook typesets TeX with temml); a literal dollar sign is written \\$',
    });
  });
  visitBlocks(tokens);
  void marked.walkTokens(tokens, (token) => {
    if (token.type !== 'cbSpan') return;
    const span = token as SpanToken;
    const at = locator.locate(span.raw);
    const problem = spanProblem(span.attributes);
    if (problem) bag.error({ code: 'markdown/span-attribute', message: `${problem} in "${span.raw}"`, file, ...at, hint: spanHint() });
    const text = plainText(span.tokens);
    const indexProblem = problem ? null : markIndexSpan(span, text, number, spans.length);
    if (indexProblem) bag.error({ code: 'markdown/index-mark', message: `${indexProblem} in "${span.raw}"`, file, ...at, hint: spanHint() });
    spans.push({ text, attributes: span.attributes, ...at });
    // `[function]{#function}`, as glossaries write their entries: a place links can point at.
    if (span.attributes.id) addTarget({ key: span.attributes.id, htmlId: toHtmlId(span.attributes.id), kind: 'anchor', number: '', title: text, chapterNumber: number }, at);
  });
  for (const orphan of captions) {
    bag.warn({
      code: 'markdown/orphan-caption',
      message: 'a "Table:" caption that does not follow a table',
      file,
      line: orphan.line,
      column: 1,
      hint: 'put the caption line directly under the last row of its table',
    });
  }
  return { chapter, number, htmlId: chapterTarget.htmlId, title, tokens, targets, answers, spans };
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

/** `## Title {#sec:id .unnumbered}`: the attributes are taken off the title and kept on the token. */
function splitHeadingAttributes(heading: NumberedHeading, marked: ReturnType<typeof createChapterMarked>): void {
  const split = trailingAttributes(heading.text);
  if (!split) return;
  heading.cbAttributes = split.attributes;
  heading.text = split.text.trimEnd();
  heading.tokens = marked.Lexer.lexInline(heading.text, marked.defaults);
}

interface Caption {
  line: number;
  text: string;
}

/**
 * GitHub tables swallow a non-blank line after the last row as another row, so
 * `Table:` caption lines are taken out of the source (blanked, keeping line
 * numbers) and matched back to their table by line.
 */
function extractTableCaptions(body: string, firstLine: number): { text: string; captions: Caption[] } {
  const captions: Caption[] = [];
  const inCode = codeFenceTracker();
  const lines = body.split('\n').map((line, index) => {
    if (inCode(line)) return line;
    const match = /^Table:\s*(.+?)\s*$/.exec(line);
    if (!match) return line;
    captions.push({ line: firstLine + index, text: match[1]! });
    return '';
  });
  return { text: lines.join('\n'), captions };
}
