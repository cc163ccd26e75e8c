/**
 * Bracketed spans, `[text]{.class}` and `[text]{lang=en}`: Pandoc's inline
 * container. A span is a typed token (SpanToken) that later stages can hook
 * into by class: each class coursebook gives meaning to is declared in
 * SPAN_CLASSES with the HTML it prints, and every span of a chapter is listed
 * in ParsedChapter.spans with its place in the source (e.g. for an index of
 * `[term]{.index}` spans).
 */
import type { TokenizerExtension, Tokens } from 'marked';
import { leadingAttributes, type Attributes } from './attributes.ts';

export interface SpanToken extends Tokens.Generic {
  type: 'cbSpan';
  raw: string;
  /** The bracketed text as written. */
  text: string;
  tokens: Tokens.Generic[];
  attributes: Attributes;
}

/** What a span class does in print: the HTML class it adds (null: none, the span only marks the text). */
export interface SpanClass {
  htmlClass: string | null;
  /** Attributes (`key=value`) the class allows besides lang and dir. */
  keys?: readonly string[];
}

/**
 * Classes a span may carry. Anything else is an error with file:line, since
 * coursebook would silently print the text without the meaning the author
 * gave it. Another module adds its class here (`SPAN_CLASSES.set('index', …)`)
 * and reads ParsedChapter.spans.
 */
export const SPAN_CLASSES = new Map<string, SpanClass>([
  ['smallcaps', { htmlClass: 'smallcaps' }],
  ['underline', { htmlClass: 'underline' }],
  ['mark', { htmlClass: 'mark' }],
  // A back-of-book index mark (markdown/index-terms.ts): the text prints as is.
  ['index', { htmlClass: null, keys: ['term', 'see'] }],
]);

/** Attributes (`key=value`) a span may carry: its language and writing direction. */
export const SPAN_KEYS = ['lang', 'dir'] as const;

/** `[` … matching `]` at the start of `src`; index of the `]` or -1. Escaped and code brackets are skipped. */
function closingBracket(src: string): number {
  let depth = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === '\\') i++;
    else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

export const spanExtension: TokenizerExtension = {
  name: 'cbSpan',
  level: 'inline',
  start(src: string) {
    const match = /\[(?![@^])/.exec(src);
    return match?.index;
  },
  tokenizer(src: string) {
    if (!src.startsWith('[') || src.startsWith('[@') || src.startsWith('[^')) return undefined;
    const close = closingBracket(src);
    if (close < 0 || src[close + 1] !== '{') return undefined;
    const found = leadingAttributes(src.slice(close + 1));
    if (!found) return undefined;
    const text = src.slice(1, close);
    const token: SpanToken = {
      type: 'cbSpan',
      raw: src.slice(0, close + 1 + found.length),
      text,
      tokens: [],
      attributes: found.attributes,
    };
    this.lexer.inlineTokens(text, token.tokens);
    return token;
  },
};

/** What is wrong with a span's attributes, or null. */
export function spanProblem(attributes: Attributes): string | null {
  const unknownClass = attributes.classes.find((c) => !SPAN_CLASSES.has(c));
  if (unknownClass) return `unknown span class ".${unknownClass}"`;
  const allowed = [...SPAN_KEYS, ...attributes.classes.flatMap((c) => SPAN_CLASSES.get(c)?.keys ?? [])];
  const unknownKey = Object.keys(attributes.values).find((k) => !allowed.includes(k));
  if (unknownKey) return `unknown span attribute "${unknownKey}"`;
  const dir = attributes.values['dir'];
  if (dir !== undefined && !['ltr', 'rtl', 'auto'].includes(dir)) return `dir="${dir}" is not ltr, rtl or auto`;
  const lang = attributes.values['lang'];
  if (lang !== undefined && !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(lang)) return `lang="${lang}" is not a language code`;
  return null;
}

export function spanHint(): string {
  return `spans take ${[...SPAN_CLASSES.keys()].map((c) => `.${c}`).join(', ')}, an {#id}, lang=… and dir=…, e.g. [Kreditgenossenschaft]{lang=de}; index marks also take term=… and see=…, e.g. [prêts de groupe]{.index term="crédit!de groupe"}`;
}
