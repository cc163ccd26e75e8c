/**
 * The back-of-book index of one edition, built from the index marks its HTML
 * holds (markdown/index-terms.ts): entries sorted by the language's collation
 * (Intl.Collator), grouped by initial letter, sub-entries under their
 * heading. Page numbers are not known yet: each entry gets one empty,
 * fixed-width link (`a.cb-index-pages`, `cbix--N`) that assembly fills with
 * the entry's page labels, consecutive pages as ranges (assemble/index-pages.ts).
 */
import { readIndexMarks } from '../markdown/index-terms.ts';

export const INDEX_ID = 'book-index';
/** Prefix of the self-links where an entry's page numbers are stamped. */
export const INDEX_SLOT_PREFIX = 'cbix--';

export interface IndexEntryView {
  term: string;
  /** Id of the page-number slot; null for an entry with no page of its own (only sub-entries or "see"). */
  slotId: string | null;
  /** Marks of the entry: an upper bound of the page numbers its slot must hold. */
  marks: number;
  see: string | null;
  subEntries: IndexEntryView[];
}

export interface IndexGroupView {
  letter: string;
  entries: IndexEntryView[];
}

export interface BookIndex {
  htmlId: string;
  groups: IndexGroupView[];
  /** Slot id → the page anchors (`pg--…`) of the entry's marks, in document order. */
  slots: Map<string, string[]>;
}

interface Collected {
  term: string;
  anchors: string[];
  see: string | null;
  subEntries: Map<string, Collected>;
}

/**
 * Builds the index from the edition's HTML (chapters then answer key, in
 * print order). Entries differing only in case are one entry (a term at the
 * start of a sentence is the same term); the first spelling seen is printed.
 */
export function buildBookIndex(htmls: string[], lang: string, typography: (text: string) => string): BookIndex | null {
  const collator = new Intl.Collator(lang, { numeric: true });
  const fold = (text: string): string => text.toLocaleLowerCase(lang);
  const top = new Map<string, Collected>();
  const entry = (into: Map<string, Collected>, term: string): Collected => {
    let found = into.get(fold(term));
    if (!found) into.set(fold(term), (found = { term, anchors: [], see: null, subEntries: new Map() }));
    return found;
  };
  for (const html of htmls) {
    for (const mark of readIndexMarks(html)) {
      const [heading, sub] = mark.path.map(typography) as [string, string | undefined];
      const main = entry(top, heading);
      const target = sub === undefined ? main : entry(main.subEntries, sub);
      if (mark.see) target.see ??= typography(mark.see);
      else target.anchors.push(mark.anchor);
    }
  }
  if (top.size === 0) return null;
  const slots = new Map<string, string[]>();
  const view = (c: Collected): IndexEntryView => {
    let slotId: string | null = null;
    if (c.anchors.length) {
      slotId = `${INDEX_SLOT_PREFIX}${slots.size + 1}`;
      slots.set(slotId, c.anchors);
    }
    const subEntries = [...c.subEntries.values()].sort((a, b) => collator.compare(a.term, b.term)).map(view);
    return { term: c.term, slotId, marks: c.anchors.length, see: c.see, subEntries };
  };
  const groups: IndexGroupView[] = [];
  for (const c of [...top.values()].sort((a, b) => collator.compare(a.term, b.term))) {
    const letter = initialLetter(c.term, lang);
    let group = groups.at(-1);
    if (!group || collator.compare(group.letter, letter) !== 0) groups.push((group = { letter, entries: [] }));
    group.entries.push(view(c));
  }
  return { htmlId: INDEX_ID, groups, slots };
}

/**
 * The letter an entry is filed under: its first letter without accents, in
 * capitals ("é" → "E"); in Arabic, the hamza forms of alif under alif.
 * Entries starting with anything else (digits, symbols) are filed under it.
 */
export function initialLetter(term: string, lang: string): string {
  const first = [...term.normalize('NFD').replace(/\p{M}/gu, '')][0] ?? '';
  if (/[\u0622\u0623\u0625\u0671]/.test(first)) return '\u0627';
  return first.toLocaleUpperCase(lang);
}
