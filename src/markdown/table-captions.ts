/**
 * `Table: …` caption lines. GitHub tables swallow a non-blank line after the
 * last row as another row, so caption lines are taken out of the source
 * (blanked, keeping line numbers) before lexing and matched back to their table
 * by line afterwards.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.ts';
import { codeFenceTracker } from './fenced-divs.ts';

export interface Caption {
  line: number;
  text: string;
}

export class TableCaptions {
  private constructor(private readonly unclaimed: Caption[]) {}

  /** The source with its caption lines blanked, and the captions found. */
  static extract(body: string, firstLine: number): { text: string; captions: TableCaptions } {
    const captions: Caption[] = [];
    const inCode = codeFenceTracker();
    const lines = body.split('\n').map((line, index) => {
      if (inCode(line)) return line;
      const match = /^Table:\s*(.+?)\s*$/.exec(line);
      if (!match) return line;
      captions.push({ line: firstLine + index, text: match[1] ?? '' });
      return '';
    });
    return { text: lines.join('\n'), captions: new TableCaptions(captions) };
  }

  /** The caption of the table on lines first..last: after the table, or (as Pandoc also allows) just before it. */
  claim(firstLine: number, lastLine: number): Caption | null {
    const caption =
      this.unclaimed.find((c) => c.line === lastLine + 1 || c.line === lastLine + 2) ??
      this.unclaimed.find((c) => c.line === firstLine - 1 || c.line === firstLine - 2);
    if (!caption) return null;
    this.unclaimed.splice(this.unclaimed.indexOf(caption), 1);
    return caption;
  }

  reportOrphans(bag: DiagnosticBag, file: string): void {
    for (const orphan of this.unclaimed) {
      bag.warn({
        code: 'markdown/orphan-caption',
        message: 'a "Table:" caption that does not follow a table',
        file,
        line: orphan.line,
        column: 1,
        hint: 'put the caption line directly under the last row of its table',
      });
    }
  }
}
