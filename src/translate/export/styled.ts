/** Pandoc AST pieces that carry a Word style (pandoc's `custom-style` attribute). */
import type { Attr, Block, Inline } from '../pandoc/ast.ts';

const styleAttr = (style: string): Attr => ['', [], [['custom-style', style]]];

/** A paragraph in a Word paragraph style. */
export const styledPara = (style: string, inlines: Inline[]): Block => ({
  t: 'Div',
  c: [styleAttr(style), [{ t: 'Para', c: inlines }]],
});

/** Text in a Word character style. */
export const styledSpan = (style: string, text: string): Inline => ({ t: 'Span', c: [styleAttr(style), textInlines(text)] });

/** Text as inlines, line breaks kept. */
export function textInlines(text: string): Inline[] {
  const out: Inline[] = [];
  text.split('\n').forEach((line, i) => {
    if (i > 0) out.push({ t: 'LineBreak' });
    if (line !== '') out.push({ t: 'Str', c: line });
  });
  return out;
}
