/**
 * A chapter's visible Markdown to marked tokens, with the `{…}` attributes that
 * follow headings, images, links and display formulas taken off their text and
 * kept on the tokens, where the numbering pass reads them.
 */
import type { Marked, Token } from 'marked';
import { trailingAttributes } from './attributes.ts';
import { isToken, type NumberedHeading } from './chapter-tokens.ts';
import { createChapterMarked } from './marked-instance.ts';
import { attachTrailingAttributes } from './trailing-attributes.ts';

export interface LexedChapter {
  /** The chapter's own marked instance: later passes walk and lex with its extensions. */
  marked: Marked;
  tokens: Token[];
}

export function lexChapter(source: string, chapterNumber: number): LexedChapter {
  const marked = createChapterMarked(chapterNumber);
  const tokens = marked.lexer(source);
  // The walkers are synchronous: walkTokens returns their values, no promise to wait for.
  void marked.walkTokens(tokens, marked.defaults.walkTokens ?? (() => undefined));
  void marked.walkTokens(tokens, (token) => {
    if (isToken(token, 'heading')) splitHeadingAttributes(token, marked);
    if (isToken(token, 'table')) for (const cell of [...token.header, ...token.rows.flat()]) attachTrailingAttributes(cell.tokens);
    if (hasChildTokens(token)) attachTrailingAttributes(token.tokens);
  });
  return { marked, tokens };
}

function hasChildTokens(token: Token): token is Token & { tokens: Token[] } {
  return 'tokens' in token && Array.isArray(token.tokens);
}

/** `## Title {#sec:id .unnumbered}`: the attributes are taken off the title and kept on the token. */
function splitHeadingAttributes(heading: NumberedHeading, marked: Marked): void {
  const split = trailingAttributes(heading.text);
  if (!split) return;
  heading.cbAttributes = split.attributes;
  heading.text = split.text.trimEnd();
  heading.tokens = marked.Lexer.lexInline(heading.text, marked.defaults);
}
