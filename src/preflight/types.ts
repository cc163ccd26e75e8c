/** What preflight finds: each violation with its page (1-based; none for the whole file) and a hint. */
import type { PrintColor, PrintTargetName } from '../config/print-targets.ts';

export interface Violation {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  page?: number;
  hint: string;
}

export interface PreflightOptions {
  target: PrintTargetName;
  color: PrintColor;
  /**
   * An interior (page count, parity, trim), a cover spread (one page: back,
   * spine, front), or handouts (printed by the trainer, not the printer: held
   * to the office target's rules whatever the book's); guessed when not given.
   */
  kind?: 'interior' | 'cover' | 'handouts';
  /**
   * Also check the PDF/UA structure (report/structure-check.ts). `coursebook
   * preflight` does; the build does not repeat it on what it has just made
   * (its end-to-end tests do), since a picture without alt text is a warning there.
   */
  structure?: boolean;
}
