/**
 * The leak guard reads each printed part back as the merge parses it
 * (report/pdf-text.ts) and looks for the text of blocks and chapters excluded
 * from the edition. A part's text is cached under the part's print-cache key, so an
 * incremental build reads only what it printed.
 */
import { setImmediate as letOtherWorkRun } from 'node:timers/promises';
import type { PDFDocument } from 'pdf-lib';
import type { PreparedEdition } from '../../edition/prepare-edition.ts';
import type { OutputContext } from '../../edition/build-outputs.ts';
import { chooseProbes, ProbeSearch, letters, type Probe } from './probes.ts';
import { pdfText, PDF_TEXT_READER_VERSION } from '../pdf-text.ts';

export class LeakGuard {
  private readonly search;

  private constructor(
    private readonly prepared: PreparedEdition,
    private readonly ctx: OutputContext,
    private readonly probes: Probe[],
  ) {
    this.search = new ProbeSearch(this.probes);
  }

  /** The guard of an edition: probes for the words its hidden blocks have and nothing it shows has. */
  static async create(prepared: PreparedEdition, ctx: OutputContext): Promise<LeakGuard> {
    const shown = letters(prepared.text.shown);
    await letOtherWorkRun();
    return new LeakGuard(prepared, ctx, await chooseProbes(prepared.text.hidden, shown, () => letOtherWorkRun()));
  }

  get active(): boolean {
    return this.probes.length > 0;
  }

  /** Reads the text of part `index` of the edition, as parsed by the merge. */
  async read(doc: PDFDocument, index: number): Promise<void> {
    // The part's print-cache key names the PDF as well as a digest of its bytes
    // would (the print is a function of it), without hashing megabytes again.
    const printKey = this.ctx.printer.cache.key(this.prepared.parts[index]!.html, { tagged: true });
    const name = `${printKey}.letters-${PDF_TEXT_READER_VERSION}`;
    let text = this.ctx.printer.cache.getDerived(name);
    if (text === null) {
      const raw = await pdfText(doc);
      await letOtherWorkRun(); // two stretches of synchronous work: the printer gets a turn between them
      text = letters(raw);
      this.ctx.printer.cache.putDerived(name, text);
    }
    // Each part is searched as it is read: no search of the whole book at the end.
    await letOtherWorkRun();
    this.search.search(text);
  }

  /** Reports every leak as an error; returns how many there were. */
  check(): number {
    if (!this.active) return 0;
    const leaks = this.search.leaks(`${this.prepared.lang}/${this.prepared.edition.name}`);
    for (const leak of leaks) this.ctx.bag.add(leak);
    return leaks.length;
  }
}
