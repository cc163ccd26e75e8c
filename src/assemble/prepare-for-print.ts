/**
 * What a print target asks of an assembled PDF, applied in one place for
 * interiors and covers: colours converted (gray books, CMYK output intents)
 * and, for PDF/X, the output intent. The XMP identification that completes
 * PDF/X is written with the rest of the metadata.
 */
import type { PDFDocument } from 'pdf-lib';
import type { OutputIntentKind, PrintColor, PrintStandard } from '../config/print-targets.ts';
import type { ColorReport } from './color/convert-document.ts';
import { importInTurn } from '../import-in-turn.ts';
import { flushRememberingDeflates } from './flush-memo.ts';

export interface PrintAssembly {
  color: PrintColor;
  standard: PrintStandard | null;
  outputIntent: OutputIntentKind | null;
}

export async function prepareForPrint(doc: PDFDocument, print: PrintAssembly): Promise<ColorReport | null> {
  let report: ColorReport | null = null;
  // Pages embedded with embedPdf (running heads that furniture-forms.ts hands to pdf-lib) are only
  // written into the document when it is flushed: flush first (as savePdf does), so their content streams are there to convert.
  if (print.color === 'gray' || print.outputIntent === 'cmyk') await flushRememberingDeflates(doc);
  // Loaded only by a book that needs them: a build's main thread reads printAssembly() from this module before anything is printed.
  if (print.color === 'gray' || print.outputIntent === 'cmyk') {
    const { convertDocumentColors } = await importInTurn(() => import('./color/convert-document.ts'));
    report = await convertDocumentColors(doc, print.color === 'gray' ? 'gray' : 'cmyk');
  }
  if (print.standard !== null && print.outputIntent !== null) {
    const { writeOutputIntent } = await importInTurn(() => import('./output-intent.ts'));
    writeOutputIntent(doc, print.outputIntent);
  }
  return report;
}

/** The assembly settings of a config's print target (what changes the bytes). */
export function printAssembly(print: PrintAssembly): PrintAssembly {
  return { color: print.color, standard: print.standard, outputIntent: print.outputIntent };
}
