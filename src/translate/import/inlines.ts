/**
 * Inline repairs after Word: ids taken off the end of headings and captions,
 * cross-references kept literal, footnotes without Word's leading reference mark.
 */
import { ID_MARKER, STYLE, XREF } from '../docx-layout.ts';
import { inlineText, type Block, type Inline } from '../pandoc/ast.ts';

/** Markdown written as is by pandoc's Markdown writer. */
export const raw = (text: string): Inline => ({ t: 'RawInline', c: ['markdown', text] });

export const isBlank = (inline: Inline): boolean =>
  inline.t === 'Space' || inline.t === 'SoftBreak' || (inline.t === 'Str' && inline.c.trim() === '');

/** Takes a trailing `{#id}` (cb-id span or plain text) off a heading or caption. */
export function takeId(inlines: Inline[]): { id: string; rest: Inline[] } {
  const rest = [...inlines];
  dropTrailingBlanks(rest);
  const last = rest.at(-1);
  let text: string | null = null;
  if (last?.t === 'Span' && last.c[0][1][0] === STYLE.id) text = inlineText(last.c[1]).trim();
  else if (last?.t === 'Str') text = last.c;
  else if (last?.t === 'RawInline') text = last.c[1].trim();
  const match = text === null ? null : ID_MARKER.exec(text);
  if (!match) return { id: '', rest: inlines };
  rest.pop();
  dropTrailingBlanks(rest);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  return { id: match[1]!, rest };
}

function dropTrailingBlanks(inlines: Inline[]): void {
  for (let last = inlines.at(-1); last !== undefined && isBlank(last); last = inlines.at(-1)) inlines.pop();
}

/** cb-id spans not at the end of a heading or caption are kept as text. */
export function finishInlines(inlines: Inline[]): Inline[] {
  return inlines.flatMap((inline): Inline | Inline[] =>
    inline.t === 'Span' && inline.c[0][1][0] === STYLE.id ? raw(inlineText(inline.c[1])) : inline,
  );
}

/** A caption's paragraphs as one line of inlines. */
export function captionInlines(blocks: Block[]): Inline[] {
  const out: Inline[] = [];
  for (const block of blocks) {
    if (block.t === 'Plain' || block.t === 'Para') {
      if (out.length > 0) out.push({ t: 'Space' });
      out.push(...block.c);
    } else if (block.t === 'Div') {
      out.push(...captionInlines(block.c[1]));
    }
  }
  return out;
}

/** `[@fig:x]` in text (its style lost) must not come out escaped as `\[@fig:x\]`. */
export function protectXrefs(text: string): Inline | Inline[] {
  const pattern = new RegExp(XREF.source, 'g');
  if (!pattern.test(text)) return { t: 'Str', c: text };
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(new RegExp(XREF.source, 'g'))) {
    if (match.index > last) out.push({ t: 'Str', c: text.slice(last, match.index) });
    out.push(raw(match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ t: 'Str', c: text.slice(last) });
  return out;
}

/** Word starts a footnote with its (now empty) reference mark and a space. */
export function trimNoteStart(blocks: Block[]): Block[] {
  const first = blocks[0];
  if (!first || (first.t !== 'Para' && first.t !== 'Plain')) return blocks;
  let start = 0;
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
  while (start < first.c.length && isBlank(first.c[start]!)) start++;
  return start === 0 ? blocks : [{ t: first.t, c: first.c.slice(start) }, ...blocks.slice(1)];
}
