/**
 * Back-of-book index marks: `[microcrédit]{.index}` indexes the span's text,
 * `[prêts de groupe]{.index term="crédit!de groupe"}` an explicit entry (`!`
 * separates a sub-entry), `{.index see="…"}` adds a cross-reference. Each
 * mark prints an empty page anchor where it stands; the index (layout/render-index.ts)
 * is built from the anchors the edition's HTML actually holds, so a mark
 * inside a block hidden from an edition never reaches that edition's index.
 */
import type { SpanToken } from './spans.ts';
import { escapeHtml } from './sanitize-html.ts';
import { pageAnchorId } from './ids.ts';

export const INDEX_CLASS = 'index';

/** One index mark: where it is (its anchor) and which entry it belongs to. */
export interface IndexMark {
  /** HTML id of the mark's place (its page anchor is `pg--<anchorId>`). */
  anchorId: string;
  /** Heading, then sub-entry if any. */
  path: string[];
  /** Cross-reference ("see …"), if any. */
  see: string | null;
}

type IndexSpanToken = SpanToken & { cbIndex?: IndexMark };

/** Attribute of the anchor that carries the mark's entry, read back by the index builder. */
export const INDEX_DATA_ATTRIBUTE = 'data-cb-index';

/**
 * Reads an `.index` span's entry (called once per span when the chapter is
 * parsed) and gives it an id unique in the edition. Returns what is wrong, or null.
 */
export function markIndexSpan(token: SpanToken, plain: string, chapterNumber: number, ordinal: number): string | null {
  const span = token as IndexSpanToken;
  const values = span.attributes.values;
  if (!span.attributes.classes.includes(INDEX_CLASS)) {
    const stray = ['term', 'see'].find((k) => values[k] !== undefined);
    return stray ? `"${stray}=" is only allowed on an index mark ({.index ${stray}="…"})` : null;
  }
  const written = values['term'] ?? plain;
  const path = written.split('!').map((part) => part.replace(/\s+/g, ' ').trim());
  if (path.length > 2) return `index term "${written}" has more than one "!": only one level of sub-entry is supported`;
  if (path.some((part) => part === ''))
    return `index term "${written}" has an empty part: write [text]{.index} or term="heading!sub-entry"`;
  const see = values['see'] === undefined ? null : values['see'].trim();
  if (see === '') return 'see="" names no entry';
  span.cbIndex = { anchorId: `ix-c${chapterNumber}-${ordinal}`, path, see };
  return null;
}

const emitted = new WeakMap<object, Set<string>>();

/**
 * The empty anchor printed before an index mark. An answer is rendered twice
 * in an edition with an answer key (in place and in the key): its second
 * anchor gets an id of its own, and the index lists both pages.
 */
export function indexAnchor(token: SpanToken, renderContext: object): string {
  const mark = (token as IndexSpanToken).cbIndex;
  if (!mark) return '';
  let ids = emitted.get(renderContext);
  if (!ids) emitted.set(renderContext, (ids = new Set()));
  let id = mark.anchorId;
  for (let n = 2; ids.has(id); n++) id = `${mark.anchorId}-${n}`;
  ids.add(id);
  const data = escapeHtml(JSON.stringify({ path: mark.path, see: mark.see }));
  return `<span class="cb-anchor cb-index-mark" id="${pageAnchorId(id)}" ${INDEX_DATA_ATTRIBUTE}="${data}"></span>`;
}

/** Every index mark printed in some HTML, in order: its page anchor id and its entry. */
export function readIndexMarks(html: string): { anchor: string; path: string[]; see: string | null }[] {
  const pattern = new RegExp(`id="([^"]+)" ${INDEX_DATA_ATTRIBUTE}="([^"]*)"`, 'g');
  return [...html.matchAll(pattern)].map((m) => {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
    const entry = JSON.parse(unescapeHtml(m[2]!)) as { path: string[]; see: string | null };
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the group is not optional in the pattern, so a match has it
    return { anchor: m[1]!, ...entry };
  });
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
