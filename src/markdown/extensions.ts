/**
 * marked extensions for coursebook's Markdown: fenced-div blocks and `[@kind:id]`
 * cross-references (tokenizers only; rendering lives in render-chapter.ts).
 */
import type { TokenizerExtension, Tokens } from 'marked';
import { codeFenceTracker, parseDivOpener } from './fenced-divs.ts';
import { trailingAttributes, type Attributes } from './attributes.ts';

export interface FencedDivToken extends Tokens.Generic {
  type: 'fencedDiv';
  raw: string;
  /** As written until the parse pass resolves aliases (see blocks.ts). */
  name: string;
  title: string;
  attributes: Attributes;
  tokens: Tokens.Generic[];
  /** Set by the parse pass: exercise number or answer's exercise. */
  number?: string;
  htmlId?: string;
}

export interface XrefToken extends Tokens.Generic {
  type: 'xref';
  raw: string;
  key: string;
}

export const fencedDivExtension: TokenizerExtension = {
  name: 'fencedDiv',
  level: 'block',
  start(src: string) {
    const match = /^:{3,}/m.exec(src);
    return match?.index;
  },
  tokenizer(src: string) {
    const firstEnd = src.indexOf('\n');
    if (firstEnd < 0) return undefined;
    const opener = parseDivOpener(src.slice(0, firstEnd));
    if (!opener) return undefined;
    // Find the matching closer, counting nested openers; ":::" lines in code blocks are code.
    let depth = 1;
    let offset = firstEnd + 1;
    const inCode = codeFenceTracker();
    while (offset < src.length) {
      const end = src.indexOf('\n', offset);
      const line = src.slice(offset, end < 0 ? src.length : end);
      const next = end < 0 ? src.length : end + 1;
      if (inCode(line)) {
        // a line of a fenced code block: neither an opener nor a closer
      } else if (/^:{3,}\s*$/.test(line)) {
        depth--;
        if (depth === 0) {
          const inner = src.slice(firstEnd + 1, offset);
          const token: FencedDivToken = { type: 'fencedDiv', raw: src.slice(0, next), ...opener, tokens: [] };
          this.lexer.blockTokens(inner, token.tokens);
          takeHeadingAsTitle(token);
          return token;
        }
      } else if (parseDivOpener(line)) {
        depth++;
      }
      offset = next;
    }
    return undefined; // unclosed: already reported by scanFencedDivs
  },
};

/**
 * A block without a title on its fence whose first line is a heading
 * (`## Challenge 1: …`, the Carpentries' way) takes that heading as its title:
 * it is the block's caption, not a section of the chapter.
 */
function takeHeadingAsTitle(div: FencedDivToken): void {
  if (div.title) return;
  const first = div.tokens.findIndex((t) => t.type !== 'space');
  const heading = div.tokens[first];
  if (!heading || heading.type !== 'heading') return;
  const text = (heading as Tokens.Heading).text;
  // The title is printed as plain text: attributes and inline markup are left out.
  div.title = (trailingAttributes(text)?.text ?? text).replace(/`|\*\*|__/g, '').trim();
  div.tokens.splice(first, 1);
}

export const xrefExtension: TokenizerExtension = {
  name: 'xref',
  level: 'inline',
  start(src: string) {
    const index = src.indexOf('[@');
    return index < 0 ? undefined : index;
  },
  tokenizer(src: string) {
    const match = /^\[@((?:fig|tbl|sec|ch|ex|eq):[A-Za-z0-9_.:-]+)\]/.exec(src);
    if (!match) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
    const token: XrefToken = { type: 'xref', raw: match[0], key: match[1]! };
    return token;
  },
};
