/**
 * The leak guard reads each printed part back as the merge parses it
 * (report/pdf-text.ts) and looks for the text of blocks and chapters excluded
 * from the edition. A part's letters are kept in the build cache under the
 * part's print key (`PART_LETTERS`), so an incremental build reads only what
 * it printed.
 */
import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { EditionText } from './edition-text.ts';
import { probesFor, ProbeSearch, letters, type Probe } from './probes.ts';
import { pdfText, PDF_TEXT_READER_VERSION } from '../pdf-text.ts';
import { partLetters } from '../../cache/cache-entries.ts';

/**
 * A part's letters in the build cache, as this reader reads them. The part's
 * print key names the PDF as well as a digest of its bytes would (the print
 * is a function of it), without hashing megabytes again.
 */
export const PART_LETTERS = partLetters(PDF_TEXT_READER_VERSION);

/**
 * Which probes each part held, by probe set and part (its print key, read by
 * this reader), for the builds of one process (`coursebook dev`, the
 * benchmark): after an edit, the parts printed before are not searched
 * again. Another probe set (an edited hidden block, or visible text that now
 * holds one of its runs) searches every part again.
 */
const partHits = new Map<string, number[]>();
const REMEMBERED_PARTS = 2000;

export class LeakGuard {
  private readonly search;
  /** What the probe set is (its probes and their passages), for `partHits`. */
  private readonly probeSet: string;

  private constructor(private readonly probes: Probe[]) {
    this.search = new ProbeSearch(this.probes);
    this.probeSet = createHash('sha256')
      .update(JSON.stringify(probes.map((p) => [p.key, p.passage.file, p.passage.line, p.passage.what])))
      .digest('hex');
  }

  /** The guard of an edition: probes for the words its hidden blocks have and nothing it shows has. */
  static of(text: EditionText): LeakGuard {
    return new LeakGuard(probesFor(text.hidden, letters(text.shown)));
  }

  get active(): boolean {
    return this.probes.length > 0;
  }

  /**
   * Searches one part: its letters as read by an earlier build (`known`), or
   * read now from the parsed document — then returned, to be kept.
   */
  async read(doc: PDFDocument, known: string | null, partKey: string | null = null): Promise<string | null> {
    const memoKey = partKey === null ? null : `${this.probeSet} ${PART_LETTERS.suffix} ${partKey}`;
    const hits = known === null || memoKey === null ? undefined : partHits.get(memoKey);
    if (hits) {
      this.search.addFound(hits.map((index) => this.probes[index] as Probe));
      return null;
    }
    const text = known ?? letters(await pdfText(doc));
    // Each part is searched as it is read: no search of the whole book at the end.
    const found = this.search.search(text);
    if (memoKey !== null) {
      if (partHits.size >= REMEMBERED_PARTS) partHits.clear();
      partHits.set(
        memoKey,
        [...found].map((probe) => this.probes.indexOf(probe)),
      );
    }
    return known === null ? text : null;
  }

  /** Every leak found, as an error on the hidden block's source line. */
  leaks(output: string): Diagnostic[] {
    return this.active ? this.search.leaks(output) : [];
  }
}
