/**
 * Typography and hyphenation are applied to the text tokens of prose only:
 * code, raw HTML and URLs are never touched, and headings, captions and table
 * cells get typography but no hyphenation (they are not justified).
 */
import type { Token, Tokens } from 'marked';
import { applyTypography } from './typography.ts';
import { getHyphenator } from './hyphenate.ts';

export interface TextTransforms {
  typography: (text: string) => string;
  hyphenate: ((text: string) => string) | null;
}

export function textTransformsFor(lang: string, hyphenation = true): TextTransforms {
  const hyphenator = hyphenation ? getHyphenator(lang) : null;
  return {
    typography: rememberingResults((text) => applyTypography(text, lang)),
    hyphenate: hyphenator && rememberingResults(hyphenator),
  };
}

/** Results kept at most, per transform: far more than the text runs of a long course in one language. */
const REMEMBERED_RESULTS = 200_000;

/**
 * Every edition of a language is prepared from the same chapters, so nearly
 * every text run is transformed again, identically, for the second edition:
 * each distinct run is transformed once.
 */
function rememberingResults(transform: (text: string) => string): (text: string) => string {
  const results = new Map<string, string>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      if (results.size >= REMEMBERED_RESULTS) results.clear();
      results.set(text, (result = transform(text)));
    }
    return result;
  };
}

export type TextMode = 'prose' | 'heading';

export function transformInline(tokens: Token[], transforms: TextTransforms, mode: TextMode): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'text': {
        const text = token as Tokens.Text;
        if (text.tokens) {
          transformInline(text.tokens, transforms, mode);
          break;
        }
        let value = transforms.typography(text.text);
        if (mode === 'prose' && transforms.hyphenate) value = transforms.hyphenate(value);
        text.text = value;
        break;
      }
      case 'strong':
      case 'em':
      case 'del':
        transformInline((token as Tokens.Strong).tokens, transforms, mode);
        break;
      case 'cbSpan': {
        // A span in another language is not hyphenated by the patterns of the chapter's.
        const lang = (token as { attributes?: { values: Record<string, string> } }).attributes?.values['lang'];
        transformInline((token as Tokens.Strong).tokens, transforms, lang ? 'heading' : mode);
        break;
      }
      case 'link': {
        const link = token as Tokens.Link;
        // A link whose text is its own address is a URL: leave it exactly as written.
        if (link.text !== link.href) transformInline(link.tokens, transforms, mode);
        break;
      }
      default:
        break; // codespan, html, image, br, escape: untouched
    }
  }
}

/** The visible text of inline tokens, without soft hyphens. */
export function plainText(tokens: Token[]): string {
  return tokens
    .map((token) => {
      const nested = (token as { tokens?: Token[] }).tokens;
      if (nested && token.type !== 'image') return plainText(nested);
      if (token.type === 'image') return (token as Tokens.Image).text;
      if (token.type === 'html') return '';
      return (token as { text?: string }).text ?? '';
    })
    .join('')
    .replace(/\u00AD/g, '');
}
