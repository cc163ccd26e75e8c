/**
 * TeX math, `$…$` inline and `$$…$$` display (Pandoc's rules: the opening `$`
 * has a non-space on its right, the closing one a non-space on its left and
 * no digit after it, so "$20 and $30" stays text). Typeset at build time by
 * temml into MathML, which Chromium lays out with the OpenType MATH table of
 * the math font shipped from npm (styles/constructs.css): no JavaScript in the
 * printed page. Each formula is wrapped as an image whose accessible name is
 * its TeX source, which Chromium writes as the /Alt of a /Figure in the
 * tagged PDF (a bare <math> is tagged /NonStruct, with no alternate text).
 */
import type { TokenizerExtension, Tokens } from 'marked';
import { createRequire } from 'node:module';
import type Temml from 'temml';
import { escapeHtml } from './sanitize-html.ts';

export interface MathToken extends Tokens.Generic {
  type: 'cbMath';
  raw: string;
  tex: string;
  display: boolean;
  /** Set by the parse pass: the typeset formula, or null after a TeX error (reported there). */
  html?: string;
}

/** A display formula alone in its paragraph, with an optional `{#eq:id}`: a numbered equation when it has an id. */
export interface EquationToken extends Tokens.Generic {
  type: 'cbEquation';
  raw: string;
  math: MathToken;
  htmlId?: string;
  number?: string;
}

/** Index of the `$` closing inline math opened at 0, or -1. */
function inlineClose(src: string): number {
  if (!/^\$[^\s$]/.test(src)) return -1;
  for (let i = 2; i < src.length; i++) {
    const c = src.charAt(i);
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '\n' && src[i + 1] === '\n') return -1;
    if (c === '$' && !/\s/.test(src.charAt(i - 1)) && !/\d/.test(src[i + 1] ?? '')) return i;
  }
  return -1;
}

export const mathExtension: TokenizerExtension = {
  name: 'cbMath',
  level: 'inline',
  start(src: string) {
    const index = src.indexOf('$');
    return index < 0 ? undefined : index;
  },
  tokenizer(src: string) {
    if (src.startsWith('$$')) {
      const end = src.indexOf('$$', 2);
      if (end < 0 || src.slice(2, end).trim() === '' || /\n[ \t]*\n/.test(src.slice(2, end))) return undefined;
      const token: MathToken = { type: 'cbMath', raw: src.slice(0, end + 2), tex: src.slice(2, end).trim(), display: true };
      return token;
    }
    const close = inlineClose(src);
    if (close < 0) return undefined;
    const token: MathToken = { type: 'cbMath', raw: src.slice(0, close + 1), tex: src.slice(1, close), display: false };
    return token;
  },
};

/** Bounds for what a formula may expand to: a hostile macro cannot make the build hang. */
const MAX_EXPAND = 1000;
/** Largest a rule or space may be, in em (a page is about 40 em wide). */
const MAX_SIZE: [number, number] = [40, 40];

const load = createRequire(import.meta.url);
let temml: typeof Temml | null = null;

/** Typesets one formula; the error message of temml when the TeX is wrong. */
export function typeset(tex: string, display: boolean): { html: string } | { error: string } {
  // Loaded at the first formula: a course without math never loads it.
  const typesetter = (temml ??= load('temml') as typeof Temml);
  try {
    const mathml = typesetter.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      trust: false,
      maxExpand: MAX_EXPAND,
      maxSize: MAX_SIZE,
      strict: false,
    });
    const label = escapeHtml(tex.replace(/\s+/g, ' '));
    const tag = display ? 'div' : 'span';
    return { html: `<${tag} class="math${display ? ' math-display' : ''}" role="img" aria-label="${label}">${mathml}</${tag}>` };
  } catch (error) {
    // temml underlines the offending TeX with U+0332 on a line of its own, which a terminal shows as noise.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\u0332/g, '').replace(/\s+/g, ' ');
    return { error: message.trim() };
  }
}

/** What prints in place of a formula with a TeX error (the build fails anyway). */
export function mathErrorHtml(token: MathToken): string {
  return `<code class="math-error">${escapeHtml(token.raw)}</code>`;
}
