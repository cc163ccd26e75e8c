/**
 * A pure function of a long text, remembered for the texts it was last
 * given. A build prepares every chapter again, and `coursebook dev` or a
 * script calling build() again gives the same chapter texts and HTML as the
 * build before, but as new strings: a lookup hashes the text once, where the
 * function runs regular expressions over it several times.
 *
 * Texts are remembered by their SHA-1, not kept: keeping them (and the V8
 * strings they hold on to) cost a one-shot build of all outputs about 95 MB
 * of peak memory for nothing, as a one-shot build never asks twice. So the
 * values should be small too (a count, a list of names, the few characters
 * a function adds to its text: see render-book.ts). How many texts are
 * remembered is bounded by their total length, least recently used dropped
 * first.
 */
import { hash } from 'node:crypto';

/**
 * The default budget of a memo, in UTF-16 units of the texts remembered: the
 * HTML of the 24 parts of a 40-chapter edition is about 3.3 million, so two
 * editions of the course being edited stay.
 */
export const TEXT_MEMO_CHARS = 8_000_000;

/** Every memo's way to forget what it remembers (forgetTextMemos). */
const forgetters: (() => void)[] = [];

/** Forgets what every text memo of the process remembers: for a process that builds once, once its editions are prepared. */
export function forgetTextMemos(): void {
  for (const forget of forgetters) forget();
}

let remembering = true;

/**
 * Turns the memos off for a process that builds once (`coursebook build`):
 * it never gives a text twice, so remembering would only hash every text
 * (about 10 MB for one edition of a 40-chapter course, 0.04–0.09 s).
 */
export function rememberTexts(on: boolean): void {
  remembering = on;
}

export function memoizeByText<T>(compute: (text: string) => T, maxChars: number): (text: string) => T {
  const known = new Map<string, { value: T; chars: number }>();
  let chars = 0;
  forgetters.push(() => {
    known.clear();
    chars = 0;
  });
  return (text: string): T => {
    if (!remembering || text.length > maxChars) return compute(text);
    const digest = hash('sha1', text, 'base64');
    const remembered = known.get(digest);
    if (remembered) {
      known.delete(digest); // re-inserted below: the map's order is least recently used first
      known.set(digest, remembered);
      return remembered.value;
    }
    const value = compute(text);
    known.set(digest, { value, chars: text.length });
    chars += text.length;
    for (const [oldDigest, old] of known) {
      if (chars <= maxChars) break;
      known.delete(oldDigest);
      chars -= old.chars;
    }
    return value;
  };
}
