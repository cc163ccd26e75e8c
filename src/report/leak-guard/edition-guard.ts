/**
 * The leak guard reads each printed part back as the merge parses it
 * (report/pdf-text.ts) and looks for the text of blocks and chapters excluded
 * from the edition. A part's letters are kept in the build cache under the
 * part's print key (`PART_LETTERS`), so an incremental build reads only what
 * it printed.
 */
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

export class LeakGuard {
  private readonly search;

  private constructor(private readonly probes: Probe[]) {
    this.search = new ProbeSearch(this.probes);
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
  async read(doc: PDFDocument, known: string | null): Promise<string | null> {
    const text = known ?? letters(await pdfText(doc));
    // Each part is searched as it is read: no search of the whole book at the end.
    this.search.search(text);
    return known === null ? text : null;
  }

  /** Every leak found, as an error on the hidden block's source line. */
  leaks(output: string): Diagnostic[] {
    return this.active ? this.search.leaks(output) : [];
  }
}
