/**
 * Parsed chapters remembered within one process (and, through
 * cache/parsed-chapters.ts, on disk for the next process). Two uses:
 *
 * - The editions of a language share a chapter's parse when they show the
 *   same blocks of it (a chapter without trainer or participant blocks reads
 *   the same in both editions): it is lexed, numbered and set once.
 * - A build that follows another (the `dev` server, a script calling build()
 *   again) parses only the chapters whose source changed.
 *
 * A parse depends on the chapter (text, front matter, file), its number,
 * book.yaml, which files exist under the course (a figure's image may appear
 * or go away), and on the edition only through which of the chapter's fenced
 * divs it shows (markdown/parse-chapter.ts blanks the others before lexing).
 * Its diagnostics are replayed on reuse.
 */
import { createHash } from 'node:crypto';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { flattenDivs, scanFencedDivs } from '../markdown/fenced-divs.ts';
import { divVisibility } from '../markdown/parse-chapter.ts';
import type { ParsedChapter } from '../markdown/types.ts';
import { memoizeByText, TEXT_MEMO_CHARS } from '../text-memo.ts';
import type { ParseEntry as Entry, ParsedChapterStore } from '../cache/parsed-chapters.ts';

/** About two editions of two languages of an 80-chapter course. */
const MAX_ENTRIES = 400;
const memo = new Map<string, Entry>();

export function memoizedParse(
  chapter: Chapter,
  number: number,
  context: { config: BookConfig; edition: EditionConfig; courseFiles: string; bag: DiagnosticBag; store?: ParsedChapterStore },
  parse: (bag: DiagnosticBag) => ParsedChapter,
): ParsedChapter {
  const shown = divNames(chapter).map(divVisibility(context.config, context.edition));
  const key = createHash('sha256')
    .update(configDigest(context.config))
    .update(chapterDigest(chapter))
    .update(JSON.stringify([number, shown]))
    .update(context.courseFiles)
    .digest('hex');
  let entry = memo.get(key);
  if (entry) {
    memo.delete(key); // re-inserted below: the map's order is least recently used first
  } else {
    entry = context.store?.get(key, chapter) ?? undefined;
    if (!entry) {
      const own = new DiagnosticBag();
      entry = { parsed: parse(own), diagnostics: own.items };
    }
  }
  context.store?.keep(key, entry);
  memo.set(key, entry);
  if (memo.size > MAX_ENTRIES) {
    const [leastRecentlyUsed] = memo.keys();
    if (leastRecentlyUsed !== undefined) memo.delete(leastRecentlyUsed);
  }
  for (const diagnostic of entry.diagnostics) context.bag.add(diagnostic);
  return entry.parsed;
}

/** Forgets every remembered parse: for a process that builds once, once its editions are prepared. */
export function forgetParses(): void {
  memo.clear();
}

// Chapters and the configuration are read once per build and not changed after:
// each edition of the build hashes the same objects, so each is serialized and hashed once.
const chapterDigests = new WeakMap<Chapter, string>();
const configDigests = new WeakMap<BookConfig, string>();
const chapterDivNames = new WeakMap<Chapter, string[]>();

function chapterDigest(chapter: Chapter): string {
  let digest = chapterDigests.get(chapter);
  if (digest === undefined) chapterDigests.set(chapter, (digest = sha256(JSON.stringify(chapter))));
  return digest;
}

function configDigest(config: BookConfig): string {
  let digest = configDigests.get(config);
  if (digest === undefined) configDigests.set(config, (digest = sha256(JSON.stringify(config))));
  return digest;
}

/** The names of the chapter's fenced divs, nested ones included; problems are reported by the parse itself. */
function divNames(chapter: Chapter): string[] {
  let names = chapterDivNames.get(chapter);
  if (names === undefined) chapterDivNames.set(chapter, (names = divNamesOf(chapter.body)));
  return names;
}

/** A chapter read again by a later build is a new object with the same body: the names are remembered by body too. */
const divNamesOf = memoizeByText(
  (body: string) => flattenDivs(scanFencedDivs(body, 1, '', new DiagnosticBag())).map((div) => div.name),
  TEXT_MEMO_CHARS,
);

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
