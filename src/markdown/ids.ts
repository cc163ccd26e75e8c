/** Identifiers: authors write `fig:credit-cycle`; HTML and PDF destinations get `fig-credit-cycle`. */

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export function toHtmlId(key: string): string {
  return key.replace(/[^A-Za-z0-9_-]+/g, '-');
}

/** Prefix of the empty anchors whose page a "page N" slot prints (filled by fillPageSlots, assemble/assemble-interior.ts). */
export const PAGE_ANCHOR_PREFIX = 'pg--';

export function pageAnchorId(htmlId: string): string {
  return PAGE_ANCHOR_PREFIX + htmlId;
}

/** An explicit `{#id}` at the end of a heading or caption. */
const ATTRIBUTE_ID = /\s*\{#([A-Za-z][\w:.-]*)\}\s*$/;

export function splitExplicitId(text: string): { text: string; id: string | null } {
  const match = ATTRIBUTE_ID.exec(text);
  if (!match) return { text, id: null };
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
  return { text: text.slice(0, match.index), id: match[1]! };
}
