/**
 * The leak guard reads each printed part back as the merge parses it
 * (report/pdf-text.ts) and looks for the text of blocks and chapters excluded
 * from the edition. What it computes is kept in the build cache
 * (cache-entries.ts), so that a later build — in this process or a new one —
 * reads and searches only what it printed:
 * - the probes chosen for the edition's text (`LEAK_PROBES`, under the text's
 *   digest): choosing them searches everything the edition shows;
 * - which probes each part held (`leakHits`, under the part's print key, for
 *   the probe set's `key`): a reused part is then not searched at all. An
 *   edit of visible text changes the text's digest, but seldom the probes
 *   chosen, so the hits of the parts it left alone still count;
 * - each part's letters (`PART_LETTERS`, under the part's print key), for
 *   another probe set to search.
 */
import { createHash } from 'node:crypto';
import type { PDFDocument } from 'pdf-lib';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';
import type { EditionText } from './edition-text.ts';
import { probesFor, ProbeSearch, letters, type Probe } from './probes.ts';
import { pdfText } from '../pdf-text.ts';
import { PDF_TEXT_READER_VERSION, type KnownPart, type ProbeRecord } from './leak-records.ts';

/** What reading a part found that the cache lacked: letters read from the document, probes found by a search. */
export interface PartReading {
  letters: string | null;
  hits: number[] | null;
}

export class LeakGuard {
  private readonly search;
  private readonly indexOf: Map<Probe, number>;
  /**
   * What the probe set is (its probes and their passages) and the reader that
   * reads parts: hits found with it are kept under it. Another probe set (an
   * edited hidden block, visible text that now holds one of its runs)
   * searches every part again.
   */
  readonly key: string;

  private constructor(
    private readonly text: EditionText,
    private readonly probes: Probe[],
    /** The probes were chosen now, not taken from a record: the cache lacks them. */
    readonly chosenNow: boolean,
  ) {
    this.search = new ProbeSearch(this.probes);
    this.indexOf = new Map(probes.map((probe, index) => [probe, index]));
    this.key = createHash('sha256')
      .update(`reader ${PDF_TEXT_READER_VERSION}\n`)
      .update(JSON.stringify(probes.map((p) => [p.key, p.passage.file, p.passage.line, p.passage.what])))
      .digest('hex');
  }

  /**
   * The guard of an edition: probes for the words its hidden blocks have and
   * nothing it shows has — those chosen for the same text by an earlier build
   * (`known`, when they fit the text), else chosen now.
   */
  static of(text: EditionText, known: ProbeRecord | null = null): LeakGuard {
    const remembered = known && probesFromRecord(text, known);
    return remembered ? new LeakGuard(text, remembered, false) : new LeakGuard(text, probesFor(text.hidden, letters(text.shown)), true);
  }

  get active(): boolean {
    return this.probes.length > 0;
  }

  /** The probes, as the cache keeps them. */
  get record(): ProbeRecord {
    return this.probes.map((probe) => [this.text.hidden.indexOf(probe.passage), probe.key]);
  }

  /**
   * Searches one part: counts the probes an earlier build found in it with
   * this probe set (`known.hits`), or searches its letters as read by an
   * earlier build (`known.letters`), or reads them now from the parsed
   * document. Returns what was not known, to be kept.
   */
  async read(doc: PDFDocument, known: KnownPart): Promise<PartReading> {
    const remembered = known.hits && this.probesAt(known.hits);
    if (remembered) {
      this.search.addFound(remembered);
      return { letters: null, hits: null };
    }
    const text = known.letters ?? letters(await pdfText(doc));
    // Each part is searched as it is read: no search of the whole book at the end.
    const found = this.search.search(text);
    return {
      letters: known.letters === null ? text : null,
      hits: [...found].map((probe) => this.indexOf.get(probe) as number).sort((a, b) => a - b),
    };
  }

  /** Every leak found, as an error on the hidden block's source line. */
  leaks(output: string): Diagnostic[] {
    return this.active ? this.search.leaks(output) : [];
  }

  /** The probes at these indices, or null when one is not a probe of this set (a record that does not fit). */
  private probesAt(indices: number[]): Probe[] | null {
    const probes: Probe[] = [];
    for (const index of indices) {
      const probe: Probe | undefined = this.probes[index];
      if (probe === undefined) return null;
      probes.push(probe);
    }
    return probes;
  }
}

/** The probes of a record, or null when it does not fit the text (then they are chosen again). */
function probesFromRecord(text: EditionText, record: ProbeRecord): Probe[] | null {
  if (!Array.isArray(record)) return null;
  const probes: Probe[] = [];
  for (const entry of record) {
    const passage = Array.isArray(entry) && typeof entry[1] === 'string' ? text.hidden[entry[0]] : undefined;
    if (!passage) return null;
    probes.push({ passage, key: entry[1] });
  }
  return probes;
}
