/**
 * Pages of two versions of a book matched by what they say, not by their
 * position: an inserted page is one added page, and the pages after it are
 * matched with their old selves (renumbered, not changed). Keys are page
 * texts without the folio, so a page that only moved matches; a run of
 * removed pages facing a run of added ones at the same place are pairs of
 * changed pages.
 */
import { diffArrays } from 'diff';

export type PageMatch =
  | { kind: 'same'; old: number; new: number }
  | { kind: 'changed'; old: number; new: number }
  | { kind: 'added'; new: number }
  | { kind: 'removed'; old: number };

export function matchPages(oldKeys: string[], newKeys: string[]): PageMatch[] {
  const out: PageMatch[] = [];
  let o = 0;
  let n = 0;
  const parts = diffArrays(oldKeys, newKeys);
  for (let i = 0; i < parts.length; i++) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the index is below the length the loop condition checks
    const part = parts[i]!;
    const count = part.value.length;
    if (!part.added && !part.removed) {
      for (let k = 0; k < count; k++) out.push({ kind: 'same', old: o++, new: n++ });
      continue;
    }
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      // Removed then added at the same place: as many changed pairs as both have, the rest removed or added.
      const pairs = Math.min(count, next.value.length);
      for (let k = 0; k < pairs; k++) out.push({ kind: 'changed', old: o++, new: n++ });
      for (let k = pairs; k < count; k++) out.push({ kind: 'removed', old: o++ });
      for (let k = pairs; k < next.value.length; k++) out.push({ kind: 'added', new: n++ });
      i++;
      continue;
    }
    for (let k = 0; k < count; k++) out.push(part.added ? { kind: 'added', new: n++ } : { kind: 'removed', old: o++ });
  }
  return out;
}

/** A page's text as a matching key: the folio (a line holding only the page label) left out. */
export function pageKey(text: string, label: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== label)
    .join('\n')
    .replace(new RegExp(`\\s*${escapeRegExp(label)}$`), '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
