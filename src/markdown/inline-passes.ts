/**
 * Passes over a chapter's inline tokens that do not number anything: formulas
 * are typeset (TeX errors reported where they are written) and bracketed spans
 * checked, collected and, with an `{#id}`, made link targets.
 */
import type { Marked, Token } from 'marked';
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { ChapterTargets } from './chapter-targets.ts';
import { isToken } from './chapter-tokens.ts';
import { toHtmlId } from './ids.ts';
import { markIndexSpan } from './index-terms.ts';
import type { SourceLocator } from './locate.ts';
import { typeset } from './math.ts';
import { spanHint, spanProblem } from './spans.ts';
import { plainText } from './text-transform.ts';
import type { SpanUse } from './types.ts';

/** What the passes need to know about the chapter they walk. */
export interface InlinePassContext {
  marked: Marked;
  bag: DiagnosticBag;
  file: string;
  locator: SourceLocator;
  chapterNumber: number;
}

export function typesetFormulas(tokens: Token[], ctx: InlinePassContext): void {
  // The walkers are synchronous: walkTokens returns their values, no promise to wait for.
  void ctx.marked.walkTokens(tokens, (token) => {
    if (!isToken(token, 'cbMath')) return;
    const result = typeset(token.tex, token.display);
    if ('html' in result) {
      token.html = result.html;
      return;
    }
    ctx.bag.error({
      code: 'markdown/math',
      message: `TeX error in "${token.raw.length > 60 ? `${token.raw.slice(0, 57)}…` : token.raw}": ${result.error}`,
      file: ctx.file,
      ...ctx.locator.locate(token.raw),
      hint: 'fix the formula (coursebook typesets TeX with temml); a literal dollar sign is written \\$',
    });
  });
}

/** Every bracketed span, in document order; index marks are numbered by their position in that list. */
export function collectSpans(tokens: Token[], targets: ChapterTargets, ctx: InlinePassContext): SpanUse[] {
  const spans: SpanUse[] = [];
  const { bag, file, chapterNumber } = ctx;
  void ctx.marked.walkTokens(tokens, (token) => {
    if (!isToken(token, 'cbSpan')) return;
    const at = ctx.locator.locate(token.raw);
    const problem = spanProblem(token.attributes);
    if (problem) bag.error({ code: 'markdown/span-attribute', message: `${problem} in "${token.raw}"`, file, ...at, hint: spanHint() });
    const text = plainText(token.tokens);
    const indexProblem = problem ? null : markIndexSpan(token, text, chapterNumber, spans.length);
    if (indexProblem)
      bag.error({ code: 'markdown/index-mark', message: `${indexProblem} in "${token.raw}"`, file, ...at, hint: spanHint() });
    spans.push({ text, attributes: token.attributes, ...at });
    // `[function]{#function}`, as glossaries write their entries: a place links can point at.
    const id = token.attributes.id;
    if (id) targets.add({ key: id, htmlId: toHtmlId(id), kind: 'anchor', number: '', title: text, chapterNumber }, at);
  });
  return spans;
}
