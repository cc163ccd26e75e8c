/**
 * The tokens the chapter parser reads and annotates, by their `type`. marked
 * types its tokens as a union that includes a generic `{ type: string }`, so a
 * check on `type` alone does not narrow: `isToken` is the one place where the
 * type name is trusted to say what the token holds.
 */
import type { Token, Tokens } from 'marked';
import type { Footnotes } from 'marked-footnote';
import type { Attributes } from './attributes.ts';
import type { DefinitionListToken } from './definition-lists.ts';
import type { FencedDivToken, XrefToken } from './extensions.ts';
import type { EquationToken, MathToken } from './math.ts';
import type { SpanToken } from './spans.ts';
import type { WithAttributes } from './trailing-attributes.ts';

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

interface TokensByType {
  blockquote: Tokens.Blockquote;
  cbDefinitionList: DefinitionListToken;
  cbEquation: EquationToken;
  cbFigure: FigureToken;
  cbMath: WithAttributes<MathToken>;
  cbSpan: SpanToken;
  fencedDiv: FencedDivToken;
  footnotes: Footnotes;
  heading: NumberedHeading;
  image: WithAttributes<Tokens.Image>;
  list: Tokens.List;
  paragraph: Tokens.Paragraph;
  table: CaptionedTable;
  text: Tokens.Text;
  xref: XrefToken;
}

export type TokenType = keyof TokensByType;
export type TokenOf<K extends TokenType> = TokensByType[K];

export function isToken<K extends TokenType>(token: Token | undefined, type: K): token is Token & TokenOf<K> {
  return token?.type === type;
}

/** A paragraph's inline tokens without the blank text between them. */
export function significantInlines(paragraph: Tokens.Paragraph): Token[] {
  return paragraph.tokens.filter((t) => !(isToken(t, 'text') && t.text.trim() === ''));
}
