/**
 * marked extensions for coursebook's Markdown: fenced-div blocks and `[@kind:id]`
 * cross-references (tokenizers only; rendering lives in render-chapter.ts).
 */
import type { TokenizerExtension, Tokens } from 'marked';
import { codeFenceTracker } from './fenced-divs.ts';

export interface FencedDivToken extends Tokens.Generic {
  type: 'fencedDiv';
  raw: string;
  name: string;
  title: string;
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

const OPENER = /^:{3,}[ \t]*\{?\.?([A-Za-z][\w-]*)\}?[ \t]*([^\n]*)\n/;

export const fencedDivExtension: TokenizerExtension = {
  name: 'fencedDiv',
  level: 'block',
  start(src: string) {
    const match = /^:{3,}/m.exec(src);
    return match?.index;
  },
  tokenizer(src: string) {
    const open = OPENER.exec(src);
    if (!open) return undefined;
    // Find the matching closer, counting nested openers; ":::" lines in code blocks are code.
    let depth = 1;
    let offset = open[0].length;
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
          const inner = src.slice(open[0].length, offset);
          const token: FencedDivToken = {
            type: 'fencedDiv',
            raw: src.slice(0, next),
            name: open[1]!.toLowerCase(),
            title: (open[2] ?? '').trim(),
            tokens: [],
          };
          this.lexer.blockTokens(inner, token.tokens);
          return token;
        }
      } else if (/^:{3,}[ \t]*\{?\.?[A-Za-z]/.test(line)) {
        depth++;
      }
      offset = next;
    }
    return undefined; // unclosed: already reported by scanFencedDivs
  },
};

export const xrefExtension: TokenizerExtension = {
  name: 'xref',
  level: 'inline',
  start(src: string) {
    const index = src.indexOf('[@');
    return index < 0 ? undefined : index;
  },
  tokenizer(src: string) {
    const match = /^\[@((?:fig|tbl|sec|ch|ex):[A-Za-z0-9_.:-]+)\]/.exec(src);
    if (!match) return undefined;
    const token: XrefToken = { type: 'xref', raw: match[0], key: match[1]! };
    return token;
  },
};
