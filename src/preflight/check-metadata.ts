/**
 * The PDF/X identification a printer's preflight looks for first: an XMP
 * metadata stream on the catalog naming the standard (pdfxid:GTS_PDFXVersion).
 */
import { PDFName, PDFStream, type PDFDocument } from 'pdf-lib';
import { decodeStream } from '../assemble/color/convert-document.ts';
import type { PrintTarget } from '../config/print-targets.ts';
import type { Violation } from './types.ts';

export function checkXmp(doc: PDFDocument, rules: PrintTarget): Violation[] {
  if (rules.standard === null) return [];
  const stream = doc.catalog.lookup(PDFName.of('Metadata'));
  const xmp = stream instanceof PDFStream ? Buffer.from(decodeStream(stream)).toString('utf8') : null;
  if (xmp === null) {
    return [
      {
        severity: 'error',
        code: 'preflight/xmp',
        message: 'no XMP metadata stream',
        hint: `${rules.standard} is identified by XMP metadata (pdfxid:GTS_PDFXVersion): build with print.target: ${rules.name}`,
      },
    ];
  }
  const version = /pdfxid:GTS_PDFXVersion(?:>|="|\s*=\s*")([^<"]+)/.exec(xmp)?.[1]?.trim();
  if (version !== rules.standard) {
    return [
      {
        severity: 'error',
        code: 'preflight/xmp',
        message: `XMP metadata identifies ${version ? `"${version}"` : 'no PDF/X version'}, not ${rules.standard}`,
        hint: `build with print.target: ${rules.name}`,
      },
    ];
  }
  return [];
}
