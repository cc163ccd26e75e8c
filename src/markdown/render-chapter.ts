/**
 * Markdown stage, second pass: a parsed chapter becomes HTML, with every
 * cross-reference resolved against the whole edition's targets. Page numbers
 * are not known yet: each "page N" is an empty, fixed-width link to the
 * target's page anchor, filled in after printing (fillPageSlots, assemble/assemble-interior.ts).
 */
import type { RendererExtensionFunction, RendererThis, Token, Tokens } from 'marked';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { FencedDivToken } from './extensions.ts';
import { createChapterMarked } from './marked-instance.ts';
import type { CaptionedTable, FigureToken, NumberedHeading, TokenOf, TokenType } from './chapter-tokens.ts';
import { pageAnchorId, toHtmlId } from './ids.ts';
import { PLAIN_DIV } from './blocks.ts';
import { SourceLocator } from './locate.ts';
import { escapeHtml, isScriptUrl, sanitizeHtml } from './sanitize-html.ts';
import { inlineSvg } from './inline-svg.ts';
import { altText } from './alt-text.ts';
import type { ParsedChapter, RefIndex, RefTarget, Translate } from './types.ts';
import type { Attributes } from './attributes.ts';
import type { WithAttributes } from './trailing-attributes.ts';
import { SPAN_CLASSES } from './spans.ts';
import { renderCodeBlock, SHORT_CODE_LINES } from './code-blocks.ts';
import { checkInternalLink, renderChapterLink, renderExternalLink } from './links.ts';
import { mathErrorHtml } from './math.ts';
import { answerReference } from './answer-links.ts';
import { indexAnchor } from './index-terms.ts';

export interface RenderContext {
  refs: RefIndex;
  t: Translate;
  bag: DiagnosticBag;
  /** Name of the edition being built, for messages. */
  edition: string;
  /** Exercises (html ids) whose answer is in this edition's answer key: they say on which page. */
  answered?: Set<string>;
  /**
   * What a reference written at `line` of `chapter` to `target` adds after its
   * page (a trainer edition's « manuel p. N », edition/concordance.ts).
   */
  afterReference?: (target: RefTarget, at: { chapter: ParsedChapter; line: number }) => string;
}

/**
 * A figure space gives the link a box; its width is set in CSS from the
 * expected number of digits (`--cb-slot-digits`, see layout/page-css.ts), and
 * the folio is stamped into it after printing.
 */
export const PAGE_SLOT_TEXT = '\u2007';

export function pageSlot(htmlId: string): string {
  return `<a class="cb-pageref" href="#${pageAnchorId(htmlId)}">${PAGE_SLOT_TEXT}</a>`;
}

export function pageAnchor(htmlId: string): string {
  return `<span class="cb-anchor" id="${pageAnchorId(htmlId)}"></span>`;
}

const XREF_TEMPLATE: Record<RefTarget['kind'], string> = {
  chapter: 'xref.chapter',
  section: 'xref.section',
  figure: 'xref.figure',
  table: 'xref.table',
  exercise: 'xref.exercise',
  equation: 'xref.equation',
  anchor: 'xref.anchor',
};

/** "figure {number}, page {page}" with the number linked and the page left as a slot. */
export function renderXref(target: RefTarget, t: Translate): string {
  const template = t(XREF_TEMPLATE[target.kind], { number: '\u0000N', page: '\u0000P' });
  return escapeHtml(template)
    .replace('\u0000N', `<a class="xref" href="#${target.htmlId}">${escapeHtml(target.number)}</a>`)
    .replace('\u0000P', pageSlot(target.htmlId));
}

export function renderChapterBody(parsed: ParsedChapter, ctx: RenderContext): string {
  return renderTokens(parsed, parsed.tokens, ctx);
}

/** Renders any token list of a chapter (also used for the trainer's answer key). */
export function renderTokens(parsed: ParsedChapter, tokens: Token[], ctx: RenderContext): string {
  const { chapter } = parsed;
  const locator = new SourceLocator(chapter.body, chapter.bodyStartLine);
  const { t } = ctx;
  const marked = createChapterMarked(parsed.number, t('notes.title'));
  marked.use({
    extensions: [
      {
        name: 'fencedDiv',
        renderer: typed('fencedDiv', function (div) {
          return renderDiv(div, this.parser.parse(div.tokens), t, ctx.answered);
        }),
      },
      {
        name: 'xref',
        renderer: typed('xref', (xref) => {
          const target = ctx.refs.get(xref.key);
          if (!target) {
            ctx.bag.error({
              code: 'markdown/unknown-ref',
              message: `cross-reference to unknown id "${xref.key}" (edition ${ctx.edition})`,
              file: chapter.relPath,
              ...locator.locate(xref.raw),
              hint: 'check the spelling; ids are declared as {#fig:...}, {#tbl:...} or {#sec:...}, and a target inside a block hidden from this edition does not exist in it',
            });
            return `<span class="xref-missing">${escapeHtml(xref.raw)}</span>`;
          }
          const after = ctx.afterReference?.(target, { chapter: parsed, line: locator.locate(xref.raw).line }) ?? '';
          return renderXref(target, t) + after;
        }),
      },
      {
        name: 'cbSpan',
        renderer: typed('cbSpan', function (span) {
          const anchor = span.attributes.id ? pageAnchor(toHtmlId(span.attributes.id)) : '';
          return `${indexAnchor(span, ctx)}<span${spanAttributes(span.attributes)}>${anchor}${this.parser.parseInline(span.tokens)}</span>`;
        }),
      },
      {
        name: 'cbMath',
        renderer: typed('cbMath', (math) => math.html ?? mathErrorHtml(math)),
      },
      {
        name: 'cbEquation',
        renderer: typed('cbEquation', ({ math, htmlId, number }) => {
          const body = math.html ?? mathErrorHtml(math);
          if (!htmlId) return `<div class="equation">${body}</div>\n`;
          return `<div class="equation" id="${htmlId}">${pageAnchor(htmlId)}${body}<span class="equation-number">(${escapeHtml(number ?? '')})</span></div>\n`;
        }),
      },
      {
        name: 'cbDefinitionList',
        renderer: typed('cbDefinitionList', function (list) {
          const items = list.tokens.map((part) =>
            part.type === 'cbTerm' ? `<dt>${this.parser.parseInline(part.tokens)}</dt>\n` : `<dd>${this.parser.parse(part.tokens)}</dd>\n`,
          );
          return `<dl class="definitions">\n${items.join('')}</dl>\n`;
        }),
      },
      {
        name: 'cbFigure',
        renderer: typed('cbFigure', function (figure) {
          if (figure.decorative) return `<div class="figure figure-decorative">${renderFigureImage(figure)}</div>\n`;
          const caption = this.parser.parseInline(figure.image.tokens ?? []);
          return (
            // role="group": Chromium tags a <figure> as a Figure of its own, without alternate
            // text, around the picture's Figure (which has it) and the caption.
            `<figure class="figure" id="${figure.htmlId}" role="group">${pageAnchor(figure.htmlId)}` +
            `${renderFigureImage(figure)}<figcaption><span class="caption-label">${escapeHtml(t('figure'))} ${figure.number}</span> ${caption}</figcaption></figure>\n`
          );
        }),
      },
    ],
    renderer: {
      heading(heading: NumberedHeading) {
        const inner = this.parser.parseInline(heading.tokens);
        const id = heading.cbHtmlId ?? '';
        const number = heading.cbNumber ? `<span class="heading-number">${heading.cbNumber}</span> ` : '';
        return `<h${heading.depth} id="${id}">${id ? pageAnchor(id) : ''}${number}${inner}</h${heading.depth}>\n`;
      },
      image(token) {
        return renderImage(token);
      },
      code(token) {
        return renderCodeBlock(token.text, token.lang, { output: t('code.output'), error: t('code.error') });
      },
      html(token) {
        return sanitizeHtml(token.text);
      },
      link(token) {
        // `[text](javascript:…)` and `<javascript:…>` are active content too: keep the text only.
        if (isScriptUrl(token.href)) return this.parser.parseInline(token.tokens);
        if (token.href.startsWith('#')) {
          checkInternalLink(token, parsed, locator, ctx);
          return false;
        }
        const inner = (): string => this.parser.parseInline(token.tokens);
        return renderChapterLink(token, inner, parsed, locator, ctx) ?? renderExternalLink(token, inner);
      },
      table(token) {
        return renderTable(token, (tokens) => this.parser.parseInline(tokens), t);
      },
    },
  });
  const html = groupHeadingsWithNextBlock(tokens)
    .map((group) => (group.length > 1 ? `<div class="keep-with-next">\n${marked.parser(group)}</div>\n` : marked.parser(group)))
    .join('');
  // marked-footnote's back-link arrow (↩) is missing from the book fonts; ↑ is in them.
  return html.replace(/(data-[\w-]*backref[^>]*>)↩/g, '$1↑');
}

/**
 * A marked extension's renderer for tokens of one type: marked hands every
 * extension a generic token, and the extension's name says which type it is.
 */
function typed<K extends TokenType>(type: K, render: (this: RendererThis, token: TokenOf<K>) => string): RendererExtensionFunction {
  return function (this: RendererThis, token) {
    if (token.type !== type) throw new Error(`the ${type} renderer was given a ${token.type} token`);
    return render.call(this, token as TokenOf<K>);
  };
}

/** SVG figures are inlined so their text uses the book's fonts; other images stay <img>. */
function renderFigureImage(figure: FigureToken): string {
  const image = figure.image as WithAttributes<Tokens.Image> & { cbFile?: string };
  const file = image.cbFile;
  if (file && /\.svg$/i.test(file)) {
    const svg = inlineSvg(file, altText(image), figure.htmlId || 'decorative', figure.decorative);
    const width = imageWidth(image);
    return width ? `<div class="figure-sized" style="width:${width}">${svg}</div>` : svg;
  }
  const img = renderImage(figure.image);
  // Hidden from the accessibility tree, Chromium leaves the picture untagged; the assembly makes it an artifact.
  return figure.decorative ? img.replace(/^<img /, '<img aria-hidden="true" ') : img;
}

/** Paragraphs up to this length are kept on the page of the heading before them. */
const SHORT_BLOCK_CHARS = 700;

/**
 * Chromium does not honour `break-after: avoid` when the block after a heading
 * cannot be split (a short paragraph under orphans/widows, a figure): the
 * heading is left alone at the foot of the page. Headings are therefore
 * grouped with such a block in an unbreakable wrapper (`.keep-with-next`).
 * Long paragraphs split by themselves, leaving at least `orphans` lines with
 * the heading, so they are not grouped (that would leave big gaps).
 */
export function groupHeadingsWithNextBlock(tokens: Token[]): Token[][] {
  const groups: Token[][] = [];
  let headings: Token[] = [];
  for (const token of tokens) {
    if (token.type === 'space') continue; // renders nothing
    if (token.type === 'heading') {
      headings.push(token);
      continue;
    }
    if (headings.length && isShortBlock(token)) groups.push([...headings, token]);
    else groups.push(...(headings.length ? [headings] : []), [token]);
    headings = [];
  }
  if (headings.length) groups.push(headings);
  return groups;
}

function isShortBlock(token: Token): boolean {
  if (token.type === 'cbFigure' || token.type === 'cbEquation') return true;
  // A short code block is unbreakable (code-blocks.ts): its heading must go with it.
  if (token.type === 'code') return (token as Tokens.Code).text.split('\n').length <= SHORT_CODE_LINES;
  return (token.type === 'paragraph' || token.type === 'list') && token.raw.length <= SHORT_BLOCK_CHARS;
}

function renderImage(image: Tokens.Image): string {
  const src = (image as Tokens.Image & { cbSrc?: string }).cbSrc;
  if (!src) return `<span class="image-missing">[${escapeHtml(image.text)}]</span>`;
  const width = imageWidth(image);
  return `<img src="${escapeHtml(src)}" alt="${escapeHtml(altText(image))}"${width ? ` style="width:${width}"` : ''}>`;
}

/** `{width=60%}` / `{width="8cm"}`: a CSS length, or nothing when it is not one (so no CSS can be injected). */
function imageWidth(image: WithAttributes<Tokens.Image>): string | null {
  const width = image.cbAttributes?.values['width']?.trim();
  if (!width) return null;
  const match = /^(\d+(?:\.\d+)?)(%|px|cm|mm|in|pt|em)?$/.exec(width);
  if (!match) return null;
  return `${match[1]}${match[2] ?? 'px'}`;
}

/** A span's HTML attributes: its id, the HTML classes of its span classes, its language and direction. */
function spanAttributes(attributes: Attributes): string {
  const classes = attributes.classes.map((c) => SPAN_CLASSES.get(c)?.htmlClass).filter((c): c is string => !!c);
  const parts = [
    attributes.id ? ` id="${escapeHtml(toHtmlId(attributes.id))}"` : '',
    classes.length ? ` class="${escapeHtml(classes.join(' '))}"` : '',
    // A plain <span> is left out of Chromium's structure tree, its lang with it (measured: no /Lang);
    // with a role it becomes a /NonStruct element that carries /Lang in the tagged PDF.
    attributes.values['lang'] ? ` lang="${escapeHtml(attributes.values['lang'])}" role="term"` : '',
    attributes.values['dir'] ? ` dir="${escapeHtml(attributes.values['dir'])}"` : '',
  ];
  return parts.join('');
}

function renderTable(table: CaptionedTable, inline: (tokens: Token[]) => string, t: Translate): string {
  const align = (i: number): string => (table.align[i] ? ` style="text-align:${table.align[i]}"` : '');
  const head = table.header.map((cell, i) => `<th${align(i)}>${inline(cell.tokens)}</th>`).join('');
  const rows = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${align(i)}>${inline(cell.tokens)}</td>`).join('')}</tr>`)
    .join('\n');
  const grid = `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
  if (!table.cbCaption || !table.cbHtmlId) return `<div class="table-wrap">${grid}</div>\n`;
  const caption = `<figcaption><span class="caption-label">${escapeHtml(t('table'))} ${table.cbNumber}</span> ${inline(table.cbCaption)}</figcaption>`;
  // role="group": a table is not a picture; as a bare <figure> Chromium would tag it Figure, without alternate text.
  return `<figure class="table" id="${table.cbHtmlId}" role="group">${pageAnchor(table.cbHtmlId)}${caption}${grid}</figure>\n`;
}

const CALLOUT_TITLES: Record<string, string> = {
  keypoint: 'callout.keypoint',
  trainer: 'callout.trainer',
  participant: 'callout.participant',
  answer: 'callout.answer',
};

function renderDiv(div: FencedDivToken, body: string, t: Translate, answered?: Set<string>): string {
  if (div.name === 'exercise') {
    const id = div.htmlId ?? '';
    const title = div.title ? ` — ${escapeHtml(div.title)}` : '';
    const answer = answered?.has(id) ? answerReference(id, t) : '';
    return (
      `<aside class="callout callout-exercise" id="${id}">` +
      `<p class="callout-title">${pageAnchor(id)}${escapeHtml(t('callout.exercise'))} ${div.number}${title}</p>\n${answer}${body}</aside>\n`
    );
  }
  const lang = div.attributes.values['lang'] ? ` lang="${escapeHtml(div.attributes.values['lang'])}"` : '';
  const id = div.htmlId ? ` id="${div.htmlId}"` : '';
  const anchor = div.htmlId ? pageAnchor(div.htmlId) : '';
  // `::: {lang=en}`: a plain container, no callout.
  // The page anchor goes inside the first line of text: alone in the block it would add an empty line.
  const intoFirstParagraph = (html: string): string =>
    /^\s*<p[\s>]/.test(html) ? html.replace(/^(\s*<p[^>]*>)/, `$1${anchor}`) : `${anchor}${html}`;
  if (div.name === PLAIN_DIV) return `<div${id}${lang}>\n${intoFirstParagraph(body)}</div>\n`;
  const titleKey = CALLOUT_TITLES[div.name];
  const title = div.title ? escapeHtml(div.title) : titleKey ? escapeHtml(t(titleKey)) : '';
  const heading = title ? `<p class="callout-title">${anchor}${title}</p>\n` : '';
  return `<aside class="callout callout-${escapeHtml(div.name)}" data-block="${escapeHtml(div.name)}"${id}${lang}>${heading}${title ? body : intoFirstParagraph(body)}</aside>\n`;
}
