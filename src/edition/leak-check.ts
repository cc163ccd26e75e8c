/**
 * The leak guard reads each printed part back as the merge parses it
 * (report/pdf-text.ts) and looks for the text of blocks and chapters excluded
 * from the edition. A part's text is cached under its PDF's digest, so an
 * incremental build reads only what it printed.
 */
import type { PDFDocument } from 'pdf-lib';
import type { PreparedEdition } from './prepare-edition.ts';
import type { OutputContext } from './build-outputs.ts';
import { findLeaks, letters, probesFor } from '../report/leak-guard.ts';
import { pdfText } from '../report/pdf-text.ts';
import { sha256 } from '../report/manifest.ts';

export class LeakGuard {
  private readonly probes;
  private readonly texts: string[] = [];

  constructor(
    private readonly prepared: PreparedEdition,
    private readonly ctx: OutputContext,
  ) {
    this.probes = probesFor(prepared.hidden);
  }

  get active(): boolean {
    return this.probes.length > 0;
  }

  async read(doc: PDFDocument, printed: Promise<Uint8Array>, index: number): Promise<void> {
    const name = `${sha256(await printed)}.letters`;
    let text = this.ctx.printer.cache.getDerived(name);
    if (text === null) {
      text = letters(await pdfText(doc));
      this.ctx.printer.cache.putDerived(name, text);
    }
    this.texts[index] = text;
  }

  /** Reports every leak as an error; returns how many there were. */
  check(): number {
    if (!this.active) return 0;
    const leaks = findLeaks(this.texts.join('\n'), this.probes, `${this.prepared.lang}/${this.prepared.edition.name}`);
    for (const leak of leaks) this.ctx.bag.add(leak);
    return leaks.length;
  }
}
