/**
 * Pandoc definition lists: a term on a line of its own, then one or more
 * definitions each starting with ":" (or "~") and a space, continued by
 * indented lines; a blank line may separate a term from its definitions.
 *
 *     Portfolio at risk
 *     :   Outstanding loans with a payment late by more than 30 days.
 */
import type { TokenizerExtension, Tokens } from 'marked';

/** The list holds its terms and definitions in order, as child tokens (so marked's walkTokens reaches them). */
export interface DefinitionListToken extends Tokens.Generic {
  type: 'cbDefinitionList';
  raw: string;
  tokens: (DefinitionTermToken | DefinitionToken)[];
}

export interface DefinitionTermToken extends Tokens.Generic {
  type: 'cbTerm';
  raw: string;
  /** Inline tokens. */
  tokens: Tokens.Generic[];
}

export interface DefinitionToken extends Tokens.Generic {
  type: 'cbDefinition';
  raw: string;
  /** Block tokens. */
  tokens: Tokens.Generic[];
}

const MARKER = /^ {0,3}[:~]([ \t]+)/;

/** Line `n` (0-based) of `src`, without splitting the rest. */
function lineAt(src: string, n: number): string {
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = src.indexOf('\n', start);
    if (end < 0) return '';
    start = end + 1;
  }
  const end = src.indexOf('\n', start);
  return src.slice(start, end < 0 ? undefined : end);
}

/** One term and its definitions at the start of `src`, or null. */
function readEntry(src: string): { term: string; definitions: string[]; length: number } | null {
  // Marked asks at every block of the chapter: reject from the first three lines
  // before splitting the rest of the chapter into lines.
  if (!MARKER.test(lineAt(src, 1)) && !(lineAt(src, 1).trim() === '' && MARKER.test(lineAt(src, 2)))) return null;
  const lines = src.split('\n');
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- split returns at least one line
  const term = lines[0]!;
  if (term.trim() === '' || /^\s/.test(term) || MARKER.test(term)) return null;
  let i = 1;
  if (lines[i]?.trim() === '' && MARKER.test(lines[i + 1] ?? '')) i++;
  if (!MARKER.test(lines[i] ?? '')) return null;
  const definitions: string[] = [];
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
  while (i < lines.length && MARKER.test(lines[i]!)) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the loop condition tested the same line against MARKER
    const marker = MARKER.exec(lines[i]!)!;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
    const body = [lines[i]!.slice(marker[0].length)];
    i++;
    // Continuation: indented lines, and blank lines followed by indented ones.
    while (i < lines.length) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
      const line = lines[i]!;
      if (/^( {4}|\t)/.test(line)) body.push(line.replace(/^( {1,4}|\t)/, ''));
      else if (line.trim() === '' && /^( {4}|\t)/.test(lines[i + 1] ?? '')) body.push('');
      // A lazy continuation of the definition's paragraph, unless it is the next term.
      else if (line.trim() !== '' && !MARKER.test(line) && body.at(-1) !== '' && !MARKER.test(lines[i + 1] ?? '')) body.push(line);
      else break;
      i++;
    }
    definitions.push(body.join('\n'));
    // A blank line between two definitions of the same term.
    if (lines[i]?.trim() === '' && MARKER.test(lines[i + 1] ?? '')) i++;
  }
  const length = lines.slice(0, i).join('\n').length + (i < lines.length ? 1 : 0);
  return { term, definitions, length };
}

export const definitionListExtension: TokenizerExtension = {
  name: 'cbDefinitionList',
  level: 'block',
  start(src: string) {
    // The (non-empty) line before the first definition marker. Found from the marker, not
    // from every line start: marked calls this with the rest of the chapter at every block.
    const marker = /\n\n?[ ]{0,3}[:~][ \t]/g;
    for (let match = marker.exec(src); match; match = marker.exec(src)) {
      const lineStart = src.lastIndexOf('\n', match.index - 1) + 1;
      if (match.index > lineStart) return lineStart;
    }
    return undefined;
  },
  tokenizer(src: string) {
    const token: DefinitionListToken = { type: 'cbDefinitionList', raw: '', tokens: [] };
    let offset = 0;
    for (;;) {
      const entry = readEntry(src.slice(offset));
      if (!entry) break;
      const term: DefinitionTermToken = { type: 'cbTerm', raw: entry.term, tokens: [] };
      this.lexer.inlineTokens(entry.term.trim(), term.tokens);
      token.tokens.push(term);
      for (const text of entry.definitions) {
        const definition: DefinitionToken = { type: 'cbDefinition', raw: text, tokens: [] };
        this.lexer.blockTokens(text, definition.tokens);
        token.tokens.push(definition);
      }
      offset += entry.length;
      // Blank lines between entries belong to the list when another entry follows.
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern matches every string (possibly empty), so exec never returns null
      const gap = /^\n*/.exec(src.slice(offset))![0].length;
      if (!readEntry(src.slice(offset + gap))) break;
      offset += gap;
    }
    if (token.tokens.length === 0) return undefined;
    token.raw = src.slice(0, offset);
    return token;
  },
};
