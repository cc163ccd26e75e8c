/**
 * Parsed chapters remembered within one process: a build that follows
 * another (the `dev` server, a script calling build() again) lexes, numbers
 * and sets the typography of only the chapters whose source changed. A
 * parse depends on the chapter (text, front matter, file), its number, the
 * edition, book.yaml, and which files exist under the course (a figure's
 * image may appear or go away); its diagnostics are replayed on reuse.
 */
import { createHash } from 'node:crypto';
import type { BookConfig, EditionConfig } from '../config/types.ts';
import type { Chapter } from '../content/types.ts';
import { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import type { ParsedChapter } from '../markdown/types.ts';

interface Entry {
  parsed: ParsedChapter;
  diagnostics: Diagnostic[];
}

/** About two editions of two languages of an 80-chapter course. */
const MAX_ENTRIES = 400;
const memo = new Map<string, Entry>();

export function memoizedParse(
  chapter: Chapter,
  number: number,
  context: { config: BookConfig; edition: EditionConfig; courseFiles: string; bag: DiagnosticBag },
  parse: (bag: DiagnosticBag) => ParsedChapter,
): ParsedChapter {
  const key = createHash('sha256')
    .update(JSON.stringify([chapter, number, context.edition, context.config]))
    .update(context.courseFiles)
    .digest('hex');
  let entry = memo.get(key);
  if (entry) {
    memo.delete(key); // re-inserted below: the map's order is least recently used first
  } else {
    const own = new DiagnosticBag();
    entry = { parsed: parse(own), diagnostics: own.items };
  }
  memo.set(key, entry);
  if (memo.size > MAX_ENTRIES) memo.delete(memo.keys().next().value!);
  for (const diagnostic of entry.diagnostics) context.bag.add(diagnostic);
  return entry.parsed;
}
