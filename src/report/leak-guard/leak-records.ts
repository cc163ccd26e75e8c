/**
 * What the leak guard (edition-guard.ts) keeps in the build cache, and the
 * keys it keeps it under. Apart from the guard, which reads PDFs, so that
 * the main thread names these records without loading pdf-lib.
 */
import { createHash } from 'node:crypto';
import type { EditionText } from './edition-text.ts';
import { partLetters } from '../../cache/cache-entries.ts';

/** What report/pdf-text.ts reads, by version: a change in what it reads must not reuse texts cached before. */
export const PDF_TEXT_READER_VERSION = 2;

/**
 * A part's letters in the build cache, as this reader reads them. The part's
 * print key names the PDF as well as a digest of its bytes would (the print
 * is a function of it), without hashing megabytes again.
 */
export const PART_LETTERS = partLetters(PDF_TEXT_READER_VERSION);

/** Probes as the cache keeps them: the passage's index in the edition text's `hidden`, and the probe's letters. */
export type ProbeRecord = [passage: number, key: string][];

/**
 * What the probes chosen for an edition are a function of: its text (hidden
 * passages and what it shows) and the code that chooses them (`code`, a
 * digest of coursebook's code). Any edit of the text gives another key.
 */
export function editionTextKey(text: EditionText, code: string): string {
  return createHash('sha256')
    .update(`leak probes ${code}\n`)
    .update(JSON.stringify(text.hidden))
    .update('\n')
    .update(text.shown)
    .digest('hex');
}

/** What is known of a part from earlier builds: its letters, and the probes found in it with this probe set. */
export interface KnownPart {
  letters: string | null;
  hits: number[] | null;
}
