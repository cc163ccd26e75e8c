/**
 * Attributes written right after an image or a link (`![Caption](a.png){#fig:a alt="…" width=60%}`,
 * `[site](https://…){.external}`): marked lexes them as the text that follows,
 * possibly split around escapes. They are taken out of that text and attached
 * to the image or link token, which keeps its attributes in `cbAttributes`.
 */
import type { Token } from 'marked';
import { leadingAttributes, type Attributes } from './attributes.ts';

export type WithAttributes<T> = T & { cbAttributes?: Attributes };

/** Longest run of source text searched for the closing brace. */
const MAX_ATTRIBUTE_LENGTH = 2000;

/** Attaches trailing attributes in one list of inline tokens (not recursive). */
export function attachTrailingAttributes(tokens: Token[]): void {
  for (let i = 0; i < tokens.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
    const token = tokens[i]!;
    const takesAttributes =
      token.type === 'image' || token.type === 'link' || (token.type === 'cbMath' && (token as { display?: boolean }).display);
    if (!takesAttributes) continue;
    const next = tokens[i + 1];
    // pandoc-crossref writes a space between an equation and its label: `$$…$$ {#eq:id}`.
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern matches every string (possibly empty), so exec never returns null
    const gap = token.type === 'cbMath' ? /^[ \t]*/.exec(next?.raw ?? '')![0].length : 0;
    if (!next || next.raw[gap] !== '{') continue;
    let written = '';
    for (let j = i + 1; j < tokens.length && written.length < MAX_ATTRIBUTE_LENGTH; j++) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- j stops at the last token the attributes span, found just above
      written += j === i + 1 ? tokens[j]!.raw.slice(gap) : tokens[j]!.raw;
      const found = leadingAttributes(written);
      if (!found) continue;
      const rest = written.slice(found.length);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- j stops at the last token the attributes span, found just above
      const last = tokens[j]!;
      // The closing brace must end in plain text, so the rest is plain text too.
      if (rest !== '' && last.type !== 'text') break;
      (token as WithAttributes<Token>).cbAttributes = found.attributes;
      const replacement: Token[] = rest === '' ? [] : [{ type: 'text', raw: rest, text: rest }];
      tokens.splice(i + 1, j - i, ...replacement);
      break;
    }
  }
}
