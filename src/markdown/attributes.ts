/**
 * Pandoc attributes, `{#id .class key="value" key2='v' key3=bare}`, as written
 * after headings, images, links, bracketed spans and on fenced-div fences.
 * Parsed into one typed value so every construct reads them the same way.
 */

export interface Attributes {
  id: string | null;
  classes: string[];
  /** key → value, in the order written (a repeated key keeps its last value). */
  values: Record<string, string>;
}

const ITEM = /^(?:#([^\s{}#.]+)|\.([^\s{}#.=]+)|([A-Za-z_][\w:.-]*)=(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"'{}]+))|(-))(?=\s|$)/;

/**
 * Parses the inside of `{…}` (braces excluded). Null when it is not a
 * Pandoc attribute list (then the braces are ordinary text).
 */
export function parseAttributes(inner: string): Attributes | null {
  const attributes: Attributes = { id: null, classes: [], values: {} };
  let rest = inner.trim();
  if (rest === '') return null;
  while (rest !== '') {
    const match = ITEM.exec(rest);
    if (!match) return null;
    const [whole, id, cls, key, double, single, bare, dash] = match;
    if (id !== undefined) attributes.id = id;
    else if (cls !== undefined) attributes.classes.push(cls);
    else if (dash !== undefined)
      attributes.classes.push('unnumbered'); // Pandoc's shorthand on headings
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the pattern's last alternative is key=value: when id, class and dash are absent, key is set
    else attributes.values[key!] = unescape(double ?? single ?? bare ?? '');
    rest = rest.slice(whole.length).trimStart();
  }
  return attributes;
}

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** `{…}` at the very start of `text`: the attributes and how many characters they take. */
export function leadingAttributes(text: string): { attributes: Attributes; length: number } | null {
  if (!text.startsWith('{')) return null;
  const close = closingBrace(text);
  if (close < 0) return null;
  const attributes = parseAttributes(text.slice(1, close));
  return attributes ? { attributes, length: close + 1 } : null;
}

/** `{…}` at the end of `text` (after optional spaces): the text before it and the attributes. */
export function trailingAttributes(text: string): { text: string; attributes: Attributes } | null {
  const trimmed = text.trimEnd();
  if (!trimmed.endsWith('}')) return null;
  // Quoted values may hold braces: try each opening brace from the right until one parses.
  for (let open = trimmed.lastIndexOf('{'); open >= 0; open = trimmed.lastIndexOf('{', open - 1)) {
    if (closingBrace(trimmed.slice(open)) !== trimmed.length - open - 1) continue;
    const attributes = parseAttributes(trimmed.slice(open + 1, -1));
    if (attributes) return { text: trimmed.slice(0, open), attributes };
  }
  return null;
}

/** Index of the brace closing the one at index 0, skipping quoted values; -1 if none. */
function closingBrace(text: string): number {
  let quote: string | null = null;
  for (let i = 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\n') return -1;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
    else if (c === '{') return -1;
  }
  return -1;
}
